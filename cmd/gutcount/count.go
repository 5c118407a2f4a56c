package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
)

// CountOptions are the inputs of gutcount count.
type CountOptions struct {
	G       *Globals
	Words   []string
	Sources []string
	Text    TextFlags
	Format  string
}

// NewCmdCount returns the count command; runF replaces countRun in tests.
func NewCmdCount(g *Globals, runF func(context.Context, *CountOptions) error) *cobra.Command {
	opts := &CountOptions{G: g}
	cmd := &cobra.Command{
		Use:   "count WORD [SOURCE...] | count -w WORD [-w WORD...] [SOURCE...]",
		Short: "Count the occurrences of a word in books",
		Example: `  gutcount count whale 2701
  gutcount count -i -w whale -w ahab 2701 https://www.gutenberg.org/cache/epub/2701/pg2701.txt
  gutcount count -n Alice testdata/sample/alice-ch1.txt`,
		ValidArgsFunction: completeSources(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(opts.Words) == 0 {
				if len(args) == 0 {
					return usagef("count needs a WORD (or -w WORD); see gutcount count --help")
				}
				opts.Words, args = []string{args[0]}, args[1:]
			}
			opts.Sources = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return countRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringArrayVarP(&opts.Words, "word", "w", nil, "a word to count, or a phrase (words with spaces between); repeatable; then every argument is a SOURCE")
	cmd.Flags().StringVar(&opts.Format, "format", "text", "output format: text, json or tsv")
	opts.Text.register(cmd.Flags())
	return cmd
}

type sourceCounts struct {
	Source string  `json:"source"`
	Counts []int64 `json:"-"`
}

func countRun(ctx context.Context, opts *CountOptions) error {
	switch opts.Format {
	case "text", "json", "tsv":
	default:
		return usagef("unknown format %q (want text, json or tsv)", opts.Format)
	}
	o := opts.Text.options()
	words, err := parsePhrases(opts.Words, o) // a WORD with white space is a phrase
	if err != nil {
		return err
	}
	srcs, err := parseSources(opts.Sources)
	if err != nil {
		return err
	}
	lib, err := opts.G.Library()
	if err != nil {
		return err
	}
	var results []sourceCounts
	total := make([]int64, len(words))
	for _, src := range srcs {
		n, err := countSource(ctx, lib, src, words, &opts.Text, o)
		if err != nil {
			return sourceError(src, err)
		}
		results = append(results, sourceCounts{src.Arg, n})
		for i := range n {
			total[i] += n[i]
		}
	}
	if err := writeCounts(opts.G.IO.Out, opts, results, total); err != nil {
		return err
	}
	var all int64
	for _, n := range total {
		all += n
	}
	if all > 0 {
		return nil
	}
	hint(ctx, lib, opts, srcs)
	return errNoMatch
}

func countSource(ctx context.Context, lib *corpus.Library, src corpus.Source, words []count.Phrase, t *TextFlags, o count.Options) ([]int64, error) {
	tx, err := lib.OpenText(ctx, src, t.text())
	if err != nil {
		return nil, err
	}
	defer tx.Close()
	return tx.Count(words, o)
}

// hint says on stderr when -n would have found the words that were not
// found. Standard input cannot be read twice, so it gets no hint.
func hint(ctx context.Context, lib *corpus.Library, opts *CountOptions, srcs []corpus.Source) {
	if opts.Text.Normalize || (opts.Text.IgnoreCase && opts.Text.StripPunct) {
		return
	}
	n := TextFlags{Normalize: true, Raw: opts.Text.Raw, Encoding: opts.Text.Encoding}
	o := n.options()
	for _, w := range opts.Words {
		word := []count.Phrase{count.ParsePhrase(w, o)}
		if len(word[0]) == 0 {
			continue
		}
		var sum int64
		for _, src := range srcs {
			if src.Kind == corpus.Stdin {
				return
			}
			c, err := countSource(ctx, lib, src, word, &n, o)
			if err != nil {
				return
			}
			sum += c[0]
		}
		if sum > 0 {
			fmt.Fprintf(opts.G.IO.Err, "gutcount: hint: with -n (ignore case and punctuation) there %s of '%s'\n", occurrences(sum), w)
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

func writeCounts(w io.Writer, opts *CountOptions, results []sourceCounts, total []int64) error {
	many := len(results) > 1
	var err error
	switch opts.Format {
	case "text":
		var b strings.Builder
		for i, word := range opts.Words {
			for _, r := range results {
				b.WriteString(countLine(r.Counts[i], word))
				if many {
					b.WriteString(" in " + r.Source)
				}
				b.WriteByte('\n')
			}
			if many {
				b.WriteString(countLine(total[i], word) + " in total\n")
			}
		}
		_, err = io.WriteString(w, b.String())
	case "tsv":
		var b strings.Builder
		b.WriteString("source\tword\tcount\n")
		for i, word := range opts.Words {
			for _, r := range results {
				fmt.Fprintf(&b, "%s\t%s\t%d\n", r.Source, word, r.Counts[i])
			}
			if many {
				fmt.Fprintf(&b, "total\t%s\t%d\n", word, total[i])
			}
		}
		_, err = io.WriteString(w, b.String())
	case "json":
		type src struct {
			Source string           `json:"source"`
			Counts map[string]int64 `json:"counts"`
		}
		out := struct {
			Sources []src            `json:"sources"`
			Total   map[string]int64 `json:"total"`
		}{Total: map[string]int64{}}
		for i, word := range opts.Words {
			out.Total[word] = total[i]
		}
		for _, r := range results {
			s := src{r.Source, map[string]int64{}}
			for i, word := range opts.Words {
				s.Counts[word] = r.Counts[i]
			}
			out.Sources = append(out.Sources, s)
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		err = enc.Encode(out)
	}
	return err
}
