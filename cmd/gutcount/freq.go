package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/stats"
	"github.com/gutcount/gutcount/count/table"
)

// FreqOptions are the inputs of gutcount freq.
type FreqOptions struct {
	G       *Globals
	Sources []string
	Text    TextFlags
	Top     int
	Min     int64
	Format  string
	Stats   bool
	Chart   bool
	Plot    string
	NGram   int    // count sequences of NGram tokens
	Stop    string // --stop LANG or FILE
	Lengths bool   // the distribution of token lengths instead of the table
	Hapaxes bool   // only the words that occur once
}

// NewCmdFreq returns the freq command; runF replaces freqRun in tests.
func NewCmdFreq(g *Globals, runF func(context.Context, *FreqOptions) error) *cobra.Command {
	opts := &FreqOptions{G: g}
	cmd := &cobra.Command{
		Use:   "freq [SOURCE...]",
		Short: "Word frequencies of books (standard input without SOURCE)",
		Example: `  gutcount freq --top 10 -n 2701
  gutcount freq -i --raw < testdata/sample/whale-primer.txt  # countwords' format
  gutcount freq --format csv --min 3 -n testdata/sample/whale-primer.txt
  gutcount freq --stats --chart --top 8 -n 2600
  gutcount freq --plot zipf.svg -n 2600 2701 1342
  gutcount freq --lengths -n 2701
  gutcount freq --hapaxes -n testdata/sample/whale-primer.txt`,
		ValidArgsFunction: completeSources(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Sources = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return freqRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().IntVar(&opts.Top, "top", 0, "only the `N` most frequent words (0: all)")
	cmd.Flags().Int64Var(&opts.Min, "min", 0, "only words that occur at least `N` times")
	formatFlag(cmd, &opts.Format, "the table or --stats", allFormats...)
	cmd.Flags().BoolVar(&opts.Stats, "stats", false, "print tokens, distinct tokens, hapax legomena, type/token ratio and the Zipf exponent instead of the table")
	cmd.Flags().BoolVar(&opts.Chart, "chart", false, "draw bars of the top words (--top, default 20) instead of the table")
	cmd.Flags().StringVar(&opts.Plot, "plot", "", "write rank against frequency (log-log, one series per source, with its fitted Zipf line) to `FILE` (.svg or .png) instead of the table")
	cmd.Flags().IntVar(&opts.NGram, "ngram", 1, "count sequences of `N` consecutive tokens (n-grams, written with one space between tokens)")
	cmd.Flags().BoolVar(&opts.Lengths, "lengths", false, "print how many tokens have each length in characters (NLTK's FreqDist(len(w) for w in text)) instead of the table")
	cmd.Flags().BoolVar(&opts.Hapaxes, "hapaxes", false, "only the words that occur once (NLTK's fdist.hapaxes())")
	registerStop(cmd.Flags(), &opts.Stop, "leave out stop words")
	opts.Text.register(cmd)
	_ = cmd.MarkFlagFilename("plot", "svg", "png")
	return cmd
}

func freqRun(ctx context.Context, opts *FreqOptions) error {
	if err := checkFreqFormat(opts); err != nil {
		return err
	}
	if opts.Top < 0 || opts.Min < 0 {
		return usagef("--top and --min take a number of 0 or more")
	}
	if err := checkNGram(opts.NGram); err != nil {
		return err
	}
	if opts.Plot != "" {
		if ext := strings.ToLower(filepath.Ext(opts.Plot)); ext != ".svg" && ext != ".png" {
			return usagef("--plot %q: the file must end in .svg or .png", opts.Plot)
		}
	}
	stops, err := loadStop(opts.Stop, opts.Text.options())
	if err != nil {
		return err
	}
	srcs, err := parseSources(opts.Sources)
	if err != nil {
		return err
	}
	lib, err := opts.G.Library()
	if err != nil {
		return err
	}
	fo := corpus.FreqOptions{Text: opts.Text.text(), Count: opts.Text.options(), NGram: opts.NGram}
	var perSource []series
	if opts.Plot != "" {
		fo.Each = func(src corpus.Source, tx *corpus.OpenedText, t *count.Table) error {
			perSource = append(perSource, series{Title: bookTitle(src, tx), Rows: stops.Drop(t.Sorted())})
			return nil
		}
	}
	total, err := lib.Freq(ctx, srcs, fo)
	var se *corpus.SourceError
	if errors.As(err, &se) {
		return sourceError(se.Source, se.Err)
	}
	if err != nil {
		return err
	}
	noteSkipped(opts.G, total.Skipped())
	all := stops.Drop(total.Sorted())
	if opts.Hapaxes {
		all = count.Hapaxes(all)
	}
	if opts.Lengths {
		return table.WriteRecords(opts.G.IO.Out, opts.Format, []string{"length", "count"}, count.Lengths(all),
			func(l count.Length, _ bool) []string {
				return []string{strconv.Itoa(l.Length), strconv.FormatInt(l.Count, 10)}
			})
	}
	if !opts.Stats && !opts.Chart && opts.Plot == "" {
		return table.WriteRows(opts.G.IO.Out, opts.Format, count.TopRows(all, opts.Top, opts.Min))
	}
	return writeFreqViews(opts, all, perSource)
}

// writeFreqViews writes what --stats, --chart and --plot ask for, in that
// order.
func writeFreqViews(opts *FreqOptions, all []count.Row, perSource []series) error {
	out := opts.G.IO.Out
	if opts.Stats {
		if err := writeStats(out, opts.Format, stats.Summarize(all)); err != nil {
			return err
		}
	}
	if opts.Chart {
		top := opts.Top
		if top == 0 {
			top = 20
		}
		if err := writeChart(out, count.TopRows(all, top, opts.Min), opts.G.IO.width()); err != nil {
			return err
		}
	}
	if opts.Plot != "" {
		if err := savePlot(opts.Plot, plotTitle(perSource, opts.Text), perSource); err != nil {
			return fmt.Errorf("--plot %s: %w", opts.Plot, err)
		}
		fmt.Fprintf(opts.G.IO.Err, "gutcount: wrote %s\n", opts.Plot)
	}
	return nil
}

// checkFreqFormat refuses a --format that a view asked for cannot print:
// the table and --stats take every format, --chart draws text, and
// --plot alone prints nothing a format could apply to.
func checkFreqFormat(opts *FreqOptions) error {
	if opts.Lengths && (opts.Stats || opts.Chart || opts.Plot != "" || opts.NGram > 1 || opts.Top > 0) {
		return usagef("--lengths prints a table of its own: it takes none of --stats, --chart, --plot, --ngram and --top")
	}
	if opts.Hapaxes && (opts.Stats || opts.Chart || opts.Plot != "") {
		return usagef("--hapaxes lists words: it takes none of --stats, --chart and --plot")
	}
	switch {
	case opts.Chart:
		return checkFormat(opts.Format, "freq --chart", "text")
	case opts.Plot != "" && !opts.Stats:
		if err := checkFormat(opts.Format, "freq --plot", "text"); err != nil {
			return usagef("%v: --plot writes its file and prints nothing", err)
		}
	}
	return checkFormat(opts.Format, "freq", allFormats...)
}

// writeStats prints the stats: text is a "name<TAB>value" line each;
// tsv and csv a header line (the JSON names, zipf flattened) and one row;
// json and jsonl one object, {"tokens","distinct","hapax_legomena",
// "type_token_ratio","zipf":{"exponent","log_c","ranks"}}, on one line.
func writeStats(w io.Writer, format string, s stats.Stats) error {
	switch format {
	case "json", "jsonl":
		return json.NewEncoder(w).Encode(s)
	case "tsv", "csv":
		f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
		return table.WriteTable(w, format,
			[]string{"tokens", "distinct", "hapax_legomena", "type_token_ratio", "zipf_exponent", "zipf_log_c", "zipf_ranks"},
			[][]string{{strconv.FormatInt(s.Tokens, 10), strconv.Itoa(s.Distinct), strconv.Itoa(s.Hapax), f(s.TTR), f(s.Zipf.Exponent), f(s.Zipf.Intercept), strconv.Itoa(s.Zipf.Ranks)}})
	}
	zipf := fmt.Sprintf("%.3f (ranks 1-%d)", s.Zipf.Exponent, s.Zipf.Ranks)
	if s.Zipf.Ranks < 2 {
		zipf = "none (fewer than 2 distinct words)"
	}
	_, err := fmt.Fprintf(w, "tokens\t%d\ndistinct\t%d\nhapax legomena\t%d\ntype/token ratio\t%.4f\nzipf exponent\t%s\n",
		s.Tokens, s.Distinct, s.Hapax, s.TTR, zipf)
	return err
}

// noteSkipped tells, on stderr, of the runs too long to be words that a
// count left out (count.MaxToken).
func noteSkipped(g *Globals, n int64) {
	if n == 0 || g.Quiet {
		return
	}
	runs := "run"
	if n > 1 {
		runs = "runs"
	}
	fmt.Fprintf(g.IO.Err, "gutcount: note: %d %s of %d MiB or more without white space skipped (binary data, not words)\n", n, runs, count.MaxToken>>20)
}
