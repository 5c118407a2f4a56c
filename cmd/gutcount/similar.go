package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/count/colloc"
)

// SimilarOptions are the inputs of gutcount similar.
type SimilarOptions struct {
	G       *Globals
	Word    string
	Sources []string
	Text    TextFlags
	Top     int
	Format  string
}

// NewCmdSimilar returns the similar command; runF replaces similarRun in
// tests.
func NewCmdSimilar(g *Globals, runF func(context.Context, *SimilarOptions) error) *cobra.Command {
	opts := &SimilarOptions{G: g}
	cmd := &cobra.Command{
		Use:   "similar WORD [SOURCE...]",
		Short: "Words used in the same contexts as a word (NLTK's text.similar())",
		Long: `similar lists the words that occur in the contexts of WORD, as NLTK's
Text.similar: only alphabetic tokens count, lowercased; a context is the pair of
a token's neighbours among them (*START* and *END* at the text's edges); a
word's score is the number of distinct contexts it shares with WORD. The
--top words come by score, ties by word. Standard input without SOURCE.`,
		Example: `  gutcount similar -p whale 2701
  gutcount similar --top 5 --format json -p ahab 2701`,
		ValidArgsFunction: completeSources(g),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("similar needs a WORD; see gutcount similar --help")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Word, opts.Sources = args[0], args[1:]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return similarRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().IntVar(&opts.Top, "top", 20, "only the `N` most similar words (0: all)")
	formatFlag(cmd, &opts.Format, "the words", allFormats...)
	opts.Text.register(cmd)
	return cmd
}

func similarRun(ctx context.Context, opts *SimilarOptions) error {
	if err := checkFormat(opts.Format, "similar", allFormats...); err != nil {
		return err
	}
	if opts.Top < 0 {
		return usagef("--top takes a number of 0 or more")
	}
	if err := checkWords(opts.Word); err != nil {
		return err
	}
	text, err := readText(ctx, opts.G, opts.Sources, opts.Text)
	if err != nil {
		return err
	}
	rows, err := text.Similar(opts.Word, opts.Top)
	if errors.Is(err, colloc.ErrNotFound) {
		fmt.Fprintf(opts.G.IO.Err, "No occurrences of '%s' (as an alphabetic word)\n", clean(opts.Word))
		return errNoMatch
	}
	if err != nil {
		return err
	}
	return writeRecords(opts.G.IO.Out, opts.Format, []string{"word", "score"}, rows,
		func(s colloc.Similar, _ bool) []string { return []string{s.Word, strconv.FormatInt(s.Score, 10)} })
}
