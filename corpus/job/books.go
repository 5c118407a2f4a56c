// Package job is gutcount's batch job: what package batch runs over each book
// of a list (counting its words and frequencies) and what it makes of the
// results (the merged frequencies).
//
// Layering: job imports corpus, the batch engine and count; nothing
// imports it but cmd.
package job

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/table"
	"github.com/gutcount/gutcount/internal/freelist"
	"github.com/gutcount/gutcount/internal/fsx"
	"github.com/gutcount/gutcount/internal/parquet"
)

// BookSettings say what a batch of books counts. They are recorded in the
// journal: a rerun with other settings is refused, and Merge reads them.
type BookSettings struct {
	Words      []string `json:"words,omitempty"`
	Freq       bool     `json:"freq,omitempty"`
	IgnoreCase bool     `json:"ignore_case,omitempty"`
	StripPunct bool     `json:"strip_punct,omitempty"`
	Raw        bool     `json:"raw,omitempty"`
	Encoding   string   `json:"encoding,omitempty"`
	// Mirror is the mirror Gutenberg IDs are fetched from (without
	// credentials), set by NewBooks: a book's key hashes its URL, so
	// shards fetched from different mirrors have different results, and
	// a rerun or a merge refuses journals of another mirror.
	Mirror string `json:"mirror,omitempty"`
}

// BookResult is what a batch records of one book (results.jsonl adds
// "item" and "line" before it).
type BookResult struct {
	Source   string           `json:"source"`
	Key      string           `json:"key,omitempty"`
	ID       int              `json:"gutenberg_id,omitempty"`
	Title    string           `json:"title,omitempty"`
	Author   string           `json:"author,omitempty"`
	Language string           `json:"language,omitempty"`
	Tokens   int64            `json:"tokens"` // the sum of its counts
	Types    int64            `json:"types"`  // its distinct words
	Counts   map[string]int64 `json:"counts,omitempty"`
}

// Books counts words and frequencies in the books of a batch: Check,
// Process and Collect are a batch.Config's. With Freq, each book's table
// goes to the batch's data file as a Parquet row group (a block of the
// counts table) and is merged, memory bounded by the vocabulary, for
// WriteFreq: a book counted now as Process counts it, a book done by an
// earlier run when Collect reads its block. A Books serves one Run (or
// one Merge).
type Books struct {
	Library  *corpus.Library
	Settings BookSettings
	Out      string
	// Tables, when set, receives every done book (from Collect).
	Tables *Tables
	// Bytes counts the bytes of text Process has read, for progress.
	Bytes atomic.Int64

	words []count.Phrase // a word with white space is a phrase
	opts  count.Options

	mu sync.Mutex
	// total, in a merge that reads the books' blocks, are their
	// frequencies.
	total  *count.Table
	merged map[int]bool // the items Process added to totals
	// df, when set (a merge with tables), counts the books each word is
	// in, for the words table.
	df *count.Table
	// totals, when set (a run with Freq, or Process called), take the
	// place of total and df: one look-up a word where the two took two.
	totals *count.Totals
	// sorting, when set, is closed once ran has sorted the merged
	// frequencies into shardWords.
	sorting chan struct{}
	// early is what ran's goroutine writes once the frequencies are
	// sorted, for finish to commit.
	early *early
	// free are the scratches no Process is using: there are as many as
	// Processes ever ran at once. made are all of them, for gather.
	free freelist.List[*scratch]
	made []*scratch
	// blocks are the memory of books' blocks the journal has written
	// (Release), for the next books' (the engine holds a few per worker),
	// each given the smallest with room for its block (see blockRoom).
	blocks freelist.Bytes

	// shardTokens, when set (a merge of shards), gathers each shard's
	// tokens instead of reading its books' tables: the shards' own
	// frequencies are merged, once checked against them.
	shardTokens []int64
	// shardWords, when set, are the merged frequencies and books, sorted,
	// in place of total and df: of the shards' words tables in a merge,
	// of total or totals in a run (ran, finish).
	shardWords *shardWords
}

// ErrNothingToCount is a batch asked to count no word and no frequencies.
var ErrNothingToCount = errors.New("a batch needs words to count or frequencies, or both")

