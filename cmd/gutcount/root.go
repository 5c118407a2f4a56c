package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus"
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
	MaxSize  string
	Rate     time.Duration
}

// tuneFetch, when set, adjusts the download options of every command: the
// tests make backoff fast with it. It is nil in the program.
var tuneFetch func(*fetch.Options)

// Exit codes (DESIGN.md).
const (
	exitOK          = 0
	exitNoMatch     = 1
	exitUsage       = 2
	exitIO          = 3
	exitBatchFailed = 4
	exitInterrupted = 130
)

// errNoMatch is returned by count when no word occurred; it prints nothing.
var errNoMatch = errors.New("no occurrences")

// exitError carries the exit code of an error that was already reported.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &corpus.UsageError{Msg: fmt.Sprintf(format, args...)}
}

// Execute runs gutcount with args and returns the exit code.
func Execute(ctx context.Context, ios *IOStreams, args []string) int {
	g := &Globals{IO: ios}
	root := NewCmdRoot(g)
	root.SetArgs(args)
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.Err)
	err := root.ExecuteContext(ctx)
	code := exitCode(ctx, err)
	var reported *exitError
	if code == exitInterrupted {
		fmt.Fprintln(ios.Err, "gutcount: interrupted (a partial download is kept and resumes next time)")
	} else if err != nil && code != exitNoMatch && !errors.As(err, &reported) {
		reportError(ios.Err, err)
	}
	return code
}

// reportError prints err on w as gutcount's one-line error.
func reportError(w io.Writer, err error) {
	fmt.Fprintln(w, "gutcount: "+errorText(err))
}

// errorText is err as one line for the user, safe for a terminal, with
// what to do next where the error alone does not say it.
func errorText(err error) string {
	msg := oneLine(err.Error())
	var nf *corpus.NotFoundError
	switch {
	case errors.As(err, &nf):
		msg += "; to find a book's ID: gutcount corpus search WORDS OF ITS TITLE"
	}
	return clean(msg)
}

// sourceError names src in err, unless err names it already.
func sourceError(src corpus.Source, err error) error {
	if strings.Contains(err.Error(), src.Arg) {
		return err
	}
	return fmt.Errorf("%s: %w", src.Arg, err)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

// exitCode decides the exit code of err, in one place.
func exitCode(ctx context.Context, err error) int {
	var ee *exitError
	var ue *corpus.UsageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errNoMatch):
		return exitNoMatch
	case errors.As(err, &ee):
		return ee.code
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &ue):
		return exitUsage
	case isCobraUsage(err):
		return exitUsage
	}
	return exitIO
}

func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "invalid argument", "flag needs an argument", "accepts ", "requires at least", "bad flag syntax", "if any flags in the group"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

// NewCmdRoot returns the gutcount command with every subcommand.
func NewCmdRoot(g *Globals) *cobra.Command {
	root := &cobra.Command{
		Use:   "gutcount",
		Short: "Count words in Project Gutenberg books",
		Long: `gutcount downloads Project Gutenberg books (by ID or URL) into a local corpus,
leaves out their Gutenberg header and footer, and counts words or reports word
frequencies. A SOURCE is -, a local file, a Gutenberg ID or an http(s) URL.`,
		Version:       version,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &corpus.UsageError{Msg: err.Error() + " (see gutcount " + c.Name() + " --help)"}
	})
	f := root.PersistentFlags()
	f.StringVar(&g.CacheDir, "cache-dir", "", "corpus directory (default $GUTCOUNT_CACHE_DIR, else the user cache dir/gutcount)")
	f.StringVar(&g.Mirror, "mirror", "", "Gutenberg mirror for book IDs (default $GUTCOUNT_MIRROR, else "+corpus.DefaultMirror+")")
	f.BoolVar(&g.NoCache, "no-cache", false, "neither read nor write the corpus")
	f.BoolVar(&g.Refresh, "refresh", false, "revalidate stored books with the server (conditional GET)")
	f.BoolVarP(&g.Quiet, "quiet", "q", false, "no progress bars")
	f.BoolVarP(&g.Verbose, "verbose", "v", false, "print each retry and its reason on stderr")
	f.IntVar(&g.Retries, "retries", 5, "retries of a failed download")
	f.DurationVar(&g.Timeout, "timeout", 30*time.Second, "per attempt, until the response headers; also the idle limit of a body")
	f.DurationVar(&g.MaxWait, "max-wait", 60*time.Second, "longest Retry-After to honour")
	f.StringVar(&g.MaxSize, "max-size", "512MiB", "largest download accepted")
	f.DurationVar(&g.Rate, "rate", 2*time.Second, "least time between requests to gutenberg.org hosts")
	root.AddCommand(
		NewCmdCount(g, nil),
		NewCmdFreq(g, nil),
		NewCmdKwic(g, nil),
		NewCmdWhere(g, nil),
		NewCmdCompare(g, nil),
		NewCmdFetch(g, nil),
		NewCmdBatch(g, nil),
		NewCmdMerge(g, nil),
		NewCmdCorpus(g),
		NewCmdSalary(g, nil),
	)
	return root
}

// Library builds the source opener from the global flags.
func (g *Globals) Library() (*corpus.Library, error) {
	st, err := g.store()
	if err != nil {
		return nil, err
	}
	mirror := g.Mirror
	if mirror == "" {
		mirror = os.Getenv("GUTCOUNT_MIRROR")
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
	}, nil
}

// Client builds the download client from the global flags.
func (g *Globals) Client() (*fetch.Client, error) {
	size, err := parseSize(g.MaxSize)
	if err != nil {
		return nil, usagef("--max-size: %v", err)
	}
	if g.Retries < 0 {
		return nil, usagef("--retries must be 0 or more")
	}
	retries := g.Retries
	if retries == 0 {
		retries = -1
	}
	o := fetch.Options{
		Retries:     retries,
		Timeout:     g.Timeout,
		IdleTimeout: g.Timeout,
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
	if tuneFetch != nil {
		tuneFetch(&o)
	}
	return fetch.New(o), nil
}

// parseSize reads a byte count with an optional unit: 512MiB, 10MB, 4096.
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"b", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.m
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a size such as 512MiB", s)
	}
	return n * mult, nil
}

// parseSources parses every SOURCE argument; none means standard input.
func parseSources(args []string) ([]corpus.Source, error) {
	if len(args) == 0 {
		args = []string{"-"}
	}
	srcs := make([]corpus.Source, 0, len(args))
	for _, a := range args {
		s, err := corpus.ParseSource(a)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, s)
	}
	return srcs, nil
}
