package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus/job"
)

// RankOptions are the inputs of gutcount rank.
type RankOptions struct {
	G      *Globals
	Words  []string
	Run    string
	Top    int
	Format string
}

// NewCmdRank returns the rank command; runF replaces rankRun in tests.
func NewCmdRank(g *Globals, runF func(context.Context, *RankOptions) error) *cobra.Command {
	opts := &RankOptions{G: g}
	cmd := &cobra.Command{
		Use:   "rank WORD... RUN",
		Short: "The books of a batch run that use a word most, per million tokens",
		Long: `rank reads the tables of a batch run with --freq --table parquet (RUN is its
folder or its counts.parquet) and prints the books that use WORD (several
words: their counts summed; a phrase counted with -w, from its column) most
per million tokens. Words are looked up as the run normalised them (with -n,
lower case without punctuation). Books without it are left out; when no
book has it, rank says so on stderr and exits 1.`,
		Example: `  gutcount batch testdata/sample/list.txt -n -w whale --freq --table parquet -q --out run5
  gutcount rank whale run5`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 {
				return usagef("rank takes a WORD (or several) and a RUN (a batch folder or its counts.parquet)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Words, opts.Run = args[:len(args)-1], args[len(args)-1]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return rankRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().IntVar(&opts.Top, "top", 10, "the `N` top books (0: all)")
	formatFlag(cmd, &opts.Format, "the rows", answerFormats...)
	return cmd
}

func rankRun(ctx context.Context, opts *RankOptions) error {
	header := []string{"item", "gutenberg_id", "title", "author", "count", "tokens", "per_million"}
	return answer(ctx, opts.G, "rank", opts.Run, opts.Format, opts.Top, header,
		func(r *job.RunTables) ([]job.RankRow, error) {
			rows, err := r.Rank(opts.Words, opts.Top)
			if err == nil && len(rows) == 0 {
				fmt.Fprintf(opts.G.IO.Err, "No occurrences of '%s'\n", clean(strings.Join(opts.Words, "', '")))
				return nil, errNoMatch
			}
			return rows, err
		},
		func(r job.RankRow, _ bool) []string {
			return []string{itoa(r.Item), idString(r.ID), r.Title, r.Author, itoa(r.Count), itoa(r.Tokens), ftoa(r.PerMillion)}
		})
}
