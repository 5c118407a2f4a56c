package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/gutenberg"
	"github.com/gutcount/gutcount/fetch"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.2.0-dev"

// IOStreams are the standard streams of a run, injected so that tests use
// buffers.
type IOStreams struct {
	In     io.Reader // standard input
	Out    io.Writer // results
	Err    io.Writer // progress, hints and errors
	ErrTTY bool      // whether Err is a terminal: progress bars only then
	InTTY  bool      // whether In is a terminal (whose echo ends a prompt's line)
	Width  int       // columns of the terminal Out is, 0 when unknown (80)
}

func (io *IOStreams) width() int {
	if io.Width > 0 {
		return io.Width
	}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 80
}

// Globals are the flags every command shares, and what is built from them.
type Globals struct {
	IO       *IOStreams
	CacheDir string
	Mirror   string
	NoCache  bool
	Refresh  bool
	Quiet    bool
	Verbose  bool
	Retries  int
	Timeout  time.Duration
	MaxWait  time.Duration
	Deadline time.Duration
	MaxSize  string
	Rate     time.Duration

	tuneFetch func(*fetch.Options) // see execute
}

// Execute runs gutcount with args and returns the exit code.
func Execute(ctx context.Context, ios *IOStreams, args []string) int {
	return execute(ctx, ios, args, nil)
}

// execute is Execute; tune, when not nil, adjusts the download options of
// every command (the tests make retries fast with it).
func execute(ctx context.Context, ios *IOStreams, args []string, tune func(*fetch.Options)) int {
	// A command that forgets to check a write to standard output (a full
	// disk, /dev/full) still fails: the first write error is kept.
	out := &checkedWriter{w: ios.Out}
	streams := *ios
	streams.Out = out
	ios = &streams
	g := &Globals{IO: ios, tuneFetch: tune}
	root := NewCmdRoot(g)
	if len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
		plainFlagHelp(root)
	}
	args = commandFirst(root, args)
	root.SetArgs(args)
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.Err)
	err := unknownCommand(root, args)
	if err == nil {
		err = root.ExecuteContext(ctx)
	}
	if err == nil && out.err != nil {
		err = &exitError{code: exitIO, err: out.err}
		reportError(ios.Err, out.err)
	}
	if ctx.Err() != nil && !errors.Is(err, context.Canceled) {
		// Interrupted as it ended: what it wrote or found may be
		// partial (a count of a stream cut short finds nothing).
		err = ctx.Err()
	}
	code := exitCode(ctx, err)
	var reported *exitError
	if code == exitInterrupted {
		fmt.Fprintln(ios.Err, "gutcount: "+interruptedText(err))
	} else if err != nil && code != exitNoMatch && !errors.As(err, &reported) {
		reportError(ios.Err, err)
	}
	return code
}

// checkedWriter passes writes on and keeps the first error.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	if err != nil {
		c.err = err
	}
	return n, err
}

