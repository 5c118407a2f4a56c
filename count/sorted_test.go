package count

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// referenceSorted is the order Sorted documents, made the plainest way:
// rows by count descending, then word in ascending byte order.
func referenceSorted(counts map[string]int64) []Row {
	rows := make([]Row, 0, len(counts))
	for w, c := range counts {
		rows = append(rows, Row{w, c})
	}
	slices.SortFunc(rows, func(a, b Row) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return strings.Compare(a.Word, b.Word)
	})
	return rows
}

// randomWord is a word of the shapes that test a sort by the first bytes
// of words: short, of 9 to 16 bytes, longer than 16; sharing seven, eight
// or nine bytes with others; with non-ASCII and zero bytes.
// In text (in), words are of letters only, ASCII and not, so that the
// tokenizer finds them whole.
func randomWord(r *rand.Rand, in bool) string {
	stems := []string{"", "", "", "a", "un", "underst", "understa", "understan", "\xc3\xa9t\xc3\xa9", "\xff\xfe", "ab\x00", "abcdefg\x00", "zzzzzzzzzzzzzzzz"}
	alphabet := []string{"e", "t", "a", "o", "i", "n", "s", "h", "\x00", "\x01", "\x7f", "\x80", "\xc3\xa9", "\xff"}
	if in {
		stems = []string{"", "", "", "a", "un", "underst", "understa", "understan", "\xc3\xa9t\xc3\xa9", "zzzzzzzzzzzzzzzz"}
		alphabet = []string{"e", "t", "a", "o", "i", "n", "s", "h", "\xc3\xa9", "\xc3\xbc", "\xe4\xb8\x80"}
	}
	var b strings.Builder
	b.WriteString(stems[r.IntN(len(stems))])
	n := r.IntN(6)
	if r.IntN(8) == 0 {
		n += 10 + r.IntN(20) // past 16 bytes: a long key
	}
	for range n {
		b.WriteString(alphabet[r.IntN(len(alphabet))])
	}
	if b.Len() == 0 {
		b.WriteByte('x')
	}
	return b.String()
}

// randomCount is a count as a book's are (most of them 1, few large),
// now and then one around the radix sort's limits or beyond a slot's 32
// bits.
func randomCount(r *rand.Rand) int64 {
	switch r.IntN(40) {
	case 0:
		return []int64{254, 255, 256, 257, 1000, 70000, math.MaxUint32, math.MaxUint32 + 1, 1 << 40}[r.IntN(9)]
	case 1, 2, 3:
		return 2 + r.Int64N(300)
	}
	return 1 + int64(r.ExpFloat64()*2)
}

// TestSortedReference checks Sorted against referenceSorted on many
// random tables of sizes on both sides of the radix sort's limits, some
// counted by a Counter and given back with Reuse before the next (whose
// rows then take the memory of the last), and that a second Sorted of a
// table leaves the rows of the first as they were.
func TestSortedReference(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	c := NewCounter(Options{Workers: 1})
	sizes := []int{1, 50, 255, 256, 257, 1000, 5000, 20000, 1 << 16, 1<<16 + 1}
	for round := range 60 {
		n := sizes[round%len(sizes)]
		if round%3 == 0 {
			n = 1 + r.IntN(30000)
		}
		want := map[string]int64{}
		var tab *Table
		if round%2 == 0 {
			// Counted from text, by a counter whose table is reused.
			var text []byte
			for len(want) < n {
				w := randomWord(r, true)
				k := 1 + r.IntN(3)
				if r.IntN(50) == 0 {
					k = 256 + r.IntN(300)
				}
				want[w] += int64(k)
				for range k {
					text = append(text, w...)
					text = append(text, ' ')
				}
			}
			c.AddBytes(text)
			tab = c.Table()
		} else {
			tab = NewTable()
			for len(want) < n {
				w, k := randomWord(r, false), randomCount(r)
				tab.Add([]byte(w), k)
				want[w] += k
			}
		}
		wantRows := referenceSorted(want)
		got := tab.Sorted()
		if !slices.Equal(got, wantRows) {
			t.Fatalf("round %d: Sorted of %d words differs from the reference order (first difference at %d)", round, len(want), firstDiff(got, wantRows))
		}
		kept := slices.Clone(got)
		if again := tab.Sorted(); !slices.Equal(again, wantRows) || !slices.Equal(got, kept) {
			t.Fatalf("round %d: a second Sorted differs, or changed the rows of the first", round)
		}
		if round%2 == 0 {
			c.Reuse(tab)
		}
	}
}

func firstDiff(a, b []Row) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
