package count

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestTopRows(t *testing.T) {
	rows := []Row{{"the", 9}, {"whale", 5}, {"sea", 5}, {"ship", 2}, {"oar", 1}}
	for _, c := range []struct {
		top  int
		min  int64
		want []Row
	}{
		{0, 0, rows},
		{2, 0, rows[:2]},
		{0, 5, rows[:3]},
		{2, 5, rows[:2]},
		{10, 2, rows[:4]},
		{0, 10, rows[:0]},
	} {
		if got := TopRows(rows, c.top, c.min); !slices.Equal(got, c.want) {
			t.Errorf("TopRows(top %d, min %d) = %v; want %v", c.top, c.min, got, c.want)
		}
	}
}

// TestSortRowsCounts sorts rows of counts on both sides of the radix
// sort's limits (0, negative, 1 to 255, above), in tables of sizes on
// both sides of its limits, with words that share their first eight
// bytes, and checks the order against a plain sort by count, then word.
func TestSortRowsCounts(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	stems := []string{"", "z", "abcdefgh", "abcdefgh\x00", "ab\x00", "\xff"}
	counts := []int64{1, 1, 1, 2, 3, 254, 255, 256, 1000, 1 << 33, 0, -1, -1 << 40}
	for _, n := range []int{255, 256, 3000, 1 << 16, 1<<16 + 1} {
		rows := make([]Row, n)
		for i := range rows {
			w := stems[r.IntN(len(stems))] + strconv.FormatUint(r.Uint64()%uint64(n), 36)
			rows[i] = Row{w, counts[r.IntN(len(counts))]}
			if i%7 == 0 {
				rows[i].Count = int64(r.IntN(300))
			}
		}
		want := slices.Clone(rows)
		slices.SortFunc(want, func(a, b Row) int {
			if c := cmp.Compare(b.Count, a.Count); c != 0 {
				return c
			}
			return strings.Compare(a.Word, b.Word)
		})
		got := slices.Clone(rows)
		SortRows(got)
		if !slices.Equal(got, want) {
			t.Fatalf("SortRows of %d rows differs from a sort by count and word", n)
		}
	}
}

// prefix8 is the first eight bytes of a string, as a plain loop makes it.
func TestPrefix8(t *testing.T) {
	for _, w := range []string{"", "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh", "abcdefghi", "\xff\x00é", "é\x00\x01\x02\x03"} {
		var want uint64
		for i := range min(len(w), 8) {
			want |= uint64(w[i]) << (56 - 8*i)
		}
		if got := prefix8(w); got != want {
			t.Errorf("prefix8(%q) = %#x; want %#x", w, got, want)
		}
	}
}

// TestSortedBook checks the rows of tables the size of a book's (sorted
// from the table's own keys) and around it against a plain sort of the
// counts they were given: words of every kind of slot (up to 8 bytes, 9
// to 16, longer), some sharing their first eight bytes or differing only
// by a trailing zero byte, counts on both sides of the radix sort's.
func TestSortedBook(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	stems := []string{"", "z", "ab", "ab\x00", "abcdefgh", "abcdefgh\x00", "abcdefghijklmnop", "abcdefghijklmnopq", "\xff"}
	counts := []int64{1, 1, 1, 2, 3, 254, 255, 256, 1000, 70000}
	for _, n := range []int{100, 255, 256, 3000, 20000} {
		tab := NewTable()
		want := map[string]int64{}
		for len(want) < n {
			w := stems[r.IntN(len(stems))] + strconv.FormatUint(r.Uint64()%uint64(4*n), 36)
			if r.IntN(5) == 0 && w != "" {
				w = stems[1+r.IntN(len(stems)-1)] // a stem alone, often
			}
			c := counts[r.IntN(len(counts))]
			tab.Add([]byte(w), c)
			want[w] += c
		}
		var rows []Row
		for w, c := range want {
			rows = append(rows, Row{w, c})
		}
		slices.SortFunc(rows, func(a, b Row) int {
			if c := cmp.Compare(b.Count, a.Count); c != 0 {
				return c
			}
			return strings.Compare(a.Word, b.Word)
		})
		if got := tab.Sorted(); !slices.Equal(got, rows) {
			t.Fatalf("Sorted of a table of %d words differs from a sort by count and word", n)
		}
	}
}