// NewCmdRoot returns the gutcount command with every subcommand.
func NewCmdRoot(g *Globals) *cobra.Command {
	root := &cobra.Command{
		Use:   "gutcount",
		Short: "Count words in Project Gutenberg books",
		Long: `gutcount downloads Project Gutenberg books (by ID or URL) into a local corpus,
leaves out their Gutenberg header and footer, and counts words or reports word
frequencies. A SOURCE is - (standard input), a local file, a Gutenberg ID or an
http(s) URL. The download and corpus flags go before or after the command.
README.md is the manual.`,
		Example: `  gutcount count whale 2701
  gutcount count -n whale testdata/sample/whale-primer.txt
  gutcount freq --top 10 -n 1342
  gutcount corpus search moby dick
  gutcount fetch 2701 1342`,
		Version:       version,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return checkGlobals(cmd)
		},
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		msg := err.Error()
		var ne *pflag.NotExistError
		if errors.As(err, &ne) && ne.GetSpecifiedName() == "V" {
			msg += "; --version prints the version"
		}
		if n, ok := negativeNumber(err); ok {
			msg += fmt.Sprintf("; a negative number is read as flags: put -- before it (-- %s)", n)
		}
		return &usageError{msg + " (see " + c.CommandPath() + " --help)"}
	})
	root.SetUsageFunc(writeUsage(g))
	root.Flags().Bool("version", false, "print the version")
	addGlobalFlags(root, g)
	root.AddCommand(
		usesGlobals(NewCmdCount(g, nil), globalsDownload),
		usesGlobals(NewCmdFreq(g, nil), globalsDownload),
		usesGlobals(NewCmdKwic(g, nil), globalsDownload),
		usesGlobals(NewCmdWhere(g, nil), globalsDownload),
		usesGlobals(NewCmdCompare(g, nil), globalsDownload),
		usesGlobals(NewCmdCollocations(g, nil), globalsDownload),
		usesGlobals(NewCmdSimilar(g, nil), globalsDownload),
		usesGlobals(NewCmdContexts(g, nil), globalsDownload),
		usesGlobals(NewCmdServe(g, nil), globalsDownload),
		usesGlobals(NewCmdFetch(g, nil), globalsDownload),
		usesGlobals(NewCmdBatch(g, nil), globalsDownload),
		usesGlobals(NewCmdMerge(g, nil), globalsQuiet),
		NewCmdTFIDF(g, nil),
		NewCmdRank(g, nil),
		usesGlobals(NewCmdCorpus(g), globalsDownload),
		NewCmdSalary(g, nil),
	)
	strictHelpAndCompletion(root)
	registerRootSwitches(root)
	return root
}

// addGlobalFlags adds the flags every command shares to root, into g.
func addGlobalFlags(root *cobra.Command, g *Globals) {
	f := root.PersistentFlags()
	f.StringVar(&g.CacheDir, "cache-dir", "", "keep the corpus in `DIR` (default $GUTCOUNT_CACHE_DIR, else the user cache directory/gutcount)")
	f.StringVar(&g.Mirror, "mirror", "", "fetch Gutenberg IDs from the mirror at `URL` (default $GUTCOUNT_MIRROR, else "+corpus.DefaultMirror+")")
	f.BoolVar(&g.NoCache, "no-cache", false, "neither read nor write the corpus")
	f.BoolVar(&g.Refresh, "refresh", false, "revalidate stored books with the server (conditional GET)")
	f.BoolVarP(&g.Quiet, "quiet", "q", false, "only errors on stderr: no progress bars, retry or waiting notes, batch summaries")
	f.BoolVarP(&g.Verbose, "verbose", "v", false, "also print each request on stderr")
	f.IntVar(&g.Retries, "retries", 5, "retry a failed download `N` times")
	f.DurationVar(&g.Timeout, "timeout", 30*time.Second, "wait at most `D` for the response headers of each attempt, and for more of a body; a body slower than 1 KiB/s over D is resumed")
	f.DurationVar(&g.Deadline, "deadline", time.Hour, "give up a download, its retries included, after `D`")
	f.DurationVar(&g.MaxWait, "max-wait", 60*time.Second, "honour a Retry-After of at most `D`")
	f.StringVar(&g.MaxSize, "max-size", "512MiB", "refuse downloads larger than `SIZE` (KiB, MiB, GiB, KB, MB, GB)")
	f.DurationVar(&g.Rate, "rate", 2*time.Second, "leave at least `D` between requests to gutenberg.org hosts")
	_ = root.MarkPersistentFlagDirname("cache-dir")
	for _, name := range []string{"mirror", "retries", "timeout", "deadline", "max-wait", "max-size", "rate"} {
		_ = root.RegisterFlagCompletionFunc(name, cobra.NoFileCompletions)
	}
}

