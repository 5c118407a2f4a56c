package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/count"
)

// FreqOptions are the inputs of gutcount freq.
type FreqOptions struct {
	G       *Globals
	Sources []string
	Text    TextFlags
	Top     int
	Min     int64
	Format  string
}

// NewCmdFreq returns the freq command; runF replaces freqRun in tests.
func NewCmdFreq(g *Globals, runF func(context.Context, *FreqOptions) error) *cobra.Command {
	opts := &FreqOptions{G: g}
	cmd := &cobra.Command{
		Use:   "freq [SOURCE...]",
		Short: "Word frequencies of books (standard input without SOURCE)",
		Example: `  gutcount freq --top 10 -n 2701
  gutcount freq -i --raw < kjvbible.txt
  gutcount freq --format csv --min 5 testdata/sample/alice-ch1.txt`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Sources = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return freqRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().IntVar(&opts.Top, "top", 0, "only the N most frequent words (0: all)")
	cmd.Flags().Int64Var(&opts.Min, "min", 0, "only words that occur at least N times")
	cmd.Flags().StringVar(&opts.Format, "format", "text", "output format: text, tsv, csv, json or jsonl")
	opts.Text.register(cmd.Flags())
	return cmd
}

func freqRun(ctx context.Context, opts *FreqOptions) error {
	if err := count.CheckFormat(opts.Format); err != nil {
		return usagef("%v", err)
	}
	if opts.Top < 0 || opts.Min < 0 {
		return usagef("--top and --min take a number of 0 or more")
	}
	srcs, err := parseSources(opts.Sources)
	if err != nil {
		return err
	}
	lib, err := opts.G.Library()
	if err != nil {
		return err
	}
	o := opts.Text.options()
	var total *count.Table
	for _, src := range srcs {
		tx, err := openText(ctx, lib, src, &opts.Text, false)
		if err != nil {
			return fmt.Errorf("%s: %w", src.Arg, err)
		}
		t, err := tx.freq(o)
		tx.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", src.Arg, err)
		}
		if total == nil {
			total = t
		} else {
			total.Merge(t)
		}
	}
	rows := filterRows(total.Sorted(), opts.Top, opts.Min)
	return count.WriteRows(opts.G.IO.Out, opts.Format, rows)
}

// filterRows keeps the rows with at least min occurrences, at most top.
func filterRows(rows []count.Row, top int, min int64) []count.Row {
	if min > 0 {
		n := 0
		for n < len(rows) && rows[n].Count >= min {
			n++
		}
		rows = rows[:n]
	}
	if top > 0 && len(rows) > top {
		rows = rows[:top]
	}
	return rows
}
