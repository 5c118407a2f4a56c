package main

import (
	"context"
	"fmt"

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
	var results []table.SourceCounts
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
		results = append(results, table.SourceCounts{Source: src.Arg, Counts: n})
		for i := range n {
			total[i] += n[i]
		}
	}
	if err := table.WriteCounts(opts.G.IO.Out, opts.Format, opts.Words, results, total); err != nil {
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
		h.Add(ctx, tx, n)
	}
	return n, nil
}

// hinter counts the words with -n (ignore case and punctuation) while
// none was found as asked, to say on stderr when -n would have found them.
type hinter struct{ *corpus.Hinter }

// newHinter returns the hinter of a count, nil when -n was asked for.
func newHinter(opts *CountOptions) *hinter {
	if opts.Text.Normalize || (opts.Text.IgnoreCase && opts.Text.StripPunct) {
		return nil
	}
	return &hinter{corpus.NewHinter(opts.Words)}
}

// print says how often -n would have found each word, if at all.
func (h *hinter) print(opts *CountOptions) {
	if h == nil {
		return
	}
	n, ok := h.Counts()
	for i, w := range opts.Words {
		if ok && n[i] > 0 {
			fmt.Fprintf(opts.G.IO.Err, "gutcount: hint: with -n (ignore case and punctuation) there %s of '%s'\n", occurrences(n[i]), w)
		}
	}
}

func occurrences(n int64) string {
	if n == 1 {
		return "is 1 occurrence"
	}
	return fmt.Sprintf("are %d occurrences", n)
}
