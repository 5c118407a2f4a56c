package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/plot"
	"github.com/gutcount/gutcount/count/table"
)

// WhereOptions are the inputs of gutcount where.
type WhereOptions struct {
	G      *Globals
	Words  []string
	Source string
	Text   TextFlags
	Format string
	Plot   string
	Stop   string
}

// NewCmdWhere returns the where command; runF replaces whereRun in tests.
func NewCmdWhere(g *Globals, runF func(context.Context, *WhereOptions) error) *cobra.Command {
	opts := &WhereOptions{G: g}
	cmd := &cobra.Command{
		Use:   "where WORD... SOURCE",
		Short: "Where words fall in a book: token indices, or a dispersion plot",
		Long: `where prints, for each WORD (a phrase when it holds spaces), the token index
of each of its occurrences in SOURCE (0 is the first token) and how far into
the text that is (index / tokens). --plot draws them instead: one row per
word, a tick per occurrence along the text, titled with the book's title.
SOURCE is the last argument (- for standard input).`,
		Example: `  gutcount where -n whale ahab 2701
  gutcount where -n --plot dispersion.png whale ahab sea "the whale" 2701
  gutcount where --format json -i elizabeth war 1342`,
		ValidArgsFunction: completeSources(g),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 {
				return usagef("where needs at least one WORD and a SOURCE (the last argument); see gutcount where --help")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Words, opts.Source = args[:len(args)-1], args[len(args)-1]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return whereRun(cmd.Context(), opts)
		},
	}
	formatFlag(cmd, &opts.Format, "the indices", allFormats...)
	cmd.Flags().StringVar(&opts.Plot, "plot", "", "draw a dispersion plot to `FILE` (.svg or .png) instead of listing the indices")
	registerStop(cmd.Flags(), &opts.Stop, "leave out each WORD made only of stop words")
	opts.Text.register(cmd)
	_ = cmd.MarkFlagFilename("plot", "svg", "png")
	return cmd
}

// indexList is where a word occurs: its token indices.
type indexList = count.Positions

func whereRun(ctx context.Context, opts *WhereOptions) error {
	words, phrases, src, err := whereArgs(opts)
	if err != nil {
		return err
	}
	lib, err := opts.G.Library()
	if err != nil {
		return err
	}
	tx, err := lib.OpenText(ctx, src, opts.Text.text())
	if err != nil {
		return sourceError(src, err)
	}
	title := tx.Title()
	lists := make([]indexList, len(phrases))
	tokens, err := tx.Find(&count.Finder{Phrases: phrases, Options: opts.Text.options(), Index: true}, func(m count.Match) error {
		lists[m.Phrase].Add(m.Index)
		return nil
	})
	tx.Close()
	if err != nil {
		return sourceError(src, err)
	}
	var found int64
	for i := range lists {
		found += lists[i].Len()
	}
	if opts.Plot != "" {
		if title == "" {
			title = src.Arg
		}
		if err := saveDispersion(opts.Plot, clean(title), words, lists, tokens); err != nil {
			return fmt.Errorf("--plot %s: %w", opts.Plot, err)
		}
		fmt.Fprintf(opts.G.IO.Err, "gutcount: wrote %s\n", opts.Plot)
	} else if err := table.WriteWhere(opts.G.IO.Out, opts.Format, table.Where{Source: src.Arg, Title: title, Tokens: tokens, Words: words, Indices: lists}); err != nil {
		return err
	}
	if found == 0 {
		fmt.Fprintf(opts.G.IO.Err, "No occurrences of '%s'\n", clean(strings.Join(words, "', '")))
		return errNoMatch
	}
	return nil
}

// whereArgs checks where's flags and arguments, and returns the words to
// look for (as written, on one line), their phrases, and the source.
func whereArgs(opts *WhereOptions) ([]string, []count.Phrase, corpus.Source, error) {
	var none corpus.Source
	if err := checkFormat(opts.Format, "where", allFormats...); err != nil {
		return nil, nil, none, err
	}
	if opts.Plot != "" {
		if err := checkFormat(opts.Format, "where --plot", "text"); err != nil {
			return nil, nil, none, usagef("%v: --plot writes its file and prints nothing", err)
		}
		if _, ok := plot.FormatOf(opts.Plot); !ok {
			return nil, nil, none, usagef("--plot %q: the file must end in .svg or .png", opts.Plot)
		}
	}
	if src, ok := secondSource(opts.Words); ok {
		return nil, nil, none, usagef("where takes one SOURCE, the last argument, and %q is a source too: run where once for each book, e.g. %s", src, shellLine("where", append(slices.DeleteFunc(slices.Clone(opts.Words), isSource), opts.Source)...))
	}
	o := opts.Text.options()
	ps, err := parsePhrases(opts.Words, o)
	if err != nil {
		return nil, nil, none, err
	}
	stops, err := loadStop(opts.Stop, o)
	if err != nil {
		return nil, nil, none, err
	}
	var words []string
	var phrases []count.Phrase
	for i, p := range ps {
		if onlyStop(p, stops) {
			fmt.Fprintf(opts.G.IO.Err, "gutcount: '%s' is made of stop words (--stop %s): left out\n", clean(opts.Words[i]), clean(opts.Stop))
			continue
		}
		// As written, but on one line: white space in it is one space.
		words, phrases = append(words, strings.Join(strings.Fields(opts.Words[i]), " ")), append(phrases, p)
	}
	if len(phrases) == 0 {
		return nil, nil, none, usagef("every WORD is made of stop words (--stop %s): nothing to look for", clean(opts.Stop))
	}
	srcs, err := parseSources([]string{opts.Source})
	if err != nil {
		if meant, ok := swappedWhere(opts.Words, opts.Source); ok {
			return nil, nil, none, usagef("source %q is not %s; did you mean: %s?", opts.Source, sourceForms, meant)
		}
		return nil, nil, none, err
	}
	return words, phrases, srcs[0], nil
}

// saveDispersion draws the dispersion plot of words to an .svg or .png
// file.
func saveDispersion(file, title string, words []string, lists []indexList, tokens int64) error {
	format, ok := plot.FormatOf(file)
	if !ok {
		return usagef("--plot %q: the file must end in .svg or .png", file)
	}
	return saveChart(file, func(w io.Writer) error {
		return plot.Dispersion(w, format, title, words, lists, tokens)
	})
}
