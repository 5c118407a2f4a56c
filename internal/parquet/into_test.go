package parquet_test

import (
	"bytes"
	"testing"

	"github.com/gutcount/gutcount/internal/parquet"
)

// RowGroupInto makes the block of RowGroup, in the memory of a buffer
// that held another block (written over from its start), or in new
// memory when the buffer is too small.
func TestRowGroupInto(t *testing.T) {
	enc, into := parquet.NewEncoder(), parquet.NewEncoder()
	buf := bytes.Repeat([]byte{0xee}, 1<<16)
	for i, g := range groups() {
		want, err := enc.RowGroup(schema, columns(g))
		if err != nil {
			t.Fatal(err)
		}
		got, err := into.RowGroupInto(buf, schema, columns(g))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("group %d: RowGroupInto gave %d bytes unlike RowGroup's %d", i, len(got), len(want))
		}
		if len(want) <= cap(buf) && &got[0] != &buf[0] {
			t.Errorf("group %d: a block of %d bytes not made in a buffer of %d", i, len(want), cap(buf))
		}
		buf = got
	}
}
