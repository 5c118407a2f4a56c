package parquet_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"testing"

	pqgo "github.com/parquet-go/parquet-go"

	"github.com/gutcount/gutcount/internal/parquet"
)

var schema = []parquet.Column{
	{Name: "item", Kind: parquet.Int64, Dict: true},
	{Name: "gutenberg_id", Kind: parquet.Int64, Optional: true, Dict: true},
	{Name: "word", Kind: parquet.String, Dict: true},
	{Name: "count", Kind: parquet.Int64},
	{Name: "title", Kind: parquet.String},
}

// row is a row as parquet-go reads it: a null is a nil pointer.
type row struct {
	Item  int64  `parquet:"item"`
	ID    *int64 `parquet:"gutenberg_id,optional"`
	Word  string `parquet:"word"`
	Count int64  `parquet:"count"`
	Title string `parquet:"title"`
}

// groups are the test's row groups: a book with an ID, one without, an
// empty one and a wide one.
func groups() [][]row {
	id := int64(2701)
	var wide []row
	for i := range 5000 {
		wide = append(wide, row{Item: 3, ID: &id, Word: fmt.Sprintf("w%d", i%1700), Count: int64(i), Title: "wide"})
	}
	return [][]row{
		{{0, &id, "the", 14, "Moby"}, {0, &id, "whale,", 3, "Moby"}, {0, &id, "ünïcödé", 1, "Moby"}, {0, &id, "", 1, ""}},
		{{1, nil, "a", 2, "no id"}, {1, nil, "a", 9, "no id"}},
		{},
		wide,
	}
}

func columns(rows []row) []parquet.Values {
	cols := make([]parquet.Values, len(schema))
	for _, r := range rows {
		cols[0].Ints = append(cols[0].Ints, r.Item)
		if r.ID == nil {
			cols[1].Ints = append(cols[1].Ints, 0)
			cols[1].Null = append(cols[1].Null, true)
		} else {
			cols[1].Ints = append(cols[1].Ints, *r.ID)
			cols[1].Null = append(cols[1].Null, false)
		}
		cols[2].Strings = append(cols[2].Strings, r.Word)
		cols[3].Ints = append(cols[3].Ints, r.Count)
		cols[4].Strings = append(cols[4].Strings, r.Title)
	}
	return cols
}

func write(t *testing.T) ([]byte, []row) {
	t.Helper()
	var buf bytes.Buffer
	w, err := parquet.NewWriter(&buf, schema)
	if err != nil {
		t.Fatal(err)
	}
	enc := parquet.NewEncoder()
	var all []row
	for _, g := range groups() {
		block, err := enc.RowGroup(schema, columns(g))
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Append(block); err != nil {
			t.Fatal(err)
		}
		all = append(all, g...)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), all
}

// The files read back with parquet-go, the library every Go user would
// reach for, as the rows written, nulls included.
func TestReadByParquetGo(t *testing.T) {
	b, want := write(t)
	got, err := pqgo.Read[row](bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("parquet-go Read: %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("parquet-go read %d rows; want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("row %d = %+v; want %+v", i, got[i], want[i])
		}
	}
	f, err := pqgo.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.RowGroups()); n != len(groups()) {
		t.Errorf("parquet-go sees %d row groups; want %d", n, len(groups()))
	}
	word := f.Schema().Fields()[2]
	if word.Type().String() != "BYTE_ARRAY" && word.Type().LogicalType().String() != "STRING" {
		t.Errorf("word column of type %v", word.Type())
	}
	cc := f.Metadata().RowGroups[0].Columns[2].MetaData
	if cc.DictionaryPageOffset == 0 {
		t.Error("the word column has no dictionary page")
	}
}

