package parquet_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/gutcount/gutcount/internal/parquet"
	pqgo "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
)

// chunkValues reads every row of c as RowGroup gives them.
func chunkValues(c *parquet.Chunk, k parquet.Kind, optional bool) parquet.Values {
	var v parquet.Values
	for i := range c.Len() {
		if optional {
			v.Null = append(v.Null, c.Null(i))
		}
		if k == parquet.Int64 {
			v.Ints = append(v.Ints, c.Ints()[i])
		} else {
			v.Strings = append(v.Strings, string(c.Bytes(i)))
		}
	}
	return v
}

// A Chunk gives each row as RowGroup does (nulls, dictionary and plain
// strings, an empty group), reused from one read to the next.
func TestReadChunk(t *testing.T) {
	b, _ := write(t)
	f, err := parquet.Open(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var c parquet.Chunk
	for i, g := range groups() {
		want := columns(g)
		for col, s := range schema {
			if err := f.ReadChunk(i, col, &c); err != nil {
				t.Fatalf("ReadChunk(%d, %d): %v", i, col, err)
			}
			if c.Len() != len(g) {
				t.Errorf("ReadChunk(%d, %d).Len() = %d; want %d", i, col, c.Len(), len(g))
			}
			got := make([]parquet.Values, len(schema))
			got[col] = chunkValues(&c, s.Kind, s.Optional)
			if c.Err() != nil {
				t.Errorf("ReadChunk(%d, %d).Err() = %v", i, col, c.Err())
			}
			w := make([]parquet.Values, len(schema))
			w[col] = want[col]
			if !equal(got, w) {
				t.Errorf("ReadChunk(%d, %d) = %+v; want %+v", i, col, got[col], w[col])
			}
		}
	}
	if err := f.ReadChunk(len(groups()), 0, &c); err == nil {
		t.Error("ReadChunk of a row group past the last: no error")
	}
}

// A damaged file read a chunk at a time is an error, never a panic, and
// every row of a chunk that reads can be looked at.
func FuzzReadChunk(f *testing.F) {
	// A small file (the wide group left out) lets the fuzzer work fast.
	var buf bytes.Buffer
	w, _ := parquet.NewWriter(&buf, schema)
	for _, g := range groups()[:3] {
		block, _ := parquet.NewEncoder().RowGroup(schema, columns(g))
		w.Append(block)
	}
	w.Close()
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		pf, err := parquet.Open(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		var c parquet.Chunk
		for g := range pf.RowGroups() {
			for col, s := range pf.Schema() {
				if pf.ReadChunk(g, col, &c) == nil {
					chunkValues(&c, s.Kind, s.Optional)
				}
			}
		}
	})
}

// A plain string column of many pages, compressed or not (as other
// writers make them: parquet-go here), reads through ReadChunk as
// parquet-go reads it.
func TestReadChunkPlainPages(t *testing.T) {
	type row struct {
		Word string `parquet:"word,plain"`
	}
	var rows []row
	for i := range 5000 {
		rows = append(rows, row{fmt.Sprintf("w%d", i*7919%100003)})
	}
	for _, codec := range []compress.Codec{&pqgo.Uncompressed, &pqgo.Snappy} {
		var buf bytes.Buffer
		w := pqgo.NewGenericWriter[row](&buf, pqgo.PageBufferSize(1024), pqgo.DataPageVersion(1), pqgo.Compression(codec))
		if _, err := w.Write(rows); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		f, err := parquet.Open(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		var c parquet.Chunk
		var got []string
		for g := range f.RowGroups() {
			if err := f.ReadChunk(g, 0, &c); err != nil {
				t.Fatalf("%s: ReadChunk(%d, 0): %v", codec.String(), g, err)
			}
			for k := range c.Len() {
				got = append(got, string(c.Bytes(k)))
			}
		}
		if len(got) != len(rows) {
			t.Fatalf("%s: %d rows; want %d", codec.String(), len(got), len(rows))
		}
		for i, r := range rows {
			if got[i] != r.Word {
				t.Fatalf("%s: row %d = %q; want %q", codec.String(), i, got[i], r.Word)
			}
		}
	}
}
