package parquet_test

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	pqgo "github.com/parquet-go/parquet-go"

	"github.com/gutcount/gutcount/internal/parquet"
)

// countsSchema is batch's counts table: a book's rows.
var countsSchema = []parquet.Column{
	{Name: "item", Kind: parquet.Int64, Dict: true},
	{Name: "gutenberg_id", Kind: parquet.Int64, Optional: true, Dict: true},
	{Name: "word", Kind: parquet.String, Dict: true, Unique: true},
	{Name: "count", Kind: parquet.Int64, Dict: true},
}

// countRow is a row of the counts table as parquet-go reads it: a null
// gutenberg_id is a nil pointer.
type countRow struct {
	Item  int64  `parquet:"item"`
	ID    *int64 `parquet:"gutenberg_id,optional"`
	Word  string `parquet:"word"`
	Count int64  `parquet:"count"`
}

// bookColumns are the counts table's columns of the book at path, as
// batch --freq -n makes them (its words, lowercased, by count descending
// then word), with a tokenizer of its own: letters and digits.
func bookColumns(tb testing.TB, path string, item int64) []parquet.Values {
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	counts := map[string]int64{}
	for _, w := range strings.FieldsFunc(strings.ToLower(string(b)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		counts[w]++
	}
	words := make([]string, 0, len(counts))
	for w := range counts {
		words = append(words, w)
	}
	slices.SortFunc(words, func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), strings.Compare(a, b))
	})
	cols := make([]parquet.Values, len(countsSchema))
	for _, w := range words {
		cols[0].Ints = append(cols[0].Ints, item)
		cols[1].Ints = append(cols[1].Ints, 2701)
		cols[2].Strings = append(cols[2].Strings, w)
		cols[3].Ints = append(cols[3].Ints, counts[w])
	}
	return cols
}

// BenchmarkRowGroupBook encodes the counts table's row group of each of
// the shared books, as a batch's worker does for each book it counts.
func BenchmarkRowGroupBook(b *testing.B) {
	paths, _ := filepath.Glob("../../../shared/corpus/books/pg*.txt")
	if len(paths) == 0 {
		b.Skip("no shared corpus")
	}
	var books [][]parquet.Values
	for i, p := range paths {
		books = append(books, bookColumns(b, p, int64(i)))
	}
	enc := parquet.NewEncoder()
	var size int64
	for b.Loop() {
		size = 0
		for _, cols := range books {
			block, err := enc.RowGroup(countsSchema, cols)
			if err != nil {
				b.Fatal(err)
			}
			size += int64(len(block))
		}
	}
	b.ReportMetric(float64(size), "bytes")
}

// uniqueWords are the words of a table whose dictionary page is written
// by front coding: words that share prefixes and lengths with the one
// before them, and that do not; of lengths 0 to 70,000 (past what one
// byte, two bytes and a 64 KiB copy offset hold); in sorted runs and not.
func uniqueWords() [][]string {
	long := func(n int, c byte) string { return strings.Repeat(string(c), n) }
	var sorted []string
	for i := range 3000 {
		sorted = append(sorted, fmt.Sprintf("w%05d", i*7))
	}
	var mixed []string
	for i := range 500 {
		mixed = append(mixed, fmt.Sprintf("%x", i*i*2654435761), "pre"+strings.Repeat("x", i%70))
	}
	return [][]string{
		nil,
		{"a"},
		{"", "a", "", "ab", "abc", "abd", "abd\x00", "b"},
		{"the", "of", "and", "to", "whale", "whaled", "whales", "whaling", "ünïcödé", "ünïcödés"},
		sorted,
		mixed,
		{long(255, 'a'), long(256, 'a'), long(256, 'a') + "b", long(300, 'a'), long(511, 'a'), long(512, 'b'), "a"},
		{long(70000, 'x'), long(70000, 'x') + "y", "x", long(65600, 'x'), long(65600, 'x') + "z"},
	}
}

// Tables of a Unique word column read back, with parquet-go and with our
// reader, as the rows written.
func TestUniqueByParquetGo(t *testing.T) {
	var buf bytes.Buffer
	w, err := parquet.NewWriter(&buf, countsSchema)
	if err != nil {
		t.Fatal(err)
	}
	enc := parquet.NewEncoder()
	var want []countRow
	for g, words := range uniqueWords() {
		cols := make([]parquet.Values, len(countsSchema))
		id := int64(g * 100)
		for i, word := range words {
			cols[0].Ints = append(cols[0].Ints, int64(g))
			cols[1].Ints = append(cols[1].Ints, id)
			cols[1].Null = append(cols[1].Null, g%2 == 1)
			cols[2].Strings = append(cols[2].Strings, word)
			cols[3].Ints = append(cols[3].Ints, int64(len(words)-i/3))
			r := countRow{Item: int64(g), Word: word, Count: int64(len(words) - i/3)}
			if g%2 == 0 {
				r.ID = &id
			}
			want = append(want, r)
		}
		block, err := enc.RowGroup(countsSchema, cols)
		if err != nil {
			t.Fatal(err)
		}
		back, err := parquet.DecodeRowGroup(block, countsSchema)
		if err != nil {
			t.Fatalf("group %d: DecodeRowGroup: %v", g, err)
		}
		if !slices.Equal(back[2].Strings, words) {
			t.Fatalf("group %d: DecodeRowGroup = %.80q; want %.80q", g, back[2].Strings, words)
		}
		if err := w.Append(block); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := pqgo.Read[countRow](bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatalf("parquet-go Read: %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("parquet-go read %d rows; want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("row %d = %.80v; want %.80v", i, got[i], want[i])
		}
	}
}
