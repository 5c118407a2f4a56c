package count_test

import (
	"bytes"
	"testing"

	"github.com/gutcount/gutcount/count"
)

// FreqBytes keeps no reference to the caller's bytes (on a mapped file, a
// read after the unmap): the tokens of the table, a huge one included,
// are unchanged when the bytes are overwritten afterwards.
func TestFreqBytesKeepsNoReference(t *testing.T) {
	huge := bytes.Repeat([]byte("h"), count.MaxToken-1) // past the size kept in place, short of a run that is no token
	text := append(append([]byte("whale sea whale "), huge...), " a-rather-long-token-of-thirty-bytes sea\n"...)
	for _, o := range []count.Options{{}, {Workers: 1}, {Workers: 3, ChunkSize: 64 << 10}} {
		b := bytes.Clone(text)
		tab, _ := count.FreqBytes(b, o)
		for i := range b {
			b[i] = 'Z'
		}
		want := map[string]int64{"whale": 2, "sea": 2, string(huge): 1, "a-rather-long-token-of-thirty-bytes": 1}
		rows := tab.Sorted()
		if len(rows) != len(want) {
			t.Fatalf("%+v: %d rows after the bytes changed; want %d", o, len(rows), len(want))
		}
		for _, r := range rows {
			if want[r.Word] != r.Count {
				t.Errorf("%+v: row %.40q %d after the bytes changed; want the words of the text", o, r.Word, r.Count)
			}
		}
	}
}
