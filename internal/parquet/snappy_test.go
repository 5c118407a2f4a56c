package parquet

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

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
// s2's Snappy decoder, to the PLAIN encoding of words, and that it is
// the block snappyWordsByBytes writes.
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
	if ref := snappyWordsByBytes(words, len(want)); !bytes.Equal(block[len(prefix):], ref) {
		t.Fatalf("appendSnappyWords(%.60q) = % .60x; want % .60x (snappyWordsByBytes)", words, block[len(prefix):], ref)
	}
}

// snappyWordsByBytes is the block appendSnappyWords writes, made the
// plainest way: the prefix a word shares with the one before it found a
// byte at a time, each element appended as it comes, a literal's tag
// written once its length is known.
func snappyWordsByBytes(words []string, raw int) []byte {
	b := binary.AppendUvarint(nil, uint64(raw))
	var lit []byte // the open literal
	flush := func() {
		if len(lit) > 0 {
			b = append(appendLiteralTag(b, len(lit)), lit...)
			lit = nil
		}
	}
	prev := ""
	for i, w := range words {
		k := 0
		for k < len(w) && k < len(prev) && w[k] == prev[k] {
			k++
		}
		n, off := 0, 4+len(prev)
		switch {
		case i == 0 || off >= 1<<16:
		case len(w) == len(prev):
			n = 4 + k
		case k > 0 && len(w)>>8 == len(prev)>>8:
			n = 3 + k
			lit = append(lit, byte(len(w)))
		}
		if n == 0 {
			lit = binary.LittleEndian.AppendUint32(lit, uint32(len(w)))
			lit = append(lit, w...)
		} else {
			flush()
			b = appendCopy(b, n, off)
			lit = append(lit, w[k:]...)
		}
		prev = w
	}
	flush()
	return b
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
	// Words of 0 to 40 bytes of few letters, sorted: prefixes of every
	// length shared, words' bytes stored in one to three pieces.
	r := rand.New(rand.NewPCG(7, 8))
	for range 200 {
		words := make([]string, 1+r.IntN(300))
		for i := range words {
			b := make([]byte, r.IntN(41))
			for j := range b {
				b[j] = "ab\x00\xff"[r.IntN(1+r.IntN(4))]
			}
			words[i] = string(b)
		}
		slices.Sort(words)
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

// decodeIndexes decodes RLE_DICTIONARY indexes with parquet-go's
// decoder, n of them (a page's last bit-packed run may hold more).
func decodeIndexes(t *testing.T, b []byte, n int) []int32 {
	t.Helper()
	ix, err := (&rle.DictionaryEncoding{}).DecodeInt32(nil, b)
	if err != nil || len(ix) < n {
		t.Fatalf("parquet-go decodes % x to %d indexes, %v; want %d", b, len(ix), err, n)
	}
	return ix[:n]
}

// appendSequence's indexes read back, with parquet-go, as 0 to n-1, and
// are the bytes appendPacked makes of them: of one encoder, its runs of
// each width kept, of widths 0 to 17 (past seqWidthMax), in an order
// that makes a width's run before a shorter one of it.
func TestAppendSequence(t *testing.T) {
	e := NewEncoder()
	var ns []int
	for n := range 2100 {
		ns = append(ns, n)
	}
	ns = append(ns, 1<<16, 1<<16-1, 1<<15+3, 1<<16+1, 1<<17, 1000, 1025, 3, 2, 1, 0)
	for _, n := range ns {
		got := e.appendSequence([]byte("kept"), n)
		if string(got[:4]) != "kept" {
			t.Fatalf("appendSequence(%d) did not keep what dst held", n)
		}
		want := make([]int32, n)
		for i := range want {
			want[i] = int32(i)
		}
		if ix := decodeIndexes(t, got[4:], n); !slices.Equal(ix, want) {
			t.Fatalf("appendSequence(%d) = %v", n, ix)
		}
		ref := []byte{byte(bitWidth(n))}
		if n <= 1 {
			ref = binary.AppendUvarint(ref, uint64(n)<<1)
		} else {
			ref = appendPacked(ref, want, bitWidth(n))
		}
		if !bytes.Equal(got[4:], ref) {
			t.Fatalf("appendSequence(%d) = % .40x; want % .40x (appendPacked)", n, got[4:], ref)
		}
	}
}

// appendRuns's indexes read back, with parquet-go, as the runs written:
// runs short and long, aligned to groups of 8 and not, of 1 to 3000
// distinct indexes.
func TestAppendRuns(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for trial := range 500 {
		distinct := 1 + rnd.IntN(1<<rnd.IntN(12))
		var runs []run
		var want []int32
		for range rnd.IntN(200) {
			r := run{index: int32(rnd.IntN(distinct)), n: int32(1 + rnd.IntN(1<<rnd.IntN(6)))}
			runs = append(runs, r)
			for range r.n {
				want = append(want, r.index)
			}
		}
		got, _ := appendRuns(nil, runs, distinct, nil)
		if ix := decodeIndexes(t, got, len(want)); !slices.Equal(ix, want) {
			t.Fatalf("trial %d: appendRuns(%v) = %v; want %v", trial, runs, ix, want)
		}
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

// BenchmarkSnappyWords writes the dictionary page of each shared book's
// words (lowercased letters and digits, by count descending then word,
// as a batch's counts table has them), its words' bytes one after the
// other in memory as Table.Sorted leaves them.
func BenchmarkSnappyWords(b *testing.B) {
	paths, _ := filepath.Glob("../../../shared/corpus/books/pg*.txt")
	if len(paths) == 0 {
		b.Skip("no shared corpus")
	}
	var books [][]string
	n := 0
	for _, p := range paths {
		in, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		counts := map[string]int{}
		for _, w := range strings.FieldsFunc(strings.ToLower(string(in)), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}) {
			counts[w]++
		}
		words := slices.Collect(maps.Keys(counts))
		slices.SortFunc(words, func(a, b string) int {
			return cmp.Or(cmp.Compare(counts[b], counts[a]), strings.Compare(a, b))
		})
		packed := strings.Join(words, "")
		for i, o := 0, 0; i < len(words); i++ {
			words[i], o = packed[o:o+len(words[i])], o+len(words[i])
		}
		books = append(books, words)
		n += len(words)
	}
	var page []byte
	for b.Loop() {
		for _, words := range books {
			page = appendSnappyWords(page[:0], words, plainStringsLen(words))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/word")
}
