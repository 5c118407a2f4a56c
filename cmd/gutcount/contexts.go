package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/count/colloc"
)

// ContextsOptions are the inputs of gutcount contexts.
type ContextsOptions struct {
	G      *Globals
	Words  []string
	Source string
	Text   TextFlags
	Top    int
	Format string
}

// NewCmdContexts returns the contexts command; runF replaces contextsRun
// in tests.
func NewCmdContexts(g *Globals, runF func(context.Context, *ContextsOptions) error) *cobra.Command {
	opts := &ContextsOptions{G: g}
	cmd := &cobra.Command{
		Use:   "contexts WORD... SOURCE",
		Short: "The contexts words share (NLTK's text.common_contexts())",
		Long: `contexts lists the contexts in which every WORD occurs, as NLTK's
Text.common_contexts: tokens are lowercased and a context is the pair of a
token's neighbours (*START* and *END* at the text's edges), shown as left_right.
The most frequent come first (the occurrences of the words in the context),
ties by context. SOURCE is the last argument (- for standard input).`,
		Example: `  gutcount contexts -p whale sea 2701
  gutcount contexts --format json -p whale ship 2701`,
		ValidArgsFunction: completeSources(g),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 {
				return usagef("contexts needs at least one WORD and a SOURCE (the last argument); see gutcount contexts --help")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Words, opts.Source = args[:len(args)-1], args[len(args)-1]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return contextsRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().IntVar(&opts.Top, "top", 20, "only the `N` most frequent contexts (0: all)")
	formatFlag(cmd, &opts.Format, "the contexts", allFormats...)
	opts.Text.register(cmd)
	return cmd
}

func contextsRun(ctx context.Context, opts *ContextsOptions) error {
	if err := checkFormat(opts.Format, "contexts", allFormats...); err != nil {
		return err
	}
	if opts.Top < 0 {
		return usagef("--top takes a number of 0 or more")
	}
	if err := checkWords(opts.Words...); err != nil {
		return err
	}
	text, err := readText(ctx, opts.G, []string{opts.Source}, opts.Text)
	if err != nil {
		return err
	}
	found, err := text.Contexts(opts.Words)
	var we *colloc.WordError
	if errors.As(err, &we) {
		fmt.Fprintf(opts.G.IO.Err, "No occurrences of '%s'\n", clean(strings.Join(we.Words, "', '")))
		return errNoMatch
	}
	if err != nil {
		return err
	}
	if len(found) == 0 {
		fmt.Fprintln(opts.G.IO.Err, "No common contexts")
		return errNoMatch
	}
	rows := colloc.Rows(found, opts.Top)
	return writeRecords(opts.G.IO.Out, opts.Format, []string{"context", "count"}, rows,
		func(c colloc.ContextRow, _ bool) []string { return []string{c.Context, strconv.FormatInt(c.Count, 10)} })
}
