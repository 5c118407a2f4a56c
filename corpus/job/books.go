// Package job is gutcount's batch job: what package batch runs over each book
// of a list (counting its words and frequencies) and what it makes of the
// results (the merged frequencies).
package job

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/internal/fsx"
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
	Tokens   int64            `json:"tokens"`
	Counts   map[string]int64 `json:"counts,omitempty"`
	Freq     string           `json:"freq,omitempty"` // its table, relative to the batch's folder
}

// Books counts words and frequencies in the books of a batch: Check,
// Process and Collect are a Config's. With Freq, each book's table is
// written to Out/books/ and merged (memory bounded by the vocabulary, not
// by the number of books) for WriteFreq: a book counted now as Process
// counts it, a book done by an earlier run when Collect reads its table.
// A Books serves one Run (or one Merge).
type Books struct {
	Library  *corpus.Library
	Settings BookSettings
	Out      string
	words    []count.Phrase // a word with white space is a phrase

	opts   count.Options
	mu     sync.Mutex
	total  *count.Table
	merged map[int]bool // the items Process added to total
}

// ErrNothingToCount is a batch asked to count no word and no frequencies.
var ErrNothingToCount = errors.New("a batch needs words to count or frequencies, or both")

// NewBooks checks s and returns the counter of a batch in folder out.
func NewBooks(lib *corpus.Library, s BookSettings, out string) (*Books, error) {
	if len(s.Words) == 0 && !s.Freq {
		return nil, ErrNothingToCount
	}
	b := &Books{Library: lib, Settings: s, Out: out, total: count.NewTable(), merged: map[int]bool{}}
	if s.Freq {
		if _, err := b.booksDir(); err != nil {
			return nil, err
		}
	}
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

// Check refuses a list line that is not a SOURCE (standard input is none).
func (b *Books) Check(text string) error {
	src, err := corpus.ParseSource(text)
	if err == nil && src.Kind == corpus.Stdin {
		err = &batch.InvalidError{Msg: "- (standard input) cannot be a batch item"}
	}
	return err
}

// Process counts one book.
func (b *Books) Process(ctx context.Context, it batch.Item) (json.RawMessage, error) {
	src, err := corpus.ParseSource(it.Text)
	if err != nil {
		return nil, err
	}
	tx, err := b.Library.OpenText(ctx, src, corpus.TextOptions{Encoding: b.Settings.Encoding, Raw: b.Settings.Raw})
	if err != nil {
		return nil, err
	}
	defer tx.Close()
	// The table also gives the word counts (Get) and the tokens.
	t, err := tx.Freq(b.opts)
	if err != nil {
		return nil, err
	}
	res := &BookResult{Source: it.Text, Tokens: t.Tokens()}
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
				return nil, err
			}
		}
	}
	if b.Settings.Freq {
		sum := sha256.Sum256([]byte(it.Text))
		name := hex.EncodeToString(sum[:8]) + ".txt"
		res.Freq = path.Join("books", name)
		dir, err := b.booksDir()
		if err != nil {
			return nil, err
		}
		if err := writeTable(filepath.Join(dir, name), "text", t); err != nil {
			return nil, err
		}
		// Merged now, while the table is at hand, so that Collect need
		// not read it back. Should the run fail before the book is
		// journaled, it writes no frequencies at all.
		b.mu.Lock()
		b.total.Merge(t)
		b.merged[it.Index] = true
		b.mu.Unlock()
	}
	return json.Marshal(res)
}

// booksDir makes Out/books if needed and returns it; a link planted there
// is refused, so that no table is written outside the batch's folder.
func (b *Books) booksDir() (string, error) {
	d := filepath.Join(b.Out, "books")
	if err := os.MkdirAll(b.Out, 0o755); err != nil {
		return "", err
	}
	if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return "", err
	}
	fi, err := os.Lstat(d)
	if err != nil {
		return "", err
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("%s is not a directory (a symbolic link?): remove it, or choose another output folder", d)
	}
	return d, nil
}

// countPhrases counts the phrases words[i] for i in which, in the text of
// src opened again, into counts.
func (b *Books) countPhrases(ctx context.Context, src corpus.Source, which []int, counts map[string]int64) error {
	tx, err := b.Library.OpenText(ctx, src, corpus.TextOptions{Encoding: b.Settings.Encoding, Raw: b.Settings.Raw})
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

// writeTable writes t sorted, in format, atomically.
func writeTable(path, format string, t *count.Table) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := fsx.Create(path, 0o644)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := count.WriteRows(f, format, t.Sorted()); err != nil {
		return err
	}
	return f.Commit()
}

// Collect adds a done book's table to the merged frequencies.
func (b *Books) Collect(it batch.Item, result json.RawMessage) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.Settings.Freq || b.merged[it.Index] {
		return nil
	}
	var res BookResult
	if err := json.Unmarshal(result, &res); err != nil {
		return err
	}
	f, err := os.Open(filepath.Join(b.Out, res.Freq))
	if err != nil {
		return err
	}
	defer f.Close()
	return count.EachRowFormat(bufio.NewReaderSize(f, 256<<10), "text", func(r count.Row, _ int) error {
		b.total.Add([]byte(r.Word), r.Count)
		return nil
	})
}

// FreqPath is where WriteFreq writes the merged frequencies of shard.
func (b *Books) FreqPath(shard batch.Shard, format string) string {
	suffix := ""
	if shard != batch.All && shard != (batch.Shard{}) {
		suffix = "-" + shard.String()
	}
	ext := map[string]string{"text": "txt"}[format]
	if ext == "" {
		ext = format
	}
	return filepath.Join(b.Out, "freq"+suffix+"."+ext)
}

// WriteFreq writes the merged frequencies, in format, to path.
func (b *Books) WriteFreq(path, format string) error {
	return writeTable(path, format, b.total)
}