// Our reader reads what our writer wrote, from the file and from a lone
// block.
func TestReadBack(t *testing.T) {
	b, _ := write(t)
	f, err := parquet.Open(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	enc := parquet.NewEncoder()
	all := []int{0, 1, 2, 3, 4}
	for i, g := range groups() {
		got, err := f.RowGroup(i, all)
		if err != nil {
			t.Fatal(err)
		}
		want := columns(g)
		if !equal(got, want) {
			t.Errorf("row group %d = %+v; want %+v", i, got, want)
		}
		block, err := enc.RowGroup(schema, want)
		if err != nil {
			t.Fatal(err)
		}
		got, err = parquet.DecodeRowGroup(block, schema)
		if err != nil {
			t.Fatal(err)
		}
		if !equal(got, want) {
			t.Errorf("block %d = %+v; want %+v", i, got, want)
		}
	}
	if f.Column("word") != 2 || f.Column("nope") != -1 {
		t.Errorf("Column(word) = %d, Column(nope) = %d; want 2, -1", f.Column("word"), f.Column("nope"))
	}
}

func equal(a, b []parquet.Values) bool {
	for i := range a {
		if len(a[i].Ints)+len(b[i].Ints) > 0 && !reflect.DeepEqual(a[i].Ints, b[i].Ints) ||
			len(a[i].Strings)+len(b[i].Strings) > 0 && !reflect.DeepEqual(a[i].Strings, b[i].Strings) ||
			len(a[i].Null)+len(b[i].Null) > 0 && !reflect.DeepEqual(a[i].Null, b[i].Null) {
			return false
		}
	}
	return true
}

// Files cut short or not Parquet are errors, never panics.
func TestReadBad(t *testing.T) {
	b, _ := write(t)
	for _, n := range []int{0, 4, 12, len(b) / 2, len(b) - 1} {
		_, err := parquet.Open(bytes.NewReader(b[:n]), int64(n))
		if err == nil {
			t.Errorf("Open of %d of %d bytes: no error", n, len(b))
		} else if !errors.Is(err, parquet.ErrFormat) && !errors.Is(err, io.EOF) {
			t.Errorf("Open of %d bytes: %v; want ErrFormat", n, err)
		}
	}
	enc := parquet.NewEncoder()
	block, _ := enc.RowGroup(schema, columns(groups()[0]))
	for n := range len(block) {
		if _, err := parquet.DecodeRowGroup(block[:n], schema); err == nil {
			t.Errorf("DecodeRowGroup of %d of %d bytes: no error", n, len(block))
		}
	}
}

func FuzzDecodeRowGroup(f *testing.F) {
	enc := parquet.NewEncoder()
	for _, g := range groups() {
		block, _ := enc.RowGroup(schema, columns(g))
		f.Add(block)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		parquet.DecodeRowGroup(b, schema) // must not panic
	})
}

// A Unique dictionary column (distinct values, no hash table) reads back
// as the same values.
func TestUniqueDict(t *testing.T) {
	s := []parquet.Column{{Name: "word", Kind: parquet.String, Dict: true, Unique: true}}
	words := []string{"the", "whale", "", "ünïcödé", "sea"}
	block, err := parquet.NewEncoder().RowGroup(s, []parquet.Values{{Strings: words}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := parquet.DecodeRowGroup(block, s)
	if err != nil || !reflect.DeepEqual(got[0].Strings, words) {
		t.Errorf("DecodeRowGroup = %q, %v; want %q", got[0].Strings, err, words)
	}
}

func FuzzOpen(f *testing.F) {
	b, _ := write(&testing.T{})
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		pf, err := parquet.Open(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		cols := make([]int, len(pf.Schema()))
		for i := range cols {
			cols[i] = i
		}
		for g := range pf.RowGroups() {
			pf.RowGroup(g, cols) // must not panic
		}
	})
}

// A counts table of an earlier gutcount, compressed with zstd, reads as
// parquet-go reads it.
func TestReadZstd(t *testing.T) {
	b, err := os.ReadFile("testdata/zstd-counts.parquet")
	if err != nil {
		t.Fatal(err)
	}
	want, err := pqgo.Read[countRow](bytes.NewReader(b), int64(len(b)))
	if err != nil || len(want) == 0 {
		t.Fatalf("parquet-go read %d rows, %v", len(want), err)
	}
	f, err := parquet.Open(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var got []countRow
	var ch parquet.Chunk
	for g := range f.RowGroups() {
		cols, err := f.RowGroup(g, []int{0, 1, 2, 3})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.ReadChunk(g, 3, &ch); err != nil || !reflect.DeepEqual(ch.Ints(), cols[3].Ints) {
			t.Errorf("ReadChunk of row group %d's counts = %v, %v; want %v", g, ch.Ints(), err, cols[3].Ints)
		}
		for i, w := range cols[2].Strings {
			r := countRow{Item: cols[0].Ints[i], Word: w, Count: cols[3].Ints[i]}
			if !cols[1].Null[i] {
				r.ID = &cols[1].Ints[i]
			}
			got = append(got, r)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read %+v; want %+v", got, want)
	}
}
