package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/fetch/atomicfile"
)

// BatchOptions are the inputs of gutcount batch.
type BatchOptions struct {
	G          *Globals
	List       string
	Words      []string
	Freq       bool
	Text       TextFlags
	Jobs       int
	Shard      string
	Out        string
	Journal    string
	SkipFailed bool
	Format     string
	Getenv     func(string) string
}

// NewCmdBatch returns the batch command; runF replaces batchRun in tests.
func NewCmdBatch(g *Globals, runF func(context.Context, *BatchOptions) error) *cobra.Command {
	opts := &BatchOptions{G: g, Getenv: os.Getenv}
	var retryFailed bool
	cmd := &cobra.Command{
		Use:   "batch LIST",
		Short: "Count words and frequencies over a list of books, resumably",
		Long: `batch reads LIST (a file, or - for standard input): one SOURCE a line, with
blank lines and # comments skipped and repeated lines taken once. Each book's
result is written to a journal as it finishes, so a batch that is killed
resumes where it stopped when run again.`,
		Example: `  gutcount batch books.txt -w whale -w sea --freq -j 4 --out run1
  gutcount batch books.txt --freq --shard 2/3 --out shared/run1
  gutcount batch books.txt --freq --shard auto/8 --out /data/run1   # in a Kubernetes Indexed Job`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("batch takes one LIST (a file, or - for standard input)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.List = args[0]
			if retryFailed && opts.SkipFailed {
				return usagef("--retry-failed and --skip-failed exclude each other")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return batchRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&opts.Words, "word", "w", nil, "a word to count in each book (repeatable)")
	f.BoolVar(&opts.Freq, "freq", false, "write each book's frequencies and the merged frequencies of all")
	f.IntVarP(&opts.Jobs, "jobs", "j", 4, "books processed at once")
	f.StringVar(&opts.Shard, "shard", "1/1", "do only part K of N of the list (K/N, 1-based), or auto/N from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID")
	f.StringVar(&opts.Out, "out", "gutcount-batch", "directory of the results")
	f.StringVar(&opts.Journal, "journal", "", "journal file (default OUT/journal[-K-of-N].jsonl)")
	f.BoolVar(&retryFailed, "retry-failed", false, "retry the items that failed in an earlier run (the default)")
	f.BoolVar(&opts.SkipFailed, "skip-failed", false, "do not retry the items that failed in an earlier run")
	f.StringVar(&opts.Format, "format", "text", "format of the merged frequencies: text, tsv, csv, json or jsonl")
	opts.Text.register(f)
	return cmd
}

// BookResult is one line of a batch's results.
type BookResult struct {
	Item     int              `json:"item"`
	Line     int              `json:"line"`
	Source   string           `json:"source"`
	Key      string           `json:"key,omitempty"`
	ID       int              `json:"gutenberg_id,omitempty"`
	Title    string           `json:"title,omitempty"`
	Author   string           `json:"author,omitempty"`
	Language string           `json:"language,omitempty"`
	Tokens   int64            `json:"tokens"`
	Counts   map[string]int64 `json:"counts,omitempty"`
	Freq     string           `json:"freq,omitempty"` // relative to the output directory
}

// batchPaths are the files of one shard's run.
type batchPaths struct {
	out, results, journal, freq, books string
}

func newBatchPaths(opts *BatchOptions, shard corpus.Shard) batchPaths {
	suffix := ""
	if shard != corpus.All {
		suffix = "-" + shard.String()
	}
	ext := map[string]string{"text": "txt", "tsv": "tsv", "csv": "csv", "json": "json", "jsonl": "jsonl"}[opts.Format]
	p := batchPaths{
		out:     opts.Out,
		results: filepath.Join(opts.Out, "results"+suffix+".jsonl"),
		journal: filepath.Join(opts.Out, "journal"+suffix+".jsonl"),
		freq:    filepath.Join(opts.Out, "freq"+suffix+"."+ext),
		books:   filepath.Join(opts.Out, "books"),
	}
	if opts.Journal != "" {
		p.journal = opts.Journal
	}
	return p
}

func batchRun(ctx context.Context, opts *BatchOptions) error {
	if err := count.CheckFormat(opts.Format); err != nil {
		return usagef("%v", err)
	}
	if len(opts.Words) == 0 && !opts.Freq {
		return usagef("batch needs -w WORD or --freq (or both)")
	}
	if opts.Jobs < 1 {
		return usagef("-j must be 1 or more")
	}
	shard, err := parseShardOpt(opts)
	if err != nil {
		return err
	}
	o := opts.Text.options()
	words := make([][]byte, len(opts.Words))
	for i, w := range opts.Words {
		if strings.IndexFunc(w, unicode.IsSpace) >= 0 {
			return usagef("word %q contains white space", w)
		}
		if words[i] = o.Normalize(nil, []byte(w)); len(words[i]) == 0 {
			return usagef("word %q is empty after normalisation", w)
		}
	}
	items, err := readList(opts)
	if err != nil {
		return err
	}
	p := newBatchPaths(opts, shard)
	if err := os.MkdirAll(p.books, 0o755); err != nil {
		return err
	}
	journal, recs, err := corpus.OpenJournal(p.journal)
	if err != nil {
		return err
	}
	defer journal.Close()

	lib, err := batchLibrary(opts.G)
	if err != nil {
		return err
	}
	var todo []corpus.Item
	sum := batchSummary{}
	for _, it := range items {
		if !shard.Has(it.Index) {
			continue
		}
		sum.total++
		switch r, ok := recs[it.Text]; {
		case ok && r.Status == "done":
			sum.skipped++
		case ok && opts.SkipFailed:
			sum.failed = append(sum.failed, it.Text+": "+r.Error+" (earlier run, --skip-failed)")
		default:
			todo = append(todo, it)
		}
	}
	bar := newItemsBar(opts.G, len(todo))
	b := &batcher{opts: opts, lib: lib, words: words, o: o, paths: p, journal: journal}
	jobs := make(chan corpus.Item)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var fatal error
	for range opts.Jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range jobs {
				rec, err := b.process(ctx, it)
				if ctx.Err() != nil {
					continue // in flight when interrupted: redone next time
				}
				mu.Lock()
				if err == nil {
					err = journal.Append(rec)
				}
				if err != nil && fatal == nil {
					fatal = err
				}
				if rec.Status == "done" {
					sum.done++
				} else {
					sum.failed = append(sum.failed, it.Text+": "+rec.Error)
				}
				bar.step(len(sum.failed))
				mu.Unlock()
			}
		}()
	}
feed:
	for _, it := range todo {
		mu.Lock()
		stop := fatal != nil
		mu.Unlock()
		if stop {
			break
		}
		select {
		case jobs <- it:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	bar.finish()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if fatal != nil {
		return fmt.Errorf("batch: journal %s: %w", p.journal, fatal)
	}
	if err := b.writeOutputs(items, shard); err != nil {
		return err
	}
	sum.print(opts.G.IO.Err, p)
	if len(sum.failed) > 0 {
		return &exitError{code: exitBatchFailed, err: errors.New("some items failed")}
	}
	return nil
}

func parseShardOpt(opts *BatchOptions) (corpus.Shard, error) {
	return corpus.ParseShard(opts.Shard, opts.Getenv)
}

func readList(opts *BatchOptions) ([]corpus.Item, error) {
	var r io.Reader = opts.G.IO.In
	if opts.List != "-" {
		f, err := os.Open(opts.List)
		if err != nil {
			return nil, usagef("cannot read the list: %v", err)
		}
		defer f.Close()
		r = f
	}
	items, err := corpus.ReadList(r)
	if err != nil {
		return nil, usagef("cannot read the list %s: %v", opts.List, err)
	}
	if len(items) == 0 {
		return nil, usagef("the list %s has no sources (one ID, URL or file a line)", opts.List)
	}
	return items, nil
}

// batchLibrary is the global library without per-download progress bars.
func batchLibrary(g *Globals) (*corpus.Library, error) {
	quiet := *g
	quiet.Quiet = true
	return quiet.Library()
}

type batcher struct {
	opts    *BatchOptions
	lib     *corpus.Library
	words   [][]byte
	o       count.Options
	paths   batchPaths
	journal *corpus.Journal
}

// process counts one item and returns its journal record.
func (b *batcher) process(ctx context.Context, it corpus.Item) (corpus.Record, error) {
	rec := corpus.Record{Item: it.Text}
	res, err := b.count(ctx, it)
	if err != nil {
		rec.Status = "failed"
		rec.Error = oneLine(err.Error())
		if it.Err != nil {
			rec.Error = fmt.Sprintf("line %d: %s", it.Line, rec.Error)
		}
		return rec, nil
	}
	rec.Status = "done"
	rec.Result, err = json.Marshal(res)
	return rec, err
}

func (b *batcher) count(ctx context.Context, it corpus.Item) (*BookResult, error) {
	if it.Err != nil {
		return nil, it.Err
	}
	// Freq also gives the word counts (Table.Get) and the tokens.
	o := b.o
	o.Workers = 1 // the batch's workers already use every core
	tx, err := openText(ctx, b.lib, it.Source, &b.opts.Text, false)
	if err != nil {
		return nil, err
	}
	defer tx.Close()
	t, err := tx.freq(o)
	if err != nil {
		return nil, err
	}
	res := &BookResult{Item: it.Index, Line: it.Line, Source: it.Text, Tokens: t.Tokens()}
	h := tx.hdr
	if e := tx.book.Entry; e != nil {
		res.Key, h = e.Key, e.Header
	}
	res.ID, res.Title, res.Author, res.Language = h.ID, h.Title, h.Author, h.Language
	if it.Source.Kind == corpus.ID {
		res.ID = it.Source.ID
	}
	if len(b.words) > 0 {
		res.Counts = map[string]int64{}
		for i, w := range b.words {
			res.Counts[b.opts.Words[i]] = t.Get(w)
		}
	}
	if b.opts.Freq {
		sum := sha256.Sum256([]byte(it.Text))
		name := filepath.Join("books", hex.EncodeToString(sum[:8])+".txt")
		var sb strings.Builder
		if err := count.WriteRows(&sb, "text", t.Sorted()); err != nil {
			return nil, err
		}
		if err := atomicfile.WriteFile(filepath.Join(b.paths.out, name), []byte(sb.String()), 0o644); err != nil {
			return nil, err
		}
		res.Freq = name
	}
	return res, nil
}

// writeOutputs writes the results of every done item of the shard, in
// list order, and with --freq their merged frequencies, from the journal:
// the same whether the batch ran once or was killed and resumed.
func (b *batcher) writeOutputs(items []corpus.Item, shard corpus.Shard) error {
	_, recs, err := corpus.OpenJournal(b.paths.journal)
	if err != nil {
		return err
	}
	var lines []string
	var total *count.Table
	for _, it := range items {
		r, ok := recs[it.Text]
		if !shard.Has(it.Index) || !ok || r.Status != "done" {
			continue
		}
		lines = append(lines, string(r.Result)+"\n")
		if b.opts.Freq {
			var res BookResult
			if err := json.Unmarshal(r.Result, &res); err != nil {
				return err
			}
			t, err := readFreqFile(filepath.Join(b.paths.out, res.Freq))
			if err != nil {
				return fmt.Errorf("batch: %s: %w", it.Text, err)
			}
			if total == nil {
				total = t
			} else {
				total.Merge(t)
			}
		}
	}
	if err := atomicfile.WriteFile(b.paths.results, []byte(strings.Join(lines, "")), 0o644); err != nil {
		return err
	}
	if !b.opts.Freq {
		return nil
	}
	if total == nil {
		total = count.NewTable()
	}
	var sb strings.Builder
	if err := count.WriteRows(&sb, b.opts.Format, total.Sorted()); err != nil {
		return err
	}
	return atomicfile.WriteFile(b.paths.freq, []byte(sb.String()), 0o644)
}

// readFreqFile reads a frequency table in any of freq's formats.
func readFreqFile(name string) (*count.Table, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := count.ReadRows(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	t := count.NewTable()
	for _, r := range rows {
		t.Add([]byte(r.Word), r.Count)
	}
	return t, nil
}

type batchSummary struct {
	total, done, skipped int
	failed               []string
}

func (s batchSummary) print(w io.Writer, p batchPaths) {
	fmt.Fprintf(w, "gutcount: batch: %d items: %d done now, %d done before, %d failed; results in %s\n",
		s.total, s.done, s.skipped, len(s.failed), p.results)
	sort.Strings(s.failed)
	for i, f := range s.failed {
		if i == 20 {
			fmt.Fprintf(w, "  … and %d more (see %s)\n", len(s.failed)-20, p.journal)
			break
		}
		fmt.Fprintf(w, "  failed: %s\n", f)
	}
}

// itemsBar is the overall progress of a batch, on a terminal only.
type itemsBar struct {
	b *progressbar.ProgressBar
}

func newItemsBar(g *Globals, n int) *itemsBar {
	if !g.IO.ErrTTY || g.Quiet || n == 0 {
		return &itemsBar{}
	}
	return &itemsBar{progressbar.NewOptions(n,
		progressbar.OptionSetWriter(g.IO.Err),
		progressbar.OptionSetDescription("books"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("books"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)}
}

func (b *itemsBar) step(failed int) {
	if b.b != nil {
		if failed > 0 {
			b.b.Describe(fmt.Sprintf("books (%d failed)", failed))
		}
		b.b.Add(1)
	}
}

func (b *itemsBar) finish() {
	if b.b != nil {
		b.b.Finish()
	}
}
