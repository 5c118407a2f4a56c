package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

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
	if err := checkFormat(opts.Format, "kwic", allFormats...); err != nil {
		return err
	}
	if opts.Width < 1 || opts.Width > maxWidth {
		return usagef("--width takes a number from 1 to %d", maxWidth)
	}
	o := opts.Text.options()
	ps, err := parsePhrases([]string{opts.Word}, o)
	if err != nil {
		return err
	}
	stops, err := loadStop(opts.Stop, o)
	if err != nil {
		return err
	}
	if onlyStop(ps[0], stops) {
		return usagef("'%s' is made of stop words (--stop %s): nothing to show", clean(opts.Word), clean(opts.Stop))
	}
	srcs, err := parseSources(opts.Sources)
	if err != nil {
		if meant, ok := swappedArgs("kwic", opts.Word, opts.Sources); ok {
			return usagef("source %q is not %s; did you mean: %s?", opts.Sources[0], sourceForms, meant)
		}
		if meant, ok := wordsBeforeSources("kwic", opts.Word, opts.Sources); ok {
			return usagef("source %q is not %s; kwic takes one WORD, a phrase when quoted: did you mean: %s?", opts.Sources[0], sourceForms, meant)
		}
		return err
	}
	lib, err := opts.G.Library()
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(opts.G.IO.Out, 64<<10)
	// Text lines name their source only when there are several, padded to
	// keep the words aligned.
	pad := 0
	if len(srcs) > 1 {
		for _, s := range srcs {
			pad = max(pad, len(clean(s.Arg)))
		}
	}
	f := &count.Finder{Phrases: ps, Options: o, Width: opts.Width, Index: opts.Format != "text"}
	var found int64
	var line []byte
	cw := csv.NewWriter(w)
	switch opts.Format {
	case "tsv":
		w.WriteString("source\tindex\tleft\ttoken\tright\n")
	case "csv":
		cw.Write([]string{"source", "index", "left", "token", "right"})
	}
	if opts.Format == "json" {
		w.WriteString("[")
	}
	for _, src := range srcs {
		tx, err := lib.OpenText(ctx, src, opts.Text.text())
		if err != nil {
			return sourceError(src, err)
		}
		_, err = tx.Find(f, func(m count.Match) error {
			found++
			line = line[:0]
			switch opts.Format {
			case "text":
				if pad > 0 {
					name := clean(src.Arg)
					line = append(append(line, name...), strings.Repeat(" ", pad-len(name)+2)...)
				}
				left, n := fitWidth(clean(m.Left), opts.Width, true)
				right, _ := fitWidth(clean(m.Right), opts.Width, false)
				line = append(line, strings.Repeat(" ", opts.Width-n)...)
				line = append(append(append(line, left...), ' '), clean(m.Text)...)
				if right != "" {
					line = append(append(line, ' '), right...)
				}
				line = append(line, '\n')
			case "csv":
				if err := cw.Write([]string{src.Arg, strconv.FormatInt(m.Index, 10), m.Left, m.Text, m.Right}); err != nil {
					return outputError{err}
				}
			case "tsv":
				line = append(append(line, src.Arg...), '\t')
				line = strconv.AppendInt(line, m.Index, 10)
				line = append(append(append(line, '\t'), m.Left...), '\t')
				line = append(append(append(line, m.Text...), '\t'), m.Right...)
				line = append(line, '\n')
			default:
				if opts.Format == "json" {
					if found > 1 {
						line = append(line, ',')
					}
					line = append(line, "\n  "...)
				}
				j, _ := json.Marshal(kwicLine{Source: src.Arg, Index: m.Index, Left: m.Left, Token: m.Text, Right: m.Right})
				line = append(line, j...)
				if opts.Format == "jsonl" {
					line = append(line, '\n')
				}
			}
			if _, err := w.Write(line); err != nil {
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
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if opts.Format == "json" {
		if found > 0 {
			w.WriteString("\n")
		}
		w.WriteString("]\n")
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if found == 0 {
		fmt.Fprintf(opts.G.IO.Err, "No occurrences of '%s'\n", clean(opts.Word))
		return errNoMatch
	}
	return nil
}

// outputError is an error writing the output, told apart from the errors
// of reading a source (which name it).
type outputError struct{ err error }

func (e outputError) Error() string { return e.err.Error() }
