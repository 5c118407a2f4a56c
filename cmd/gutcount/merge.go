package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/corpus/job"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/table"
)

// MergeOptions are the inputs of gutcount merge.
type MergeOptions struct {
	G        *Globals
	Files    []string
	Top      int
	Min      int64
	Format   string
	Partial  bool
	FailedOK bool
	Table    string
}

// NewCmdMerge returns the merge command; runF replaces mergeRun in tests.
func NewCmdMerge(g *Globals, runF func(context.Context, *MergeOptions) error) *cobra.Command {
	opts := &MergeOptions{G: g}
	cmd := &cobra.Command{
		Use:   "merge FILE... | merge OUTDIR",
		Short: "Sum frequency tables into one, or join the shards of a batch",
		Long: `merge FILE... sums frequency tables (any of freq's formats) into one, on
standard output; a FILE of - is standard input. merge OUTDIR joins the shards of a batch run with --out OUTDIR
into what one unsharded run writes there: results.jsonl in list order and, for a
--freq batch, the merged frequencies. It refuses (exit 4) while a shard is
missing, still running or has items not run, unless --partial.`,
		Example: `  gutcount freq -n testdata/sample/whale-primer.txt > a.txt
  gutcount freq -n --format csv testdata/sample/sea-primer.txt > b.csv
  gutcount merge --top 5 a.txt b.csv
  for k in 1 2 3; do gutcount batch testdata/sample/list.txt -n -w whale --freq --shard $k/3 --out run2; done
  gutcount merge run2`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("merge needs at least one FILE")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return mergeRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().IntVar(&opts.Top, "top", 0, "only the `N` most frequent words (0: all)")
	cmd.Flags().Int64Var(&opts.Min, "min", 0, "only words that occur at least `N` times")
	formatFlag(cmd, &opts.Format, "the merged table", allFormats...)
	cmd.Flags().BoolVar(&opts.Partial, "partial", false, "with OUTDIR: merge what is done even if shards are missing or incomplete")
	cmd.Flags().StringVar(&opts.Table, "table", "", "with OUTDIR: write the tables counts and books as `FORMAT` (parquet, csv, tsv; default: as the shards did)")
	cmd.Flags().BoolVar(&opts.FailedOK, "failed-ok", false, "with OUTDIR: exit 0 even when some items failed")
	return cmd
}

// isDir reports whether path is a directory.
func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// mergeDir joins the shards of the batch in opts.Files[0].
func mergeDir(ctx context.Context, opts *MergeOptions) error {
	if opts.Top != 0 || opts.Min != 0 {
		return usagef("--top and --min take frequency files, not a batch folder")
	}
	if err := job.CheckTableFormat(opts.Table); err != nil {
		return err
	}
	// The heap grows from nothing to a few times the vocabulary (tens of
	// MB): at Go's default it is collected six times in a merge of 8
	// shards of 400 books, at five times what is live about three. 94.8 ->
	// 88.9 ms, 60 alternating runs (README).
	defer collectAt(os.Getenv, 400)()
	res, err := job.Merge(ctx, opts.Files[0], job.MergeConfig{Partial: opts.Partial, Format: opts.Format, Table: opts.Table})
	var inc *batch.IncompleteError
	switch {
	case errors.As(err, &inc):
		reportError(opts.G.IO.Err, err)
		return &exitError{code: exitBatchFailed, err: err}
	case err != nil:
		return err
	}
	printSummary(opts.G, "merge", res)
	if res.Summary.Failed > 0 && !opts.FailedOK {
		return &exitError{code: exitBatchFailed, err: errors.New("some items failed")}
	}
	return nil
}

func mergeRun(ctx context.Context, opts *MergeOptions) error {
	if err := checkFormat(opts.Format, "merge", allFormats...); err != nil {
		return err
	}
	if opts.Top < 0 || opts.Min < 0 {
		return usagef("--top and --min take a number of 0 or more")
	}
	if len(opts.Files) == 1 && isDir(opts.Files[0]) {
		return mergeDir(ctx, opts)
	}
	if i := slices.Index(opts.Files, "-"); i >= 0 && slices.Contains(opts.Files[i+1:], "-") {
		return usagef("merge: - (standard input) is given twice; it can be read once")
	}
	total := count.NewTable()
	for _, name := range opts.Files {
		if err := addFreqFile(ctx, "merge", total, name, opts.G.IO.In, nil); err != nil {
			return err
		}
	}
	if err := table.WriteRows(opts.G.IO.Out, opts.Format, count.TopRows(total.Sorted(), opts.Top, opts.Min)); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	return nil
}

// addFreqFile adds the frequency table in file name (stdin for -, when
// not nil) to t, each word through normalize when not nil
// (table.ReadFile: no total may overflow). A bad row is a usage error of
// cmd naming the file and the line; ctx stops it.
func addFreqFile(ctx context.Context, cmd string, t *count.Table, name string, stdin io.Reader, normalize func(dst, word []byte) []byte) error {
	if err := table.ReadFile(ctx, t, name, stdin, normalize); err != nil {
		if ctx.Err() != nil && err == ctx.Err() {
			return err
		}
		if errors.As(err, new(*fs.PathError)) && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: %w", cmd, err) // the file could not be read (exit 3), not a bad row
		}
		return usagef("%s: %v", cmd, err)
	}
	return nil
}
