package job_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/corpus/job"
)

// sharedRun runs a batch of the shared books (--freq -n --table parquet)
// into out, as shard of it, and returns out.
func sharedRun(b *testing.B, out string, shard batch.Shard) string {
	b.Helper()
	books, _ := filepath.Glob("../../../shared/corpus/books/*.txt")
	if len(books) == 0 {
		b.Skip("no shared corpus")
	}
	bk, err := job.NewBooks(&corpus.Library{}, job.BookSettings{Freq: true, IgnoreCase: true, StripPunct: true}, out)
	if err != nil {
		b.Fatal(err)
	}
	_, err = bk.Run(context.Background(), job.RunConfig{Shard: shard, Jobs: 2, Format: "text", Table: "parquet"}, strings.NewReader(strings.Join(books, "\n")))
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// tfidf of a run of the shared books, with the words table and without
// (a run of an older gutcount: the document frequencies counted first).
func BenchmarkTFIDF(b *testing.B) {
	out := sharedRun(b, filepath.Join(b.TempDir(), "run"), batch.All)
	for _, words := range []bool{true, false} {
		name := "words"
		if !words {
			name = "nowords"
			os.Remove(filepath.Join(out, "words.parquet"))
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				r, err := job.OpenRun(out)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := r.TFIDF(context.Background(), 10); err != nil {
					b.Fatal(err)
				}
				r.Close()
			}
		})
	}
}

// merge OUTDIR of the shared books run as 4 shards.
func BenchmarkMerge(b *testing.B) {
	out := filepath.Join(b.TempDir(), "run")
	for k := 1; k <= 4; k++ {
		sharedRun(b, out, batch.Shard{K: k, N: 4})
	}
	for b.Loop() {
		if _, err := job.Merge(context.Background(), out, job.MergeConfig{Format: "text"}); err != nil {
			b.Fatal(err)
		}
	}
}
