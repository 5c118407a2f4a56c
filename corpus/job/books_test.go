package job_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/corpus/job"
)

// A book done by an earlier run is read back from its block: the merged
// frequencies equal those of the run that counted it.
func TestBooksReadBack(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "book.txt")
	text := strings.Repeat("[Illustration] {x} word,count the\n", 5) + strings.Repeat("[Illustration]\n", 10)
	if err := os.WriteFile(book, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	settings := job.BookSettings{Freq: true, Raw: true}
	out := filepath.Join(dir, "out")
	first, err := job.NewBooks(&corpus.Library{}, settings, out)
	if err != nil {
		t.Fatal(err)
	}
	it := batch.Item{Text: book}
	res, err := first.Process(context.Background(), it)
	if err != nil {
		t.Fatal(err)
	}
	later, err := job.NewBooks(&corpus.Library{}, settings, out)
	if err != nil {
		t.Fatal(err)
	}
	if err := later.Collect(it, res.Result, res.Data); err != nil {
		t.Fatalf("reading back the table of a book done before: %v", err)
	}
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	first.WriteFreq(a, "text")
	later.WriteFreq(b, "text")
	want := "[Illustration] 15\nthe 5\nword,count 5\n{x} 5\n" // counted by hand
	for _, p := range []string{a, b} {
		if got, _ := os.ReadFile(p); string(got) != want {
			t.Errorf("%s = %q; want %q", filepath.Base(p), got, want)
		}
	}
}

// Case 11 of issue 19: a book's result read back from a journal with a
// negative count is refused (the batch then sets the record aside and
// counts the book again).
func TestValidRefusesNegativeCounts(t *testing.T) {
	b := &job.Books{}
	for res, ok := range map[string]bool{
		`{"source":"a","tokens":3,"types":2,"counts":{"whale":1}}`: true,
		`{"source":"a","tokens":-3,"types":2}`:                     false,
		`{"source":"a","tokens":3,"types":-2}`:                     false,
		`{"source":"a","tokens":3,"counts":{"whale":-1}}`:          false,
		`{"source":"a","tokens":"many"}`:                           false,
	} {
		if err := b.Valid(json.RawMessage(res)); (err == nil) != ok {
			t.Errorf("Valid(%s) = %v; want ok %v", res, err, ok)
		}
	}
}

// Tester's 7: a word named like a column of the books table, or like
// another word, is refused before anything is written; other words are
// columns of their own.
func TestTableWordColumns(t *testing.T) {
	out := t.TempDir()
	for _, words := range [][]string{{"whale", "tokens"}, {"title"}, {"Types"}, {"whale", "Whale"}} {
		_, err := job.NewTables(out, batch.All, "csv", job.BookSettings{Words: words})
		var inv *batch.InvalidError
		if !errors.As(err, &inv) || !strings.Contains(err.Error(), fmt.Sprintf("%q", words[len(words)-1])) {
			t.Errorf("words %q: %v; want an *InvalidError naming %q", words, err, words[len(words)-1])
		}
	}
	if ents, _ := os.ReadDir(out); len(ents) != 0 {
		t.Errorf("refused tables left %d files", len(ents))
	}
	tb, err := job.NewTables(out, batch.All, "csv", job.BookSettings{Words: []string{"whale", "the sea"}})
	if err != nil {
		t.Fatal(err)
	}
	tb.Abort()
}

// BenchmarkProcess counts the shared books as batch --freq -n does each
// book: its table, sorted and encoded as a row group, merged into the
// total.
func BenchmarkProcess(b *testing.B) {
	books, _ := filepath.Glob("../../../shared/corpus/books/*.txt")
	if len(books) == 0 {
		b.Skip("no shared corpus")
	}
	bk, err := job.NewBooks(&corpus.Library{}, job.BookSettings{Freq: true, IgnoreCase: true, StripPunct: true}, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, p := range books {
		fi, err := os.Stat(p)
		if err != nil {
			b.Fatal(err)
		}
		size += fi.Size()
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for i, p := range books {
			if _, err := bk.Process(context.Background(), batch.Item{Index: i, Text: p}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