// Library builds the source opener from the global flags.
func (g *Globals) Library() (*corpus.Library, error) {
	st, err := g.store()
	if err != nil {
		return nil, err
	}
	mirror, err := checkMirror(g.Mirror)
	if err != nil {
		return nil, err
	}
	c, err := g.Client()
	if err != nil {
		return nil, err
	}
	return &corpus.Library{
		Store:   st,
		Client:  c,
		Mirror:  mirror,
		Stdin:   g.IO.In,
		Refresh: g.Refresh,
		NoCache: g.NoCache,
		Note:    onceEach(g.IO.Err),
	}, nil
}

// onceEach returns a corpus.Library's Note that writes each note to w
// once, however often a source is opened (count's hint opens it again).
func onceEach(w io.Writer) func(corpus.Source, error) {
	var mu sync.Mutex
	seen := map[string]bool{}
	return func(src corpus.Source, note error) {
		line := "gutcount: " + noteText(src, note)
		mu.Lock()
		defer mu.Unlock()
		if !seen[line] {
			seen[line] = true
			fmt.Fprintln(w, line)
		}
	}
}

// noteText words a note of the library on src, for one line of stderr.
func noteText(src corpus.Source, note error) string {
	var ue *gutenberg.UnknownEncodingError
	if errors.As(note, &ue) {
		return oneLine(fmt.Sprintf("%s: unknown declared encoding %q, read as UTF-8 or Windows-1252 as its bytes show (--encoding NAME to choose)", src.Arg, ue.Label))
	}
	return oneLine(src.Arg + ": " + note.Error())
}

// Client builds the download client from the global flags.
func (g *Globals) Client() (*fetch.Client, error) {
	size, err := fetch.ParseSize(g.MaxSize)
	if err != nil {
		return nil, usagef("--max-size: %v", err)
	}
	switch {
	case g.Retries < 0:
		return nil, usagef("--retries must be 0 or more")
	case g.Timeout <= 0:
		return nil, usagef("--timeout takes a duration of more than 0, such as 30s")
	case g.MaxWait <= 0:
		return nil, usagef("--max-wait takes a duration of more than 0, such as 30s")
	case g.Deadline <= 0:
		return nil, usagef("--deadline takes a duration of more than 0, such as 1h")
	case g.Rate < 0:
		return nil, usagef("--rate takes a duration of 0 (no spacing) or more, such as 2s")
	}
	retries := g.Retries
	if retries == 0 {
		retries = -1
	}
	o := fetch.Options{
		Retries:     retries,
		Timeout:     g.Timeout,
		IdleTimeout: g.Timeout,
		SpeedTime:   g.Timeout,
		Deadline:    g.Deadline,
		MaxWait:     g.MaxWait,
		MaxSize:     size,
		Rate:        corpus.PoliteRate(g.Rate),
		UserAgent:   "gutcount/" + version + " (+https://github.com/gutcount/gutcount)",
		Hint:        downloadHint,
	}
	t := newConsole(g.IO.Err, g.IO.width())
	if !g.Quiet || g.Verbose {
		o.OnRetry = t.retry
	}
	if g.Verbose {
		o.Log = t.note
	}
	if g.IO.ErrTTY && !g.Quiet {
		o.Progress = t.progress
	}
	if g.tuneFetch != nil {
		g.tuneFetch(&o)
	}
	return fetch.New(o), nil
}

// interruptedText says what an interruption (Ctrl-C, SIGTERM) left: a
// download's .part is kept; anything else was only reading.
func interruptedText(err error) string {
	if errors.As(err, new(*fetch.Error)) {
		return "interrupted (a partial download is kept and resumes next time)"
	}
	var i *interruption
	if errors.As(err, &i) {
		return "interrupted (" + i.note + ")"
	}
	return "interrupted"
}

// interruption is an interrupted command that says what it leaves.
type interruption struct {
	note string
	err  error
}

func (i *interruption) Error() string { return i.err.Error() }
func (i *interruption) Unwrap() error { return i.err }
