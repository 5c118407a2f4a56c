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
