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
	kw := newKwicWriter(opts, srcs)
	for _, src := range srcs {
		tx, err := lib.OpenText(ctx, src, opts.Text.text())
		if err != nil {
			return sourceError(src, err)
		}
		_, err = tx.Find(f, func(m count.Match) error { return kw.match(src, m) })
		tx.Close()
		var oe outputError
		if errors.As(err, &oe) {
			return oe.err
		}
		if err != nil {
			return sourceError(src, err)
		}
	}
	if err := kw.end(); err != nil {
		return err
	}
	if kw.found == 0 {
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

// kwicWriter writes the concordance lines of kwic in its format.
type kwicWriter struct {
	format string
	width  int
	pad    int // text: the width of the source names, 0 for one source
	w      *bufio.Writer
	cw     *csv.Writer
	line   []byte
	found  int64
}

func newKwicWriter(opts *KwicOptions, srcs []corpus.Source) *kwicWriter {
	w := bufio.NewWriterSize(opts.G.IO.Out, 64<<10)
	kw := &kwicWriter{format: opts.Format, width: opts.Width, w: w, cw: csv.NewWriter(w)}
	// Text lines name their source only when there are several, padded to
	// keep the words aligned.
	if len(srcs) > 1 {
		for _, s := range srcs {
			kw.pad = max(kw.pad, len(clean(s.Arg)))
		}
	}
	switch opts.Format {
	case "tsv":
		w.WriteString("source\tindex\tleft\ttoken\tright\n")
	case "csv":
		kw.cw.Write([]string{"source", "index", "left", "token", "right"})
	case "json":
		w.WriteString("[")
	}
	return kw
}

// match writes the line of one occurrence; an error writing is an
// outputError.
func (kw *kwicWriter) match(src corpus.Source, m count.Match) error {
	kw.found++
	line := kw.line[:0]
	switch kw.format {
	case "text":
		if kw.pad > 0 {
			name := clean(src.Arg)
			line = append(append(line, name...), strings.Repeat(" ", kw.pad-len(name)+2)...)
		}
		left, n := fitWidth(clean(m.Left), kw.width, true)
		right, _ := fitWidth(clean(m.Right), kw.width, false)
		line = append(line, strings.Repeat(" ", kw.width-n)...)
		line = append(append(append(line, left...), ' '), clean(m.Text)...)
		if right != "" {
			line = append(append(line, ' '), right...)
		}
		line = append(line, '\n')
	case "csv":
		if err := kw.cw.Write([]string{src.Arg, strconv.FormatInt(m.Index, 10), m.Left, m.Text, m.Right}); err != nil {
			return outputError{err}
		}
	case "tsv":
		line = append(append(line, src.Arg...), '\t')
		line = strconv.AppendInt(line, m.Index, 10)
		line = append(append(append(line, '\t'), m.Left...), '\t')
		line = append(append(append(line, m.Text...), '\t'), m.Right...)
		line = append(line, '\n')
	default:
		if kw.format == "json" {
			if kw.found > 1 {
				line = append(line, ',')
			}
			line = append(line, "\n  "...)
		}
		j, _ := json.Marshal(kwicLine{Source: src.Arg, Index: m.Index, Left: m.Left, Token: m.Text, Right: m.Right})
		line = append(line, j...)
		if kw.format == "jsonl" {
			line = append(line, '\n')
		}
	}
	kw.line = line
	if _, err := kw.w.Write(line); err != nil {
		return outputError{err}
	}
	return nil
}

// end closes the output (json's array) and flushes it.
func (kw *kwicWriter) end() error {
	kw.cw.Flush()
	if err := kw.cw.Error(); err != nil {
		return err
	}
	if kw.format == "json" {
		if kw.found > 0 {
			kw.w.WriteString("\n")
		}
		kw.w.WriteString("]\n")
	}
	return kw.w.Flush()
}

// outputError is an error writing the output, told apart from the errors
// of reading a source (which name it).
type outputError struct{ err error }

func (e outputError) Error() string { return e.err.Error() }
