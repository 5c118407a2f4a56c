package count_test

import (
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/count"
)

// BenchmarkSortedBooks is Table.Sorted of book-sized tables, as batch
// --freq -n sorts every book's: the shared books (skipped when they are
// absent) and a synthetic book of Zipf-distributed words (about 17,000
// distinct, half of them once). It reports the time per row beside the
// time per sort, and the processor time (all threads: the collector's
// too), which the load of a shared machine disturbs less than the wall
// time.
func BenchmarkSortedBooks(b *testing.B) {
	files, _ := filepath.Glob("../../shared/corpus/books/*.txt")
	var ins [][]byte
	for _, f := range files {
		if in := readBook(filepath.Base(f)); in != nil {
			ins = append(ins, in)
		}
	}
	b.Run("shelf", func(b *testing.B) {
		if len(ins) == 0 {
			b.Skip("shared corpus not found")
		}
		benchSorted(b, ins)
	})
	b.Run("zipf", func(b *testing.B) { benchSorted(b, [][]byte{zipfBook(150000)}) })
}

// benchSorted counts each of ins with -n into a table of its own, then
// sorts the tables, all of them in each iteration.
func benchSorted(b *testing.B, ins [][]byte) {
	var tables []*count.Table
	rows := 0
	for _, in := range ins {
		c := count.NewCounter(count.Options{IgnoreCase: true, StripPunct: true, Workers: 1})
		c.AddBytes(in)
		t := c.Table()
		tables = append(tables, t)
		rows += t.Len()
	}
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		for _, t := range tables {
			t.Sorted()
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rows), "ns/row")
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/float64(rows), "cpu-ns/row")
}

// zipfBook is a text of n words drawn from a vocabulary of random words
// (2 to 14 letters, some non-ASCII, some sharing their first eight
// letters) by Zipf's law, as the words of a book are.
func zipfBook(n int) []byte {
	r := rand.New(rand.NewPCG(5, 6))
	letters := []string{"e", "t", "a", "o", "i", "n", "s", "h", "r", "d", "l", "u", "c", "m", "w", "f", "g", "y", "p", "b", "v", "k", "é", "ü", "ß"}
	vocab := make([]string, 60000)
	for i := range vocab {
		var w strings.Builder
		if i%20 == 0 {
			w.WriteString("understa") // a shared prefix of eight bytes
		}
		for range 2 + r.IntN(8) + r.IntN(5) {
			w.WriteString(letters[min(r.IntN(len(letters)), r.IntN(len(letters)))])
		}
		vocab[i] = w.String()
	}
	z := rand.NewZipf(r, 1.1, 1, uint64(len(vocab)-1))
	var text []byte
	for range n {
		text = append(text, vocab[z.Uint64()]...)
		text = append(text, ' ')
	}
	return text
}
