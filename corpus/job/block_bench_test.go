package job

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/internal/parquet"
)

// BenchmarkBookBlock is what Process does with a book's table once it is
// counted, outside counting: its rows sorted (Table.Sorted), made columns
// and encoded as the counts table's row group, for each of the shared
// books in turn, in one counter's table reused from book to book at the
// size of the largest (War and Peace's, counted first), as a batch
// worker's is. Counting is left out of the time.
func BenchmarkBookBlock(b *testing.B) {
	paths, _ := filepath.Glob("../../../shared/corpus/books/pg*.txt")
	if len(paths) == 0 {
		b.Skip("no shared corpus")
	}
	var books [][]byte
	for _, p := range paths {
		in, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		books = append(books, in)
	}
	slices.SortFunc(books, func(x, y []byte) int { return len(y) - len(x) })
	for _, encode := range []bool{false, true} {
		name := "sorted"
		if encode {
			name = "block"
		}
		b.Run(name, func(b *testing.B) { benchBlock(b, books, encode) })
	}
}

// benchBlock counts books into one reused table and times Sorted, then
// with encode the row group of its rows.
func benchBlock(b *testing.B, books [][]byte, encode bool) {
	c := count.NewCounter(count.Options{IgnoreCase: true, StripPunct: true, Workers: 1})
	enc := parquet.NewEncoder()
	var cols []parquet.Values
	rows := 0
	b.ReportAllocs()
	for b.Loop() {
		rows = 0
		for i, in := range books {
			b.StopTimer()
			c.AddBytes(in)
			t := c.Table()
			b.StartTimer()
			sorted := t.Sorted()
			if encode {
				cols = countsColumns(cols, i, 2701, sorted)
				if _, err := enc.RowGroup(countsSchema, cols); err != nil {
					b.Fatal(err)
				}
				clear(cols[2].Strings)
			}
			rows += len(sorted)
			c.Reuse(t)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rows), "ns/row")
}
