package job

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/gutcount/gutcount/count"
)

// BenchmarkReadWords reads eight shards' parquet words tables of 80,000
// words each, most of them shared, in orders of their own, as a merge of
// eight shards does.
func BenchmarkReadWords(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	words := make([]string, 100_000)
	for i := range words {
		words[i] = fmt.Sprintf("%.*s%d", r.IntN(12), "wordsofbooks", i)
	}
	dir := b.TempDir()
	var paths []string
	for k := range 8 {
		t, df := count.NewTable(), count.NewTable()
		for _, i := range r.Perm(len(words))[:80_000] {
			t.Add([]byte(words[i]), 1+int64(r.IntN(1000)))
			df.Add([]byte(words[i]), 1+int64(r.IntN(10)))
		}
		paths = append(paths, filepath.Join(dir, fmt.Sprintf("words-%d-of-8.parquet", k+1)))
		rows := t.Sorted()
		books := make([]int64, len(rows))
		for i, r := range rows {
			books[i] = df.Get([]byte(r.Word))
		}
		if err := writeWords(paths[k], "parquet", rows, books); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		var v vocab
		if sums, err := readWords(context.Background(), paths, "parquet", &v); err != nil || sums[7] <= 0 {
			b.Fatalf("readWords = %v, %v", sums, err)
		}
	}
}
