package main

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/colloc"
	"github.com/gutcount/gutcount/count/stop"
	"github.com/gutcount/gutcount/count/table"
)

// CollocationsOptions are the inputs of gutcount collocations.
type CollocationsOptions struct {
	G       *Globals
	Sources []string
	Text    TextFlags
	Top     int
	Window  int
	Min     int64
	Stop    string
	Format  string
}

// NewCmdCollocations returns the collocations command; runF replaces
// collocationsRun in tests.
func NewCmdCollocations(g *Globals, runF func(context.Context, *CollocationsOptions) error) *cobra.Command {
	opts := &CollocationsOptions{G: g}
	cmd := &cobra.Command{
		Use:   "collocations [SOURCE...]",
		Short: "Pairs of words seen together more often than chance (NLTK's text.collocations())",
		Long: `collocations lists the pairs of words that occur together more often than
their frequencies predict, as NLTK's Text.collocation_list: a word and one of
the --window - 1 tokens after it, seen at least --min times, neither shorter
than 3 characters nor a stop word (compared in lower case), ranked by Dunning's
log-likelihood ratio (NLTK's BigramAssocMeasures.likelihood_ratio), ties by
the pair. Several sources are read as one text; standard input without SOURCE.`,
		Example: `  gutcount collocations -p 2701
  gutcount collocations --top 5 --window 3 -n 2701
  gutcount collocations --format json --stop none testdata/sample/whale-primer.txt`,
		ValidArgsFunction: completeSources(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Sources = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return collocationsRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().IntVar(&opts.Top, "top", 20, "only the `N` best pairs (0: all)")
	cmd.Flags().IntVar(&opts.Window, "window", 2, "pair a word with the next `W`-1 tokens")
	cmd.Flags().Int64Var(&opts.Min, "min", 2, "only pairs seen at least `N` times")
	cmd.Flags().StringVar(&opts.Stop, "stop", "en", "leave out pairs with a stop word of a language ("+strings.Join(stop.Languages(), ", ")+") or of a FILE with one word a line (`LANG|FILE`, compared in lower case; none: keep them)")
	formatFlag(cmd, &opts.Format, "the pairs", allFormats...)
	opts.Text.register(cmd)
	return cmd
}

func collocationsRun(ctx context.Context, opts *CollocationsOptions) error {
	if err := checkFormat(opts.Format, "collocations", allFormats...); err != nil {
		return err
	}
	if opts.Top < 0 || opts.Min < 0 {
		return usagef("--top and --min take a number of 0 or more")
	}
	if opts.Window < 2 {
		return usagef("--window takes a number of 2 or more")
	}
	var stops *stop.List
	if opts.Stop != "none" {
		l, err := loadStop(opts.Stop, count.Options{IgnoreCase: true})
		if err != nil {
			return err
		}
		stops = l
	}
	text, err := readText(ctx, opts.G, opts.Sources, opts.Text)
	if err != nil {
		return err
	}
	rows, err := text.Collocations(colloc.CollocationOptions{Window: opts.Window, Min: opts.Min, Stop: stops, Top: opts.Top})
	if err != nil {
		return err
	}
	return table.WriteRecords(opts.G.IO.Out, opts.Format, []string{"word1", "word2", "count", "score"}, rows,
		func(c colloc.Collocation, text bool) []string {
			return []string{c.Words[0], c.Words[1], strconv.FormatInt(c.Count, 10), formatScore(c.Score, text)}
		})
}

// readText reads the sources into one text for the collocation tools.
func readText(ctx context.Context, g *Globals, args []string, tf TextFlags) (*colloc.Text, error) {
	srcs, err := parseSources(args)
	if err != nil {
		return nil, err
	}
	lib, err := g.Library()
	if err != nil {
		return nil, err
	}
	text, err := lib.Tokens(ctx, srcs, tf.text(), tf.options())
	var se *corpus.SourceError
	if errors.As(err, &se) {
		return nil, sourceError(se.Source, se.Err)
	}
	return text, err
}

// formatScore writes a score with 4 decimals for people, else in full.
func formatScore(s float64, text bool) string {
	if text {
		return strconv.FormatFloat(s, 'f', 4, 64)
	}
	return strconv.FormatFloat(s, 'g', -1, 64)
}
