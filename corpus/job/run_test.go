package job_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/corpus/job"
)

// The temporary files of a shard's tables that a killed run left (its
// words table's too) are removed by the next run of the shard; another
// shard's are not its to remove.
func TestRunRemovesKilledTemps(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "book.txt")
	if err := os.WriteFile(book, []byte("the whale the sea\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	temps := map[string]bool{ // removed
		".words-1-of-2.parquet.tmp123": true, ".counts-1-of-2.parquet.tmp4": true,
		".books-1-of-2.parquet.tmp5": true, ".freq-1-of-2.txt.tmp6": true,
		".words-2-of-2.parquet.tmp7": false,
	}
	killed := time.Now().Add(-time.Hour) // by a process before this one
	for name := range temps {
		path := filepath.Join(out, name)
		os.WriteFile(path, []byte("half"), 0o644)
		os.Chtimes(path, killed, killed)
	}
	b, err := job.NewBooks(&corpus.Library{}, job.BookSettings{Freq: true}, out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Run(context.Background(), job.RunConfig{Shard: batch.Shard{K: 1, N: 2}, Jobs: 1, Format: "text", Table: "parquet"}, strings.NewReader(book+"\n")); err != nil {
		t.Fatal(err)
	}
	for name, removed := range temps {
		if _, err := os.Lstat(filepath.Join(out, name)); (err == nil) == removed {
			t.Errorf("%s: there after the run = %v; want %v", name, err == nil, !removed)
		}
	}
}
