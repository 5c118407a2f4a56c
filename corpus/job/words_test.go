package job

import (
	"context"
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
	var wr wordsReader
	var wantV, v vocab
	wantSum, err := wr.read(ctx, WordsPath(whole, batch.All, "parquet"), "parquet", &wantV)
	if err != nil {
		t.Fatal(err)
	}
	want, wantDF := wantV.tables()

	var sum int64
	for k := 1; k <= n; k++ {
		s, err := wr.read(ctx, WordsPath(sharded, batch.Shard{K: k, N: n}, "parquet"), "parquet", &v)
		if err != nil {
			t.Fatal(err)
		}
		sum += s
	}
	total, df := v.tables()
	if sum != wantSum || sum != total.Tokens() {
		t.Errorf("sum %d, tokens %d; want %d", sum, total.Tokens(), wantSum)
	}
	if got, w := total.Sorted(), want.Sorted(); !slices.Equal(got, w) {
		t.Errorf("frequencies %v; want %v", got, w)
	}
	for _, r := range want.Sorted() {
		if got, w := df.Get([]byte(r.Word)), wantDF.Get([]byte(r.Word)); got != w {
			t.Errorf("books of %q = %d; want %d", r.Word, got, w)
		}
	}
	if df.Len() != wantDF.Len() {
		t.Errorf("%d words with books; want %d", df.Len(), wantDF.Len())
	}
}
