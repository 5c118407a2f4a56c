package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/corpus/job"
	"github.com/gutcount/gutcount/internal/progress"
)

// BatchOptions are the inputs of gutcount batch.
type BatchOptions struct {
	G          *Globals
	List       string
	Words      []string
	Freq       bool
	Text       TextFlags
	Jobs       int
	Shard      string
	Out        string
	Journal    string
	SkipFailed bool
	FailedOK   bool
	Format     string
	Table      string
	Getenv     func(string) string
}

// NewCmdBatch returns the batch command; runF replaces batchRun in tests.
func NewCmdBatch(g *Globals, runF func(context.Context, *BatchOptions) error) *cobra.Command {
	opts := &BatchOptions{G: g, Getenv: os.Getenv}
	var retryFailed bool
	cmd := &cobra.Command{
		Use:   "batch LIST",
		Short: "Count words and frequencies over a list of books, resumably",
		Long: `batch reads LIST (a file, or - for standard input): one SOURCE a line, with
blank lines and # comments skipped and repeated lines taken once. Each book's
result is written to a journal as it finishes, so a batch that is killed
resumes where it stopped when run again. With --shard auto/N, the shard comes
from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID.`,
		Example: `  gutcount batch testdata/sample/list.txt -n -w whale --freq --out run1
  for k in 1 2 3; do gutcount batch testdata/sample/list.txt -n -w whale --freq --shard $k/3 --out run2; done
  gutcount batch testdata/sample/list.txt -n -w whale --freq --table parquet --out run5
  printf '2701\n1342\n' | gutcount batch - -w the --failed-ok --out run4
  JOB_COMPLETION_INDEX=1 gutcount batch testdata/sample/list.txt --freq --shard auto/2 --out run6`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("batch takes one LIST (a file, or - for standard input)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.List = args[0]
			if retryFailed && opts.SkipFailed {
				return usagef("--retry-failed and --skip-failed exclude each other")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return batchRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&opts.Words, "word", "w", nil, "a `WORD` to count in each book (repeat -w for several)")
	f.BoolVar(&opts.Freq, "freq", false, "write each book's frequencies and the merged frequencies of all")
	f.IntVarP(&opts.Jobs, "jobs", "j", 4, "process `N` books at once")
	f.StringVar(&opts.Shard, "shard", "1/1", "do only shard `K/N` of the list (1-based), or auto/N: K = task ID mod N + 1, the ID from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID")
	f.StringVar(&opts.Out, "out", "gutcount-batch", "write the results to `DIR`")
	f.StringVar(&opts.Journal, "journal", "", "keep the journal in `FILE` (default DIR/journal.jsonl, DIR/journal-K-of-N.jsonl for a shard)")
	f.BoolVar(&retryFailed, "retry-failed", false, "retry the items that failed in an earlier run (the default)")
	f.BoolVar(&opts.SkipFailed, "skip-failed", false, "do not retry the items that failed in an earlier run")
	f.BoolVar(&opts.FailedOK, "failed-ok", false, "exit 0 even when some items failed (they stay in the journal and the summary): for schedulers that retry a failed task")
	formatFlag(cmd, &opts.Format, "the frequencies", allFormats...)
	f.StringVar(&opts.Table, "table", "", "also write the tables counts and books for data tools, as `FORMAT`: parquet, csv or tsv")
	opts.Text.register(cmd)
	_ = cmd.RegisterFlagCompletionFunc("shard", completeShard)
	_ = cmd.MarkFlagDirname("out")
	return cmd
}

func batchRun(ctx context.Context, opts *BatchOptions) error {
	if err := checkFormat(opts.Format, "batch", allFormats...); err != nil {
		return err
	}
	if err := job.CheckTableFormat(opts.Table); err != nil {
		return err
	}
	if opts.Jobs < 1 {
		return usagef("-j must be 1 or more")
	}
	if opts.Out == "" {
		return usagef("--out is empty: name the folder of the results (default gutcount-batch)")
	}
	shard, err := batch.ParseShard(opts.Shard, opts.Getenv)
	if err != nil {
		return err
	}
	list, err := openList(opts)
	if err != nil {
		return err
	}
	defer list.Close()
	// The heap is small next to the books read (about 100 MB for 400 with
	// tables), and collecting at twice its live size ran seven times in a
	// 400-book run: at three times, the run takes 1-2% less time for 6-25%
	// more peak memory (README).
	defer collectAt(opts.Getenv, 200)()
	if opts.Getenv("GOMAXPROCS") == "" {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(job.Procs(opts.Jobs, runtime.GOMAXPROCS(0))))
	}
	lib, err := batchLibrary(opts.G)
	if err != nil {
		return err
	}
	o := opts.Text.options()
	books, err := job.NewBooks(lib, job.BookSettings{
		Words: opts.Words, Freq: opts.Freq, IgnoreCase: o.IgnoreCase, StripPunct: o.StripPunct,
		Raw: opts.Text.Raw, Encoding: opts.Text.Encoding,
	}, opts.Out)
	if err != nil {
		return err
	}
	bar := newItemsBar(opts.G, &books.Bytes)
	res, err := books.Run(ctx, job.RunConfig{
		Shard: shard, Jobs: opts.Jobs, Journal: opts.Journal, SkipFailed: opts.SkipFailed,
		Format: opts.Format, Table: opts.Table, Progress: bar.progress,
	}, list)
	bar.finish()
	if err != nil && ctx.Err() != nil {
		return &interruption{note: "finished items are in the journal: run the same command again to resume", err: err}
	}
	if err != nil {
		return err
	}
	if res.Summary.Listed == 0 {
		return usagef("the list %s has no sources (one ID, URL or file a line)", opts.List)
	}
	printSummary(opts.G, "batch", res)
	if res.Summary.Failed > 0 && !opts.FailedOK {
		return &exitError{code: exitBatchFailed, err: errors.New("some items failed")}
	}
	return nil
}

// openList opens the LIST of a batch (standard input for -, read whole)
// and refuses, before anything is written, one that is no list of sources:
// a directory, an empty file, a binary file, a book.
func openList(opts *BatchOptions) (io.ReadSeekCloser, error) {
	list, err := job.OpenList(opts.List, opts.G.IO.In)
	if err == nil {
		return list, nil
	}
	var oe *job.ListOpenError
	if errors.As(err, &oe) {
		if oe.Dir {
			return nil, usagef("the list %s is a directory: a LIST is a file with one Gutenberg ID, URL or file a line", opts.List)
		}
		return nil, usagef("cannot read the list: %v", oe.Err)
	}
	var le *batch.ListError
	if !errors.As(err, &le) {
		return nil, err
	}
	switch le.Problem {
	case batch.ListEmpty:
		return nil, usagef("the list %s has no sources (one Gutenberg ID, URL or file a line)", opts.List)
	case batch.ListBinary:
		return nil, usagef("the list %s is a binary file, not a list of sources (one Gutenberg ID, URL or file a line)", opts.List)
	}
	why := fmt.Sprintf("%q is no Gutenberg ID, URL or existing file", le.Text)
	var ie *batch.InvalidError
	if errors.As(le.Err, &ie) {
		why = ie.Msg // a FIFO, a device, standard input...
	}
	return nil, usagef("the list %s is not a list of sources: none of its first lines is one (line %d: %s); to count one book: gutcount freq FILE or gutcount count WORD FILE", opts.List, le.Line, why)
}

// printSummary tells on stderr what a batch or a merge did: a line of
// counts (not with -q), then its failures in list order.
func printSummary(g *Globals, what string, res *job.Result) {
	w := g.IO.Err
	s := res.Summary
	for _, n := range s.Notes {
		fmt.Fprintln(w, "gutcount: "+clean(n))
	}
	if !g.Quiet {
		where := "results in " + s.Results
		if res.Freq != "" {
			where += ", frequencies in " + res.Freq
		}
		if res.Books != "" {
			tables := []string{res.Books}
			for _, t := range []string{res.Counts, res.Words} {
				if t != "" {
					tables = append(tables, t)
				}
			}
			where += ", tables " + strings.Join(tables[:len(tables)-1], ", ")
			if len(tables) > 1 {
				where += " and "
			}
			where += tables[len(tables)-1]
		}
		done := fmt.Sprintf("%d done now, %d done before", s.DoneNow, s.DoneBefore)
		if what == "merge" {
			done = fmt.Sprintf("%d done", s.DoneBefore)
		}
		fmt.Fprintf(w, "gutcount: %s: %s: %s, %d failed; %s\n", what, plural(s.Items, "item"), done, s.Failed, clean(where))
	}
	for _, f := range s.Failures {
		reason := f.Reason
		if f.Earlier {
			reason += " (earlier run, --skip-failed)"
		}
		fmt.Fprintf(w, "  failed: %s: %s\n", clean(f.Item), clean(reason))
	}
	if more := s.Failed - len(s.Failures); more > 0 {
		fmt.Fprintf(w, "  … and %d more (see %s)\n", more, clean(s.Journal))
	}
}

// batchLibrary is the global library without per-download progress bars.
func batchLibrary(g *Globals) (*corpus.Library, error) {
	quiet := *g
	quiet.Quiet = true
	return quiet.Library()
}

// itemsBar is the overall progress of a batch, on a terminal only.
type itemsBar struct {
	g     *Globals
	b     *progress.Items
	bytes *atomic.Int64 // read so far, for MB/s
	start time.Time
}

func newItemsBar(g *Globals, bytes *atomic.Int64) *itemsBar {
	return &itemsBar{g: g, bytes: bytes, start: time.Now()}
}

func (b *itemsBar) progress(done, failed, todo int) {
	if !b.g.IO.ErrTTY || b.g.Quiet || todo == 0 {
		return
	}
	if b.b == nil {
		b.b = progress.NewConsole(b.g.IO.Err, b.g.IO.width()).Items("books", todo)
	}
	note := ""
	if secs := time.Since(b.start).Seconds(); secs > 0 {
		note = fmt.Sprintf("%.1f books/s, %.1f MB/s", float64(done)/secs, float64(b.bytes.Load())/1e6/secs)
	}
	if failed > 0 {
		note += fmt.Sprintf(" (%d failed)", failed)
	}
	b.b.Set(done, note)
}

func (b *itemsBar) finish() {
	if b.b != nil {
		b.b.Finish()
	}
}

// collectAt has Go collect garbage when the heap reaches 1+percent/100
// times what is live, unless the environment (getenv) sets GOGC, and
// returns what puts the setting back.
func collectAt(getenv func(string) string, percent int) (restore func()) {
	if getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(percent)
	return func() { debug.SetGCPercent(old) }
}
