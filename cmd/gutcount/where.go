package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/internal/chart"
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

// indexList holds increasing token indices as varint deltas: a byte or two
// an occurrence, so where holds its answer and not the text.
type indexList struct {
	b    []byte
	last int64
	n    int64
}

func (l *indexList) add(i int64) {
	l.b = binary.AppendUvarint(l.b, uint64(i-l.last))
	l.last = i
	l.n++
}

func (l *indexList) each(fn func(int64) error) error {
	x := int64(0)
	for b := l.b; len(b) > 0; {
		d, k := binary.Uvarint(b)
		b = b[k:]
		x += int64(d)
		if err := fn(x); err != nil {
			return err
		}
	}
	return nil
}

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
		lists[m.Phrase].add(m.Index)
		return nil
	})
	tx.Close()
	if err != nil {
		return sourceError(src, err)
	}
	var found int64
	for i := range lists {
		found += lists[i].n
	}
	if opts.Plot != "" {
		if title == "" {
			title = src.Arg
		}
		if err := saveDispersion(opts.Plot, clean(title), words, lists, tokens); err != nil {
			return fmt.Errorf("--plot %s: %w", opts.Plot, err)
		}
		fmt.Fprintf(opts.G.IO.Err, "gutcount: wrote %s\n", opts.Plot)
	} else if err := writeWhere(opts, src.Arg, title, words, lists, tokens); err != nil {
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
		if _, ok := chart.FormatOf(opts.Plot); !ok {
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

func writeWhere(opts *WhereOptions, source, title string, words []string, lists []indexList, tokens int64) error {
	w := bufio.NewWriterSize(opts.G.IO.Out, 64<<10)
	frac := func(b []byte, i int64) []byte {
		f := 0.0
		if tokens > 0 {
			f = float64(i) / float64(tokens)
		}
		return strconv.AppendFloat(b, f, 'f', 4, 64)
	}
	var err error
	switch opts.Format {
	case "csv":
		err = writeWhereCSV(w, words, lists, frac)
	case "text", "tsv", "jsonl":
		err = writeWhereLines(w, opts.Format, words, lists, frac)
	case "json":
		writeWhereJSON(w, source, title, words, lists, tokens)
	}
	if err != nil {
		return err
	}
	return w.Flush()
}

// writeWhereCSV writes a word, an index and its fraction of the text a
// record.
func writeWhereCSV(w io.Writer, words []string, lists []indexList, frac func([]byte, int64) []byte) error {
	var line []byte
	cw := csv.NewWriter(w)
	cw.Write([]string{"word", "index", "fraction"})
	for k, word := range words {
		lists[k].each(func(i int64) error {
			return cw.Write([]string{word, strconv.FormatInt(i, 10), string(frac(line[:0], i))})
		})
	}
	cw.Flush()
	return cw.Error()
}

// writeWhereLines writes an occurrence a line: text and tsv (with a
// header) as tab-separated fields, jsonl as an object.
func writeWhereLines(w io.Writer, format string, words []string, lists []indexList, frac func([]byte, int64) []byte) error {
	var line []byte
	if format == "tsv" {
		io.WriteString(w, "word\tindex\tfraction\n")
	}
	for k, word := range words {
		jw, _ := json.Marshal(word)
		err := lists[k].each(func(i int64) error {
			line = line[:0]
			if format == "jsonl" {
				line = append(append(append(line, `{"word":`...), jw...), `,"index":`...)
				line = strconv.AppendInt(line, i, 10)
				line = append(frac(append(line, `,"fraction":`...), i), "}\n"...)
			} else {
				line = append(append(line, word...), '\t')
				line = strconv.AppendInt(line, i, 10)
				line = append(frac(append(line, '\t'), i), '\n')
			}
			_, err := w.Write(line)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// writeWhereJSON writes one document: the source, its title and tokens,
// and each word with its count and indices.
func writeWhereJSON(w *bufio.Writer, source, title string, words []string, lists []indexList, tokens int64) {
	var line []byte
	head, _ := json.Marshal(struct {
		Source string `json:"source"`
		Title  string `json:"title,omitempty"`
		Tokens int64  `json:"tokens"`
	}{source, title, tokens})
	w.Write(head[:len(head)-1])
	w.WriteString(`,"words":[`)
	for k, word := range words {
		if k > 0 {
			w.WriteString(",")
		}
		jw, _ := json.Marshal(word)
		fmt.Fprintf(w, "\n  {\"word\":%s,\"count\":%d,\"indices\":[", jw, lists[k].n)
		n := 0
		lists[k].each(func(i int64) error {
			if n++; n > 1 {
				w.WriteByte(',')
			}
			w.Write(strconv.AppendInt(line[:0], i, 10))
			return nil
		})
		w.WriteString("]}")
	}
	w.WriteString("\n]}\n")
}

// ticksPerRow is how many distinct places along the text a row of the
// dispersion plot draws at most: more ticks would fall on the same pixel.
const ticksPerRow = 4096

// saveDispersion draws the dispersion plot of words to an .svg or .png
// file.
func saveDispersion(file, title string, words []string, lists []indexList, tokens int64) error {
	format, ok := chart.FormatOf(file)
	if !ok {
		return usagef("--plot %q: the file must end in .svg or .png", file)
	}
	xLabel := fmt.Sprintf("token index (of %d tokens)", tokens)
	rows := dispersionRows(words, lists, tokens)
	return saveChart(file, func(w io.Writer) error {
		return chart.Dispersion(w, format, title, xLabel, rows, float64(max(tokens, 1)))
	})
}

// dispersionRows are the rows of a dispersion plot: a word's label and its
// places, thinned to ticksPerRow.
func dispersionRows(words []string, lists []indexList, tokens int64) []chart.Row {
	rows := make([]chart.Row, len(lists))
	for k := range lists {
		last := int64(-1)
		lists[k].each(func(i int64) error {
			if b := i * ticksPerRow / max(tokens, 1); b != last {
				rows[k].At, last = append(rows[k].At, float64(i)), b
			}
			return nil
		})
		rows[k].Label = fmt.Sprintf("%s (%d)", clean(words[k]), lists[k].n)
	}
	return rows
}