// NewBooks checks s and returns the counter of a batch in folder out.
func NewBooks(lib *corpus.Library, s BookSettings, out string) (*Books, error) {
	if len(s.Words) == 0 && !s.Freq {
		return nil, ErrNothingToCount
	}
	if lib != nil && s.Mirror == "" {
		s.Mirror = lib.MirrorURL()
	}
	b := &Books{Library: lib, Settings: s, Out: out, total: count.NewTable(), merged: map[int]bool{}}
	b.opts = count.Options{IgnoreCase: s.IgnoreCase, StripPunct: s.StripPunct, Workers: 1}
	for _, w := range s.Words {
		nw := count.ParsePhrase(w, b.opts)
		if len(nw) == 0 {
			return nil, &batch.InvalidError{Msg: fmt.Sprintf("word %q is empty after normalisation", w)}
		}
		b.words = append(b.words, nw)
	}
	return b, nil
}

// SettingsJSON is the settings as the journal records them.
func (b *Books) SettingsJSON() json.RawMessage {
	j, _ := json.Marshal(b.Settings)
	return j
}

// Check refuses a list line that is not a SOURCE (standard input is none),
// or that names a file that is not a regular one (a FIFO, a device, a
// directory, through a link or not): a batch counts what it can read to
// its end and read again, and a FIFO with no writer or /dev/zero held a
// worker, and the run, for ever.
func (b *Books) Check(text string) error {
	src, err := corpus.ParseSource(text)
	switch {
	case err != nil:
		return err
	case src.Kind == corpus.Stdin:
		return &batch.InvalidError{Msg: "- (standard input) cannot be a batch item"}
	case src.Kind == corpus.File:
		if what := fsx.NotRegular(src.Mode); what != "" {
			return &batch.InvalidError{Msg: fmt.Sprintf("%s is %s: a batch counts regular files (and Gutenberg IDs and URLs)", src.Path, what)}
		}
	}
	return nil
}

// Valid vets a book's result read back from a journal: no count is
// negative.
func (b *Books) Valid(result json.RawMessage) error {
	var r BookResult
	if err := json.Unmarshal(result, &r); err != nil {
		return err
	}
	ok := r.Tokens >= 0 && r.Types >= 0
	for _, n := range r.Counts {
		ok = ok && n >= 0
	}
	if !ok {
		return errors.New("a negative count")
	}
	return nil
}

// textOptions are how a batch opens its books' text: a file that is no
// longer a regular one when it is opened (replaced by a FIFO since Check
// looked) fails its item rather than holding a worker.
func (b *Books) textOptions() corpus.TextOptions {
	return corpus.TextOptions{Encoding: b.Settings.Encoding, Raw: b.Settings.Raw, RegularOnly: true}
}

// Process counts one book: its result, and with Freq its table as a
// block of the counts table.
func (b *Books) Process(ctx context.Context, it batch.Item) (batch.Output, error) {
	src, err := corpus.ParseSource(it.Text)
	if err != nil {
		return batch.Output{}, err
	}
	s := b.scratch()
	defer b.release(s) // after tx is closed: its region is s's
	o := b.textOptions()
	o.Maps = s.maps
	tx, err := b.Library.OpenText(ctx, src, o)
	if err != nil {
		return batch.Output{}, err
	}
	defer tx.Close()
	// The table also gives the word counts (Get) and the tokens.
	err = tx.AddTo(s.counter)
	t := s.counter.Table() // and the counter starts afresh, even after an error
	// Once the book is done (its rows encoded, merged), its table counts
	// the next book, not growing anew.
	defer s.counter.Reuse(t)
	if err != nil {
		return batch.Output{}, err
	}
	res := &BookResult{Source: it.Text, Tokens: t.Tokens(), Types: int64(t.Len())}
	h := tx.Header
	if e := tx.Book.Entry; e != nil {
		res.Key, h = e.Key, e.Meta
	}
	res.ID, res.Title, res.Author, res.Language = h.ID, h.Title, h.Author, h.Language
	if src.Kind == corpus.ID {
		res.ID = src.ID
	}
	if len(b.words) > 0 {
		res.Counts = map[string]int64{}
		var phrases []int
		for i, w := range b.words {
			if len(w) > 1 {
				phrases = append(phrases, i)
				continue
			}
			res.Counts[b.Settings.Words[i]] = t.Get(w[0])
		}
		if len(phrases) > 0 {
			// The table has no phrases: count them in a second pass.
			if err := b.countPhrases(ctx, src, phrases, res.Counts); err != nil {
				return batch.Output{}, err
			}
		}
	}
	var out batch.Output
	if b.Settings.Freq {
		rows := t.Sorted()
		res.Tokens, res.Types = 0, int64(len(rows))
		for _, r := range rows {
			res.Tokens += r.Count
		}
		s.cols = countsColumns(s.cols, it.Index, res.ID, rows)
		buf := b.blocks.Get(blockRoom(rows))
		out.Data, err = s.enc.RowGroupInto(buf, countsSchema, s.cols)
		clear(s.cols[2].Strings) // the words are t's
		if err != nil {
			return batch.Output{}, err
		}
		// Merged now, while the table is at hand, so that Collect need
		// not read it back; into the scratch's own totals, which gather
		// adds up once the books are done. Into the run's, under a lock,
		// the other worker waited its turn: a twentieth of a run's time,
		// idle, in a trace.
		if s.totals == nil {
			s.totals = count.NewTotals()
		}
		s.totals.AddBook(t)
		b.mu.Lock()
		b.merged[it.Index] = true
		b.mu.Unlock()
	}
	b.Bytes.Add(bookSize(tx.Book))
	out.Result, err = json.Marshal(res)
	return out, err
}

