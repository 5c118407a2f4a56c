package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/stats"
	"github.com/gutcount/gutcount/count/table"
)

// CompareOptions are the inputs of gutcount compare.
type CompareOptions struct {
	G      *Globals
	A, B   string
	Text   TextFlags
	Top    int
	Min    int64
	Both   bool
	Format string
	Stop   string
}

// NewCmdCompare returns the compare command; runF replaces compareRun in
// tests.
func NewCmdCompare(g *Globals, runF func(context.Context, *CompareOptions) error) *cobra.Command {
	opts := &CompareOptions{G: g}
	cmd := &cobra.Command{
		Use:   "compare A B",
		Short: "The words overused in A compared with B (keyness, by log-likelihood G²)",
		Long: `compare lists the words relatively more frequent in A than in B, by Dunning's
log-likelihood G² descending: the word, its count in A and in B, its rate per
million tokens in each, and G² (above 3.84 the difference is significant at
p < 0.05, above 6.63 at p < 0.01, above 15.13 at p < 0.0001). --both adds the
words overused in B after them. A and B are each a SOURCE, several joined
with commas, or a frequency file (any of freq's formats, such as a batch's
freq.txt).`,
		Example: `  gutcount compare -n --top 20 2701 1342
  gutcount compare -n --stop en --both --top 10 2701 1342,11
  gutcount freq -n 1342 11 > others.txt && gutcount compare -n --min 5 --format csv 2701 others.txt`,
		ValidArgsFunction: completeSources(g),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usagef("compare takes two arguments, A and B (each a SOURCE, SOURCE,SOURCE… or a frequency file)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.A, opts.B = args[0], args[1]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return compareRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.Top, "top", 0, "only the `N` words of highest G² (0: all), on each side with --both")
	f.Int64Var(&opts.Min, "min", 0, "only words that occur at least `N` times in A and B together")
	f.BoolVar(&opts.Both, "both", false, "also list the words overused in B, after those of A")
	formatFlag(cmd, &opts.Format, "the table", allFormats...)
	registerStop(f, &opts.Stop, "leave out stop words")
	opts.Text.register(cmd)
	return cmd
}

// keyRow is a row of compare's output.
type keyRow = stats.KeyRow

func compareRun(ctx context.Context, opts *CompareOptions) error {
	if err := checkFormat(opts.Format, "compare", allFormats...); err != nil {
		return usagef("%v", err)
	}
	if opts.Top < 0 || opts.Min < 0 {
		return usagef("--top and --min take a number of 0 or more")
	}
	o := opts.Text.options()
	stops, err := loadStop(opts.Stop, o)
	if err != nil {
		return err
	}
	var sides [2][]count.Row
	for k, arg := range []string{opts.A, opts.B} {
		t, err := compareSide(ctx, opts, arg, o)
		if err != nil {
			return err
		}
		sides[k] = stops.Drop(t.Sorted())
		if len(sides[k]) == 0 {
			return usagef("%s has no tokens to compare", clean(arg))
		}
	}
	warnCountedApart(opts, sides)
	overA, overB := stats.Keyness(sides[0], sides[1])
	rows := stats.KeyRows(overA, overB, opts.Top, opts.Min, opts.Both)
	return writeKeyness(opts.G.IO.Out, opts.Format, rows)
}

// warnCountedApart says on stderr, in one line, when A and B look counted
// differently (a table made with freq -n against a book counted without
// -n): their differences are then mostly case and punctuation.
func warnCountedApart(opts *CompareOptions, sides [2][]count.Row) {
	a, okA := stats.Looks(sides[0])
	b, okB := stats.Looks(sides[1])
	if !okA || !okB || a == b {
		return
	}
	names := [2]string{clean(opts.A), clean(opts.B)}
	var why []string
	if a.Folded != b.Folded {
		with, without := names[0], names[1]
		if a.Folded {
			with, without = without, with
		}
		why = append(why, fmt.Sprintf("%s has capital letters and %s none (-i)", with, without))
	}
	if a.Trimmed != b.Trimmed {
		with, without := names[0], names[1]
		if a.Trimmed {
			with, without = without, with
		}
		why = append(why, fmt.Sprintf("%s has words with punctuation at an end and %s none (-p)", with, without))
	}
	fmt.Fprintf(opts.G.IO.Err, "gutcount: warning: A and B were counted differently: %s; count both alike, e.g. a table made with freq -n and compare -n\n", strings.Join(why, ", "))
}

// compareSide counts one side: sources and frequency files joined by
// commas (a whole argument that names a file is one file, commas or not).
func compareSide(ctx context.Context, opts *CompareOptions, arg string, o count.Options) (*count.Table, error) {
	parts := strings.Split(arg, ",")
	if _, err := os.Stat(arg); err == nil {
		parts = []string{arg}
	}
	total := count.NewTable()
	l, err := opts.G.Library()
	if err != nil {
		return nil, err
	}
	for _, p := range parts {
		if p == "" {
			return nil, usagef("%q: an empty SOURCE between commas", arg)
		}
		if _, ok, _ := table.SniffFile(p); ok {
			// Words normalised as o says: a file counted without -i
			// merges its cases under compare -i.
			if err := addFreqFile(ctx, "compare", total, p, nil, o.Normalize); err != nil {
				return nil, err
			}
			continue
		}
		srcs, err := parseSources([]string{p})
		if err != nil {
			return nil, err
		}
		tx, err := l.OpenText(ctx, srcs[0], opts.Text.text())
		if err != nil {
			return nil, sourceError(srcs[0], err)
		}
		t, err := tx.Freq(o)
		tx.Close()
		if err != nil {
			return nil, sourceError(srcs[0], err)
		}
		total.Merge(t)
	}
	return total, nil
}

// writeKeyness writes the rows in format: a header line in every format
// but json and jsonl.
func writeKeyness(w io.Writer, format string, rows []keyRow) error {
	head := []string{"word", "count_a", "count_b", "per_million_a", "per_million_b", "g2", "overused"}
	cells := func(i int) []string {
		r := rows[i]
		return []string{r.Word, strconv.FormatInt(r.A, 10), strconv.FormatInt(r.B, 10),
			strconv.FormatFloat(r.RateA, 'f', 2, 64), strconv.FormatFloat(r.RateB, 'f', 2, 64),
			strconv.FormatFloat(r.G2, 'f', 2, 64), r.Overused}
	}
	return table.WriteColumns(w, format, head, len(rows), cells, func(i int) any { return rows[i] })
}
