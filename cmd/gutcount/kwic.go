package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/table"
)

// KwicOptions are the inputs of gutcount kwic.
type KwicOptions struct {
	G       *Globals
	Word    string
	Sources []string
	Text    TextFlags
	Width   int
	Format  string
	Stop    string
}

// NewCmdKwic returns the kwic command; runF replaces kwicRun in tests.
func NewCmdKwic(g *Globals, runF func(context.Context, *KwicOptions) error) *cobra.Command {
	opts := &KwicOptions{G: g}
	cmd := &cobra.Command{
		Use:   "kwic WORD [SOURCE...]",
		Short: "Show every occurrence of a word or phrase in its context (a concordance)",
		Long: `kwic prints one line per occurrence of WORD, in text order: the text before
it, the token as it stands in the text, and the text after it, aligned on the
word, --width characters each side, line breaks shown as spaces. A WORD with
spaces is a phrase. Standard input is read without SOURCE.`,
		Example: `  gutcount kwic -n whale 2701
  gutcount kwic -n "the whale" --width 30 2701
  gutcount kwic --format tsv -i ahab 2701 > ahab.tsv`,
		ValidArgsFunction: completeSources(g),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("kwic needs a WORD; see gutcount kwic --help")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Word, opts.Sources = args[0], args[1:]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return kwicRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().IntVar(&opts.Width, "width", 40, "`N` characters of context on each side")
	formatFlag(cmd, &opts.Format, "the lines (all but text with the source and the token's index)", allFormats...)
	registerStop(cmd.Flags(), &opts.Stop, "refuse (exit 2) a WORD made only of stop words")
	opts.Text.register(cmd)
	return cmd
}

// kwicLine is a line of the concordance in tsv and json.
type kwicLine = table.KwicLine

// maxWidth is the widest context kwic shows on each side: a few screens.
const maxWidth = 1000

func kwicRun(ctx context.Context, opts *KwicOptions) error {
	ps, srcs, err := kwicArgs(opts)
	if err != nil {
		return err
	}
	lib, err := opts.G.Library()
	if err != nil {
		return err
	}
	o := opts.Text.options()
	f := &count.Finder{Phrases: ps, Options: o, Width: opts.Width, Index: opts.Format != "text"}
	names := make([]string, len(srcs))
	for i, s := range srcs {
		names[i] = s.Arg
	}
	kw := table.NewKwicWriter(opts.G.IO.Out, opts.Format, opts.Width, names)
	for _, src := range srcs {
		tx, err := lib.OpenText(ctx, src, opts.Text.text())
		if err != nil {
			return sourceError(src, err)
		}
		_, err = tx.Find(f, func(m count.Match) error {
			if err := kw.Write(src.Arg, m); err != nil {
				return outputError{err}
			}
			return nil
		})
		tx.Close()
		var oe outputError
		if errors.As(err, &oe) {
			return oe.err
		}
		if err != nil {
			return sourceError(src, err)
		}
	}
	if err := kw.Close(); err != nil {
		return err
	}
	if kw.Found() == 0 {
		fmt.Fprintf(opts.G.IO.Err, "No occurrences of '%s'\n", clean(opts.Word))
		return errNoMatch
	}
	return nil
}

// kwicArgs checks kwic's flags and arguments, and returns the phrase to
// find and the sources to look in.
func kwicArgs(opts *KwicOptions) ([]count.Phrase, []corpus.Source, error) {
	if err := checkFormat(opts.Format, "kwic", allFormats...); err != nil {
		return nil, nil, err
	}
	if opts.Width < 1 || opts.Width > maxWidth {
		return nil, nil, usagef("--width takes a number from 1 to %d", maxWidth)
	}
	o := opts.Text.options()
	ps, err := parsePhrases([]string{opts.Word}, o)
	if err != nil {
		return nil, nil, err
	}
	stops, err := loadStop(opts.Stop, o)
	if err != nil {
		return nil, nil, err
	}
	if onlyStop(ps[0], stops) {
		return nil, nil, usagef("'%s' is made of stop words (--stop %s): nothing to show", clean(opts.Word), clean(opts.Stop))
	}
	srcs, err := parseSources(opts.Sources)
	if err != nil {
		if meant, ok := swappedArgs("kwic", opts.Word, opts.Sources); ok {
			return nil, nil, usagef("source %q is not %s; did you mean: %s?", opts.Sources[0], sourceForms, meant)
		}
		if meant, ok := wordsBeforeSources("kwic", opts.Word, opts.Sources); ok {
			return nil, nil, usagef("source %q is not %s; kwic takes one WORD, a phrase when quoted: did you mean: %s?", opts.Sources[0], sourceForms, meant)
		}
		return nil, nil, err
	}
	return ps, srcs, nil
}

// outputError is an error writing the output, told apart from the errors
// of reading a source (which name it).
type outputError struct{ err error }

func (e outputError) Error() string { return e.err.Error() }
