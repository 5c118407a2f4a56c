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