// blockRoom is room enough, nearly always, for the block of a book's
// rows (sorted): its words' plain encoding as Snappy leaves it at worst
// (a sixth more), four bytes a row for the counts (in long runs of one
// count, they take far less) and a few kilobytes for the rest. Should a
// block need more, it grows.
func blockRoom(rows []count.Row) int {
	words := 0
	for _, r := range rows {
		words += 4 + len(r.Word)
	}
	return words + words/6 + 4*len(rows) + 4<<10
}

// scratch is what a Process uses of its own, kept for the next book (a
// sync.Pool would drop it at each collection of garbage): a counter, which
// keeps its read blocks, an encoder, whose first page allocates its
// history, and the columns of a book's rows.
type scratch struct {
	counter *count.Counter
	enc     *parquet.Encoder
	cols    []parquet.Values
	// totals are the books this scratch counted, merged, till gather
	// adds them to the run's.
	totals *count.Totals
	// maps is where the books' files are mapped (see mapRegion).
	maps *corpus.MapRegion
}

// mapRegion is the address space of a scratch's MapRegion: the files of
// ten books of 0.8 MB, unmapped at once (a TLB flush on both cores)
// where each was on its own, 2.6% of a 400-book run's CPU. Their pages
// stay mapped till then: at most this much more resident memory, of the
// page cache's, a worker.
const mapRegion = 8 << 20

// scratch takes a free scratch, or makes one.
func (b *Books) scratch() *scratch {
	if s, ok := b.free.Get(); ok {
		return s
	}
	s := &scratch{counter: count.NewCounter(b.opts), enc: parquet.NewEncoder(), maps: corpus.NewMapRegion(mapRegion)}
	b.mu.Lock()
	b.made = append(b.made, s)
	b.mu.Unlock()
	return s
}

// Release takes back the memory of a book's block once the batch engine
// has written it: a block for each book, a few hundred kilobytes, made the
// collector run a dozen times in a 400-book run.
func (b *Books) Release(data []byte) { b.blocks.Put(data, 64) }

// gather adds the books each scratch merged to the run's totals, when no
// Process runs: once the batch's items are run, and before the totals
// are read.
func (b *Books) gather() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.made {
		if s.totals != nil {
			if b.totals == nil || b.totals.Len() == 0 && b.totals.Tokens() == 0 {
				b.totals = s.totals
			} else {
				b.totals.Merge(s.totals)
			}
			s.totals = nil
		}
	}
}

// release gives s back.
func (b *Books) release(s *scratch) {
	b.free.Put(s, 0)
}

// countPhrases counts the phrases words[i] for i in which, in the text of
// src opened again, into counts.
func (b *Books) countPhrases(ctx context.Context, src corpus.Source, which []int, counts map[string]int64) error {
	tx, err := b.Library.OpenText(ctx, src, b.textOptions())
	if err != nil {
		return err
	}
	defer tx.Close()
	ps := make([]count.Phrase, len(which))
	for k, i := range which {
		ps[k] = b.words[i]
	}
	n, err := tx.Count(ps, b.opts)
	if err != nil {
		return err
	}
	for k, i := range which {
		counts[b.Settings.Words[i]] = n[k]
	}
	return nil
}

