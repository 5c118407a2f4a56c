package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/table"
)

// CountOptions are the inputs of gutcount count.
type CountOptions struct {
	G       *Globals
	Words   []string
	Sources []string
	Text    TextFlags
	Format  string
	// WordArg is set when the word was the first argument, not -w.
	WordArg bool
}

// NewCmdCount returns the count command; runF replaces countRun in tests.
func NewCmdCount(g *Globals, runF func(context.Context, *CountOptions) error) *cobra.Command {
	opts := &CountOptions{G: g}
	cmd := &cobra.Command{
		Use:   "count WORD [SOURCE...] | count -w WORD [-w WORD...] [SOURCE...]",
		Short: "Count the occurrences of a word in books",
		Long: `count prints how often WORD occurs in each SOURCE (standard input without
one): a Gutenberg ID, an http(s) URL, a file or -. With several sources a total
follows; several words are given with -w. The exit code is 1 when no word
occurred at all.`,
		Example: `  gutcount count whale 2701
  gutcount count -n -w whale -w ahab 2701 1342
  gutcount count -n whale testdata/sample/whale-primer.txt
  gutcount count --format csv whale testdata/sample/whale-primer.txt 2701
  gutcount count --encoding latin1 -i corazón testdata/sample/corazon-latin1.txt
  cat testdata/sample/whale-primer.txt | gutcount count whale`,
		ValidArgsFunction: completeCountArgs(g, opts),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(opts.Words) == 0 {
				if len(args) == 0 {
					return usagef("count needs a WORD (or -w WORD); see gutcount count --help")
				}
				opts.Words, args = []string{args[0]}, args[1:]
				opts.WordArg = true
			}
			opts.Sources = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return countRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringArrayVarP(&opts.Words, "word", "w", nil, "a `WORD` to count, or a phrase (words with spaces between; repeat -w for several); then every argument is a SOURCE")
	formatFlag(cmd, &opts.Format, "the counts", allFormats...)
	opts.Text.register(cmd)
	return cmd
}

type sourceCounts struct {
	Source string  `json:"source"`
	Counts []int64 `json:"-"`
}

func countRun(ctx context.Context, opts *CountOptions) error {
	words, srcs, err := countArgs(opts)
	if err != nil {
		return err
	}
	o := opts.Text.options()
	lib, err := opts.G.Library()
	if err != nil {
		return err
	}
	// Like fetch (and curl), go on past a source that fails: report it,
	// count the others, exit 3 at the end.
	var results []sourceCounts
	total := make([]int64, len(words))
	h := newHinter(opts)
	failed := 0
	for _, src := range srcs {
		n, err := countSource(ctx, lib, src, words, &opts.Text, o, h)
		switch {
		case err == nil:
		case ctx.Err() != nil, len(srcs) == 1, isUsage(err):
			// Interrupted, nothing else to count, or what every source
			// would fail on (an unknown --encoding).
			return sourceError(src, err)
		default:
			reportError(opts.G.IO.Err, sourceError(src, err))
			failed++
			continue
		}
		results = append(results, sourceCounts{src.Arg, n})
		for i := range n {
			total[i] += n[i]
		}
	}
	if err := writeCounts(opts.G.IO.Out, opts, results, total); err != nil {
		return err
	}
	if failed > 0 {
		err := fmt.Errorf("%d of %d sources failed; the counts are those of the other %d", failed, len(srcs), len(srcs)-failed)
		reportError(opts.G.IO.Err, err)
		return &exitError{code: exitIO, err: err}
	}
	var all int64
	for _, n := range total {
		all += n
	}
	if all > 0 {
		return nil
	}
	h.print(opts)
	return errNoMatch
}

// countArgs checks count's flags and arguments, and returns the words
// (a WORD with white space is a phrase) and the sources.
func countArgs(opts *CountOptions) ([]count.Phrase, []corpus.Source, error) {
	if err := checkFormat(opts.Format, "count", allFormats...); err != nil {
		return nil, nil, err
	}
	words, err := parsePhrases(opts.Words, opts.Text.options())
	if err != nil {
		return nil, nil, err
	}
	srcs, err := parseSources(opts.Sources)
	if err != nil {
		if opts.WordArg {
			if meant, ok := swappedArgs("count", opts.Words[0], opts.Sources); ok {
				return nil, nil, usagef("source %q is not %s; did you mean: %s?", opts.Sources[0], sourceForms, meant)
			}
			if meant, ok := wordsBeforeSources("count", opts.Words[0], opts.Sources); ok {
				return nil, nil, usagef("source %q is not %s; count takes one WORD, or several with -w: did you mean: %s?", opts.Sources[0], sourceForms, meant)
			}
		}
		return nil, nil, err
	}
	return words, srcs, nil
}

// countSource counts words in src. While none has occurred in any source,
// h counts them with -n too, in the same text (which a download with
// --no-cache would otherwise fetch again).
func countSource(ctx context.Context, lib *corpus.Library, src corpus.Source, words []count.Phrase, t *TextFlags, o count.Options, h *hinter) ([]int64, error) {
	tx, err := lib.OpenText(ctx, src, t.text())
	if err != nil {
		return nil, err
	}
	defer tx.Close()
	n, err := tx.Count(words, o)
	if err != nil {
		return nil, err
	}
	if h != nil {
		h.add(ctx, tx, n)
	}
	return n, nil
}

// hinter counts the words with -n (ignore case and punctuation) while
// none was found as asked, to say on stderr when -n would have found them.
type hinter struct {
	words []count.Phrase // with -n; nil for one that -n leaves empty
	o     count.Options
	n     []int64
	off   bool // a word was found, or a text could not be read again
}

// newHinter returns the hinter of a count, nil when -n was asked for.
func newHinter(opts *CountOptions) *hinter {
	if opts.Text.Normalize || (opts.Text.IgnoreCase && opts.Text.StripPunct) {
		return nil
	}
	h := &hinter{o: count.Options{IgnoreCase: true, StripPunct: true}, n: make([]int64, len(opts.Words))}
	for _, w := range opts.Words {
		h.words = append(h.words, count.ParsePhrase(w, h.o))
	}
	return h
}

// add counts the words with -n in tx, given their counts n as asked.
func (h *hinter) add(ctx context.Context, tx *corpus.OpenedText, n []int64) {
	for _, c := range n {
		if c > 0 {
			h.off = true
		}
	}
	if h.off {
		return
	}
	again, err := tx.Again(ctx) // standard input cannot be read twice
	if err != nil {
		h.off = true
		return
	}
	defer again.Close()
	for i, w := range h.words {
		if len(w) == 0 {
			continue
		}
		c, err := again.Count([]count.Phrase{w}, h.o)
		if err != nil {
			h.off = true
			return
		}
		h.n[i] += c[0]
	}
}

// print says how often -n would have found each word, if at all.
func (h *hinter) print(opts *CountOptions) {
	if h == nil || h.off {
		return
	}
	for i, w := range opts.Words {
		if h.n[i] > 0 {
			fmt.Fprintf(opts.G.IO.Err, "gutcount: hint: with -n (ignore case and punctuation) there %s of '%s'\n", occurrences(h.n[i]), w)
		}
	}
}

func occurrences(n int64) string {
	if n == 1 {
		return "is 1 occurrence"
	}
	return fmt.Sprintf("are %d occurrences", n)
}

func countLine(n int64, word string) string {
	switch n {
	case 0:
		return fmt.Sprintf("No occurrences of '%s'", word)
	case 1:
		return fmt.Sprintf("1 occurrence of '%s'", word)
	}
	return fmt.Sprintf("%d occurrences of '%s'", n, word)
}

// writeCounts prints the counts: text is a sentence a line; tsv and csv
// have a "source word count" header and, for several sources, a total row
// for each word; json is {"sources":[{"source","counts":{WORD:N}}],
// "total":{WORD:N}}; jsonl is an object {"source","word","count"} a line,
// without totals.
func writeCounts(w io.Writer, opts *CountOptions, results []sourceCounts, total []int64) error {
	many := len(results) > 1
	switch opts.Format {
	case "text":
		var b strings.Builder
		for i, word := range opts.Words {
			for _, r := range results {
				b.WriteString(clean(countLine(r.Counts[i], word)))
				if many {
					b.WriteString(" in " + clean(r.Source))
				}
				b.WriteByte('\n')
			}
			if many {
				b.WriteString(clean(countLine(total[i], word)) + " in total\n")
			}
		}
		_, err := io.WriteString(w, b.String())
		return err
	case "tsv", "csv":
		var rows [][]string
		for i, word := range opts.Words {
			for _, r := range results {
				rows = append(rows, []string{r.Source, word, strconv.FormatInt(r.Counts[i], 10)})
			}
			if many {
				rows = append(rows, []string{"total", word, strconv.FormatInt(total[i], 10)})
			}
		}
		return table.WriteTable(w, opts.Format, []string{"source", "word", "count"}, rows)
	case "jsonl":
		type row struct {
			Source string `json:"source"`
			Word   string `json:"word"`
			Count  int64  `json:"count"`
		}
		var rows []row
		for i, word := range opts.Words {
			for _, r := range results {
				rows = append(rows, row{r.Source, word, r.Counts[i]})
			}
		}
		return table.WriteJSONLines(w, rows)
	}
	return writeCountsJSON(w, opts.Words, results, total)
}

// writeCountsJSON writes count's json: each source with its counts by
// word, and the total by word.
func writeCountsJSON(w io.Writer, words []string, results []sourceCounts, total []int64) error {
	type src struct {
		Source string           `json:"source"`
		Counts map[string]int64 `json:"counts"`
	}
	out := struct {
		Sources []src            `json:"sources"`
		Total   map[string]int64 `json:"total"`
	}{Sources: []src{}, Total: map[string]int64{}}
	for i, word := range words {
		out.Total[word] = total[i]
	}
	for _, r := range results {
		s := src{r.Source, map[string]int64{}}
		for i, word := range words {
			s.Counts[word] = r.Counts[i]
		}
		out.Sources = append(out.Sources, s)
	}
	return table.WriteJSON(w, "json", out)
}
