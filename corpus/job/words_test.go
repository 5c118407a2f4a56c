package job

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/count"
)

// The words tables of a run's shards, read one after another into one
// vocab, sum to the words table of one run over the whole list: each
// word's count and books.
func TestWordsReaderShards(t *testing.T) {
	dir := t.TempDir()
	var list []string
	for i := range 7 {
		book := filepath.Join(dir, fmt.Sprintf("book%d.txt", i))
		text := strings.Repeat("the whale and the sea\n", i+1) + fmt.Sprintf("only%d longer-than-sixteen-bytes%d mid-length-%d\n", i, i%2, i%3)
		if err := os.WriteFile(book, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		list = append(list, book)
	}
	run := func(out string, shard batch.Shard) {
		b, err := NewBooks(&corpus.Library{}, BookSettings{Freq: true}, out)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.Run(context.Background(), RunConfig{Shard: shard, Jobs: 1, Format: "text", Table: "parquet"}, strings.NewReader(strings.Join(list, "\n"))); err != nil {
			t.Fatal(err)
		}
	}
	whole, sharded := filepath.Join(dir, "whole"), filepath.Join(dir, "sharded")
	run(whole, batch.All)
	const n = 3
	for k := 1; k <= n; k++ {
		run(sharded, batch.Shard{K: k, N: n})
	}
	ctx := context.Background()
	var wantV, v vocab
	wantSums, err := readWords(ctx, []string{WordsPath(whole, batch.All, "parquet")}, "parquet", &wantV)
	if err != nil {
		t.Fatal(err)
	}
	wantSum := wantSums[0]
	want := wantV.sorted()

	var paths []string
	for k := 1; k <= n; k++ {
		paths = append(paths, WordsPath(sharded, batch.Shard{K: k, N: n}, "parquet"))
	}
	sums, err := readWords(ctx, paths, "parquet", &v)
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, s := range sums {
		sum += s
	}
	got := v.sorted()
	if sum != wantSum {
		t.Errorf("sum %d; want %d", sum, wantSum)
	}
	if !slices.Equal(got.rows, want.rows) {
		t.Errorf("frequencies %v; want %v", got.rows, want.rows)
	}
	if !slices.Equal(got.books, want.books) {
		t.Errorf("books %v; want %v", got.books, want.books)
	}

	// A table missing or damaged stops the reading there: its sum and
	// those after it are -1, with no error (the books' tables decide); a
	// cancelled reading is an error.
	damaged := filepath.Join(dir, "damaged.parquet")
	b, _ := os.ReadFile(paths[1])
	os.WriteFile(damaged, b[:len(b)/2], 0o644)
	for _, bad := range []string{filepath.Join(dir, "missing.parquet"), damaged} {
		var v vocab
		sums, err := readWords(ctx, []string{paths[0], bad, paths[2]}, "parquet", &v)
		if err != nil || sums[0] <= 0 || sums[1] != -1 || sums[2] != -1 {
			t.Errorf("readWords with %s second = %v, %v; want [>0 -1 -1], nil", filepath.Base(bad), sums, err)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := readWords(cancelled, paths, "parquet", &vocab{}); !errors.Is(err, context.Canceled) {
		t.Errorf("readWords cancelled: %v; want %v", err, context.Canceled)
	}
}

// Each worker merges the books it counts into its scratch's totals, with
// no lock; gather adds them up before the frequencies are read. Two books
// counted in two scratches give the hand-counted frequencies of both,
// with and without tables (Totals or Table).
func TestGatherScratches(t *testing.T) {
	dir := t.TempDir()
	var books []string
	for i, text := range []string{"the whale the sea\n", "a sea of whales the end\n"} {
		path := filepath.Join(dir, fmt.Sprintf("book%d.txt", i))
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		books = append(books, path)
	}
	const want = "the 3\nsea 2\na 1\nend 1\nof 1\nwhale 1\nwhales 1\n"
	for _, tables := range []bool{false, true} {
		b, err := NewBooks(&corpus.Library{}, BookSettings{Freq: true}, filepath.Join(dir, fmt.Sprint(tables)))
		if err != nil {
			t.Fatal(err)
		}
		if tables {
			b.totals = count.NewTotals()
		}
		s1, s2 := b.scratch(), b.scratch()
		b.release(s1) // the first book is counted in s1
		if _, err := b.Process(context.Background(), batch.Item{Index: 0, Text: books[0]}); err != nil {
			t.Fatal(err)
		}
		b.scratch() // s1 again, busy: the second book is counted in s2
		b.release(s2)
		if _, err := b.Process(context.Background(), batch.Item{Index: 1, Text: books[1]}); err != nil {
			t.Fatal(err)
		}
		if (s1.total == nil && s1.totals == nil) || (s2.total == nil && s2.totals == nil) {
			t.Fatalf("tables %v: a book was not counted in a scratch of its own", tables)
		}
		b.gather()
		var rows []count.Row
		if tables {
			rows, _ = b.totals.Sorted()
		} else {
			rows = b.total.Sorted()
		}
		var got strings.Builder
		for _, r := range rows {
			fmt.Fprintf(&got, "%s %d\n", r.Word, r.Count)
		}
		if got.String() != want {
			t.Errorf("tables %v: gathered %q; want %q", tables, got.String(), want)
		}
	}
}