// Collect takes a done book: its table is added to the merged
// frequencies (unless Process did), its rows to the Tables.
func (b *Books) Collect(it batch.Item, result json.RawMessage, data []byte) error {
	var res BookResult
	if b.shardTokens != nil || b.Tables != nil {
		if err := json.Unmarshal(result, &res); err != nil {
			return err
		}
	}
	if data == nil && b.collectsData(it) {
		return fmt.Errorf("no table in the batch's data file")
	}
	if b.shardTokens != nil {
		b.shardTokens[it.Index%len(b.shardTokens)] += res.Tokens
		if b.Tables != nil && b.Settings.Freq {
			var err error
			if data, err = blockOfItem(data, it.Index); err != nil {
				return err
			}
		}
	} else if b.Settings.Freq && !b.wasMerged(it.Index) {
		cols, err := parquet.DecodeRowGroup(data, countsSchema)
		if err != nil {
			return err
		}
		if err := b.addRead(cols[2].Strings, cols[3].Ints); err != nil {
			return err
		}
		words := cols[2].Strings
		if b.Tables != nil && len(words) > 0 && cols[0].Ints[0] != int64(it.Index) {
			if data, err = withItem(cols, it.Index); err != nil {
				return err
			}
		}
	}
	if b.Tables != nil {
		return b.Tables.add(it, &res, data)
	}
	return nil
}

// addRead adds the counts of a book read back to the run's totals (while
// Processes may run: under b.mu, as gather adds theirs).
func (b *Books) addRead(words []string, counts []int64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, w := range words {
		if counts[i] <= 0 {
			return fmt.Errorf("a count of %d for %q in its table", counts[i], w)
		}
		if b.totals != nil {
			b.totals.Add(wordBytes(w), counts[i])
			continue
		}
		b.total.Add(wordBytes(w), counts[i]) // copied when new
		if b.df != nil {
			b.df.Add(wordBytes(w), 1)
		}
	}
	return nil
}

// wasMerged reports whether a Process of this run merged item's table.
func (b *Books) wasMerged(item int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.merged[item]
}

// collectsData reports whether Collect reads a book's block: for the
// tables, or to merge a book that no Process of this run merged.
func (b *Books) collectsData(it batch.Item) bool {
	return b.Settings.Freq && (b.Tables != nil || b.shardTokens == nil && !b.wasMerged(it.Index))
}

// withItem is the block of a book's rows cols under item: a book counted
// by an earlier run (or shard), when the list had it at another place (a
// line put before it since, the list reordered or grown at its top), is
// in the counts table under its item in this run's list, as in the
// results and the books table.
func withItem(cols []parquet.Values, item int) ([]byte, error) {
	for i := range cols[0].Ints {
		cols[0].Ints[i] = int64(item)
	}
	return parquet.NewEncoder().RowGroup(countsSchema, cols)
}

// blockOfItem is a merge's block, data, of the book at item: as it is
// when its rows are under item (only the dictionary of their item column
// is read), else encoded again under it (withItem).
func blockOfItem(data []byte, item int) ([]byte, error) {
	dict, ok, err := parquet.BlockDict(data, countsSchema, 0)
	if err != nil {
		return nil, err
	}
	if ok && (len(dict) == 0 || len(dict) == 1 && dict[0] == int64(item)) {
		return data, nil
	}
	cols, err := parquet.DecodeRowGroup(data, countsSchema)
	if err != nil {
		return nil, err
	}
	if len(cols[0].Ints) == 0 || cols[0].Ints[0] == int64(item) {
		return data, nil
	}
	return withItem(cols, item)
}

// FreqPath is where WriteFreq writes the merged frequencies of shard.
func (b *Books) FreqPath(shard batch.Shard, format string) string {
	ext := map[string]string{"text": "txt"}[format]
	if ext == "" {
		ext = format
	}
	return filepath.Join(b.Out, "freq"+shardSuffix(shard)+"."+ext)
}

func shardSuffix(shard batch.Shard) string {
	if shard != batch.All && shard != (batch.Shard{}) {
		return "-" + shard.String()
	}
	return ""
}

// WriteFreq writes the merged frequencies, in format, to path.
func (b *Books) WriteFreq(path, format string) error {
	return writeFreq(path, format, b.freqRows())
}

// writeFreq writes rows (merged frequencies, sorted), in format, to path.
func writeFreq(path, format string, rows []count.Row) error {
	f, err := fsx.Create(path, 0o644)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := table.WriteRows(f, format, rows); err != nil {
		return err
	}
	return f.Commit()
}

// bookSize is the size of a book's file, as far as it is known cheaply.
func bookSize(book *corpus.Book) int64 {
	if book.Entry != nil {
		return book.Entry.Size
	}
	if book.Path != "" {
		if fi, err := os.Stat(book.Path); err == nil {
			return fi.Size()
		}
	}
	return 0
}
