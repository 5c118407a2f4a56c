package parquet

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/klauspost/compress/s2"
	"github.com/parquet-go/parquet-go/encoding/rle"
)

// plain is the PLAIN encoding of words, made the obvious way.
func plain(words []string) []byte {
	var b []byte
	for _, w := range words {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(w)))
		b = append(b, w...)
	}
	return b
}

// checkSnappyWords checks that appendSnappyWords's block decodes, with
// s2's Snappy decoder, to the PLAIN encoding of words.
func checkSnappyWords(t *testing.T, words []string) {
	t.Helper()
	want := plain(words)
	if n := plainStringsLen(words); n != len(want) {
		t.Fatalf("plainStringsLen = %d; want %d", n, len(want))
	}
	prefix := []byte("kept")
	block := appendSnappyWords(prefix, words, len(want))
	if !bytes.HasPrefix(block, prefix) {
		t.Fatalf("appendSnappyWords did not keep what dst held")
	}
	got, err := s2.Decode(nil, block[len(prefix):])
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("appendSnappyWords(%.60q) decodes to %.60q, %v; want %.60q", words, got, err, want)
	}
}

func TestSnappyWords(t *testing.T) {
	many := make([]string, 0, 5000)
	for i := range 5000 {
		many = append(many, strings.Repeat("ab", i%40)+string(rune('a'+i%26)))
	}
	for _, words := range [][]string{
		nil,
		{""},
		{"", ""},
		{"a", "a"}, // not Unique, but a valid page all the same
		{"abc", "abd", "abde", "ab", "b", "ba", "bab"},
		{strings.Repeat("x", 61), strings.Repeat("x", 62), "y"},        // literals of over 60 bytes
		{strings.Repeat("x", 300), strings.Repeat("x", 300) + "y"},     // lengths past a byte
		{strings.Repeat("x", 2100), strings.Repeat("x", 2100) + "y"},   // offsets past copy1's
		{strings.Repeat("x", 66000), strings.Repeat("x", 66000) + "y"}, // past copy2's
		many,
	} {
		checkSnappyWords(t, words)
	}
}

func FuzzSnappyWords(f *testing.F) {
	f.Add([]byte("the\nwhale\nwhales\nwhaling\n\nünïcödé\nw"))
	f.Add([]byte("a\na\nab\nabc\nabd\nb"))
	f.Fuzz(func(t *testing.T, b []byte) {
		checkSnappyWords(t, strings.Split(string(b), "\n"))
	})
}

// appendSequence writes what parquet-go's encoder of the same indexes
// does.
func TestAppendSequence(t *testing.T) {
	var ix []int32
	for n := range 2100 {
		want, err := (&rle.DictionaryEncoding{}).EncodeInt32(nil, ix)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendSequence([]byte("kept"), n); !bytes.Equal(got[4:], want) || string(got[:4]) != "kept" {
			t.Fatalf("appendSequence(%d) = % x; want % x", n, got[4:], want)
		}
		ix = append(ix, int32(n))
	}
}

// appendLevels writes levels that parquet-go's decoder reads back.
func TestAppendLevels(t *testing.T) {
	for _, null := range [][]bool{
		nil,
		{true},
		{false, false, false},
		make([]bool, 20),
		{true, true, true, true, true, true, true, true, true, true, true},
		{true, false, true, true, false, false, false, false, false, false, true},
	} {
		rows := max(len(null), 9)
		if null != nil {
			rows = len(null)
		}
		lv := appendLevels(nil, null, rows)
		got, err := (&rle.Encoding{BitWidth: 1}).DecodeLevels(nil, lv)
		if err != nil || len(got) < rows {
			t.Fatalf("levels of %v: %v, %v", null, got, err)
		}
		for i := range rows {
			if want := null == nil || !null[i]; (got[i] == 1) != want {
				t.Fatalf("levels of %v = %v", null, got[:rows])
			}
		}
	}
}
