package corpus_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
)

// Case 12 of issue 19: a local file truncated while it is read (mapped)
// is a *corpus.ShrankError naming it, not a crash (SIGBUS) with a dump of
// every goroutine; so on every core and on the caller's alone, mapped on
// its own or into a MapRegion, which then maps the next file as well.
func TestTruncatedWhileMapped(t *testing.T) {
	for _, maps := range []*corpus.MapRegion{nil, corpus.NewMapRegion(8 << 20)} {
		for _, size := range []int{1 << 12, 1 << 16} { // lines: one chunk, many
			name := t.TempDir() + "/book.txt"
			text := bytes.Repeat([]byte("the prince saw the whale and the sea\n"), size)
			for what, run := range countingWays(count.Options{Workers: 2}) {
				if err := os.WriteFile(name, text, 0o644); err != nil {
					t.Fatal(err)
				}
				tx, err := (&corpus.Library{}).OpenText(context.Background(), corpus.Source{Arg: name, Kind: corpus.File, Path: name}, corpus.TextOptions{Raw: true, Maps: maps})
				if err != nil {
					t.Fatal(err)
				}
				if err := os.Truncate(name, 0); err != nil {
					t.Fatal(err)
				}
				err = run(tx)
				var shrank *corpus.ShrankError
				if !errors.As(err, &shrank) || shrank.Path != name {
					t.Errorf("%s of a text truncated while mapped (%d lines, region %v): %v; want a *ShrankError naming it", what, size, maps != nil, err)
				}
				tx.Close()
				// The next file, whole, counts whole.
				if err := os.WriteFile(name, text, 0o644); err != nil {
					t.Fatal(err)
				}
				tx, err = (&corpus.Library{}).OpenText(context.Background(), corpus.Source{Arg: name, Kind: corpus.File, Path: name}, corpus.TextOptions{Raw: true, Maps: maps})
				if err != nil {
					t.Fatal(err)
				}
				c := count.NewCounter(count.Options{Workers: 1})
				if err := tx.AddTo(c); err != nil {
					t.Fatalf("%s: the next file after a truncated one (region %v): %v", what, maps != nil, err)
				}
				tx.Close()
				if got := c.Table().Get([]byte("whale")); got != int64(size) {
					t.Errorf("%s: the next file after a truncated one (region %v) has whale %d times; want %d", what, maps != nil, got, size)
				}
			}
		}
	}
}
