package count_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/count"
)

// Input shapes for the benchmarks, about 8 MiB each.
var shapes = map[string]func() []byte{
	"ascii-prose": func() []byte {
		b, err := os.ReadFile("../../shared/corpus/kjv/kjvbible.txt")
		if err != nil {
			b = []byte(strings.Repeat("In the beginning God created the heaven and the earth.\n", 80000))
		}
		return bytes.Repeat(b, 2)
	},
	"unicode-prose": func() []byte {
		b, err := os.ReadFile("../../shared/corpus/books/pg2600-war-and-peace.txt")
		if err != nil {
			b = []byte(strings.Repeat("«Ну, что, мой милый?» — сказала Анна Павловна.\n", 80000))
		}
		return bytes.Repeat(b, 3)
	},
	"one-huge-token": func() []byte { return bytes.Repeat([]byte("x"), 8<<20) },
	"short-lines":    func() []byte { return bytes.Repeat([]byte("a\nbb\nc\n"), 8<<20/7) },
	"all-distinct": func() []byte {
		r := rand.New(rand.NewPCG(1, 1))
		var b []byte
		for len(b) < 8<<20 {
			for range 8 {
				b = append(b, byte('a'+r.IntN(26)))
			}
			b = append(b, ' ')
		}
		return b
	},
}

func benchShapes(b *testing.B, fn func(b *testing.B, in []byte)) {
	for _, name := range []string{"ascii-prose", "unicode-prose", "one-huge-token", "short-lines", "all-distinct"} {
		in := shapes[name]()
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				fn(b, in)
			}
		})
	}
}

func BenchmarkFreqIgnoreCase(b *testing.B) {
	benchShapes(b, func(b *testing.B, in []byte) {
		if _, err := count.Freq(bytes.NewReader(in), count.Options{IgnoreCase: true}); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkFreqOneWorker(b *testing.B) {
	benchShapes(b, func(b *testing.B, in []byte) {
		if _, err := count.Freq(bytes.NewReader(in), count.Options{IgnoreCase: true, Workers: 1}); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkWords(b *testing.B) {
	words := [][]byte{[]byte("whale")}
	benchShapes(b, func(b *testing.B, in []byte) {
		if _, err := count.Words(bytes.NewReader(in), words, count.Options{}); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkWordsIgnoreCase(b *testing.B) {
	words := [][]byte{[]byte("whale")}
	benchShapes(b, func(b *testing.B, in []byte) {
		if _, err := count.Words(bytes.NewReader(in), words, count.Options{IgnoreCase: true}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkCounterManySmall counts the same 8 MiB of prose as one input
// and as 64 inputs of 128 KiB through one Counter: the many small inputs
// should cost about what the one costs.
func BenchmarkCounterManySmall(b *testing.B) {
	in := shapes["unicode-prose"]()
	for _, n := range []int{1, 64} {
		var parts [][]byte
		for rest := in; len(rest) > 0; {
			k := min(len(rest), len(in)/n)
			if j := bytes.IndexByte(rest[k:], '\n'); j >= 0 {
				k += j + 1
			} else {
				k = len(rest)
			}
			parts = append(parts, rest[:k])
			rest = rest[k:]
		}
		b.Run(fmt.Sprintf("inputs-%d", len(parts)), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				c := count.NewCounter(count.Options{IgnoreCase: true})
				for _, p := range parts {
					c.AddBytes(p)
				}
				c.Table()
			}
		})
	}
}

// BenchmarkSortRows sorts the rows of one book's table, as batch --freq
// does for every book: War and Peace's vocabulary, and those of Alice and
// of Pride and Prejudice under -n (the size of most books' tables).
func BenchmarkSortRows(b *testing.B) {
	norm := count.Options{IgnoreCase: true, StripPunct: true}
	for _, c := range []struct {
		name string
		in   []byte
		opts count.Options
	}{
		{"war-and-peace", shapes["unicode-prose"](), count.Options{}},
		{"alice-n", readBook("pg11-alice.txt"), norm},
		{"pride-n", readBook("pg1342-pride-and-prejudice.txt"), norm},
	} {
		if c.in == nil {
			continue
		}
		t, err := count.Freq(bytes.NewReader(c.in), c.opts)
		if err != nil {
			b.Fatal(err)
		}
		rows := t.Sorted()
		r := rand.New(rand.NewPCG(3, 4))
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				r.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
				b.StartTimer()
				count.SortRows(rows)
			}
		})
	}
}

// BenchmarkSortedBook is Table.Sorted of one book's table, as a batch
// worker's counter leaves it (one worker, -n): the rows batch --freq
// encodes for every book.
func BenchmarkSortedBook(b *testing.B) {
	for _, name := range []string{"pg11-alice.txt", "pg1342-pride-and-prejudice.txt", "pg2701-moby-dick-modern.txt", "pg2229-faust-de.txt"} {
		in := readBook(name)
		if in == nil {
			continue
		}
		c := count.NewCounter(count.Options{IgnoreCase: true, StripPunct: true, Workers: 1})
		c.AddBytes(in)
		t := c.Table()
		b.Run(strings.TrimSuffix(name, ".txt"), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				t.Sorted()
			}
		})
	}
}

// BenchmarkTotals adds the tables of the shared books (-n) to the totals
// of a batch (counts and books of each word), as a batch does each
// book's, each book four times (a batch's totals outgrow the caches too).
func BenchmarkTotals(b *testing.B) {
	names, _ := filepath.Glob("../../shared/corpus/books/pg*.txt")
	var tables []*count.Table
	for _, name := range names {
		in, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		c := count.NewCounter(count.Options{IgnoreCase: true, StripPunct: true, Workers: 1})
		c.AddBytes(in)
		tables = append(tables, c.Table())
	}
	if len(tables) == 0 {
		b.Skip("no shared corpus")
	}
	for b.Loop() {
		tot := count.NewTotals()
		for range 4 {
			for _, t := range tables {
				tot.AddBook(t)
			}
		}
	}
}

// readBook reads a book of the shared corpus, nil when it is absent.
func readBook(name string) []byte {
	b, _ := os.ReadFile("../../shared/corpus/books/" + name)
	return b
}

// BenchmarkCounterShelf counts the shared books again and again into one
// worker's table, which holds their whole vocabulary (eleven books, seven
// languages) after the first pass, as freq -n over many stored books does
// in each lane.
func BenchmarkCounterShelf(b *testing.B) {
	files, _ := filepath.Glob("../../shared/corpus/books/*.txt")
	if len(files) == 0 {
		b.Skip("shared corpus not found")
	}
	var books [][]byte
	size := 0
	for _, f := range files {
		in, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		books = append(books, in)
		size += len(in)
	}
	c := count.NewCounter(count.Options{IgnoreCase: true, StripPunct: true, Workers: 1})
	for _, in := range books {
		c.AddBytes(in)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, in := range books {
			c.AddBytes(in)
		}
	}
}

// BenchmarkFreqNormalizedOneWorker counts as freq -n and batch --freq -n
// do (IgnoreCase and StripPunct) on one core: prose's tokens carry a
// comma or a full stop at an end one time in six or seven.
func BenchmarkFreqNormalizedOneWorker(b *testing.B) {
	benchShapes(b, func(b *testing.B, in []byte) {
		if _, err := count.Freq(bytes.NewReader(in), count.Options{IgnoreCase: true, StripPunct: true, Workers: 1}); err != nil {
			b.Fatal(err)
		}
	})
}
