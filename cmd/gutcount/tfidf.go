package main

import (
	"cmp"
	"context"
	"errors"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus/job"
	"github.com/gutcount/gutcount/count/table"
)

// TFIDFOptions are the inputs of gutcount tfidf.
type TFIDFOptions struct {
	G      *Globals
	Run    string
	Top    int
	Format string
}

// NewCmdTFIDF returns the tfidf command; runF replaces tfidfRun in tests.
func NewCmdTFIDF(g *Globals, runF func(context.Context, *TFIDFOptions) error) *cobra.Command {
	opts := &TFIDFOptions{G: g}
	cmd := &cobra.Command{
		Use:   "tfidf RUN",
		Short: "Each book's most distinctive words in a batch run, by tf-idf",
		Long: `tfidf reads the tables of a batch run with --freq --table parquet (RUN is its
folder or its counts.parquet) and prints each book's top words by tf-idf, as
tidytext's bind_tf_idf: tf = count / the book's tokens, idf = ln(books in the
run / books using the word), tf_idf = tf x idf. Nothing is counted again.`,
		Example: `  gutcount batch testdata/sample/list.txt -n -w whale --freq --table parquet -q --out run5
  gutcount tfidf --top 3 run5`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("tfidf takes one RUN (a batch folder or its counts.parquet)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Run = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return tfidfRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().IntVar(&opts.Top, "top", 10, "the `N` top words of each book (0: all)")
	formatFlag(cmd, &opts.Format, "the rows", answerFormats...)
	return cmd
}

func tfidfRun(ctx context.Context, opts *TFIDFOptions) error {
	header := []string{"item", "gutenberg_id", "title", "word", "count", "tf", "idf", "tf_idf"}
	return answer(ctx, opts.G, "tfidf", opts.Run, opts.Format, opts.Top, header,
		func(r *job.RunTables) ([]job.TFIDFRow, error) { return r.TFIDF(ctx, opts.Top) },
		func(r job.TFIDFRow, _ bool) []string {
			return []string{itoa(r.Item), idString(r.ID), r.Title, r.Word, itoa(r.Count), ftoa(r.TF), ftoa(r.IDF), ftoa(r.TFIDF)}
		})
}

// answerFormats are the formats of tfidf and rank, tsv first.
var answerFormats = []string{"tsv", "csv", "json", "jsonl", "text"}

// answer checks the flags of a question to a run (tfidf, rank), opens the
// run, asks it, and writes the rows, stopping with ctx's error once ctx is
// done (a large --top 0 table is not written to its end after Ctrl-C).
func answer[T any](ctx context.Context, g *Globals, view, run, format string, top int, header []string, ask func(*job.RunTables) ([]T, error), fields func(T, bool) []string) error {
	if err := checkFormat(format, view, answerFormats...); err != nil {
		return err
	}
	if top < 0 {
		return usagef("--top takes a number of 0 or more")
	}
	r, err := openRun(run)
	if err != nil {
		return err
	}
	defer r.Close()
	rows, err := ask(r)
	if err != nil {
		return err
	}
	if err := writeRecords(table.ContextWriter(ctx, g.IO.Out), format, header, rows, fields); err != nil {
		return cmp.Or(ctx.Err(), err)
	}
	return ctx.Err()
}

// openRun opens a run's tables, wording a run without them.
func openRun(path string) (*job.RunTables, error) {
	r, err := job.OpenRun(path)
	var none *job.NoCountsError
	switch {
	case errors.As(err, &none) && none.Table != "":
		return nil, usagef("%v: convert its tables without counting again: gutcount merge --table parquet %s", err, none.Run)
	case errors.As(err, &none):
		return nil, usagef("%v: run the batch again with --freq --table parquet", err)
	case errors.As(err, new(*job.NotRunError)):
		return nil, usagef("%v", err)
	}
	return r, err
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// ftoa writes a float at full precision (the shortest that reads back).
func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func idString(id *int64) string {
	if id == nil {
		return ""
	}
	return itoa(*id)
}
