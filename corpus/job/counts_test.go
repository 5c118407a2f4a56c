package job

import (
	"testing"

	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/internal/parquet"
)

// A book's rows, as countsColumns makes them and the encoder writes
// them, read back as the rows with their item and gutenberg_id: with an
// ID and without (null), of no row, one and many, the columns reused
// from book to book as a worker reuses them.
func TestCountsColumns(t *testing.T) {
	var many []count.Row
	for i := range 300 {
		many = append(many, count.Row{Word: string(rune('a'+i%26)) + string(rune('a'+i/26)), Count: int64(1000 - i/7)})
	}
	var cols []parquet.Values
	enc := parquet.NewEncoder()
	for _, tc := range []struct {
		item, id int
		rows     []count.Row
	}{
		{0, 2701, many},
		{1, 0, many[:1]},
		{2, 11, nil},
		{3, 0, nil},
		{4, 0, many},
		{5, 1342, many[:9]},
	} {
		cols = countsColumns(cols, tc.item, tc.id, tc.rows)
		block, err := enc.RowGroup(countsSchema, cols)
		if err != nil {
			t.Fatalf("item %d: RowGroup: %v", tc.item, err)
		}
		got, err := parquet.DecodeRowGroup(block, countsSchema)
		if err != nil {
			t.Fatalf("item %d: DecodeRowGroup: %v", tc.item, err)
		}
		if n := len(got[2].Strings); n != len(tc.rows) {
			t.Fatalf("item %d: %d rows read back; want %d", tc.item, n, len(tc.rows))
		}
		for i, r := range tc.rows {
			null := len(got[1].Null) > 0 && got[1].Null[i]
			if got[0].Ints[i] != int64(tc.item) || null != (tc.id == 0) || !null && got[1].Ints[i] != int64(tc.id) ||
				got[2].Strings[i] != r.Word || got[3].Ints[i] != r.Count {
				t.Fatalf("item %d row %d = %d %d (null %v) %q %d; want %d %d %q %d", tc.item, i,
					got[0].Ints[i], got[1].Ints[i], null, got[2].Strings[i], got[3].Ints[i], tc.item, tc.id, r.Word, r.Count)
			}
		}
	}
}
