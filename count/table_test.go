package count

import (
	"bytes"
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// randomTokens returns n tokens of 1 to 40 bytes (some huge) from a small
// alphabet, so that they repeat.
func randomTokens(r *rand.Rand, n int) [][]byte {
	toks := make([][]byte, n)
	for i := range toks {
		l := 1 + r.IntN(40)
		if r.IntN(500) == 0 {
			l = ownBlock + r.IntN(3*ownBlock)
		}
		tok := make([]byte, l)
		for j := range tok {
			tok[j] = "ab\x00\xff"[r.IntN(4)]
		}
		if l > 3 && r.IntN(2) == 0 {
			tok = tok[:3] // short ones repeat often
		}
		toks[i] = tok
	}
	return toks
}

func checkTable(t *testing.T, name string, tab *Table, want map[string]int64, tokens int64) {
	t.Helper()
	if tab.Len() != len(want) || tab.Tokens() != tokens {
		t.Fatalf("%s: Len, Tokens = %d, %d; want %d, %d", name, tab.Len(), tab.Tokens(), len(want), tokens)
	}
	rows := tab.Sorted()
	if len(rows) != len(want) {
		t.Fatalf("%s: %d rows; want %d", name, len(rows), len(want))
	}
	for i, r := range rows {
		if want[r.Word] != r.Count || tab.Get([]byte(r.Word)) != r.Count {
			t.Fatalf("%s: row %.40q (%d bytes) = %d (Get %d); want %d", name, r.Word, len(r.Word), r.Count, tab.Get([]byte(r.Word)), want[r.Word])
		}
		if i > 0 && (rows[i-1].Count < r.Count || rows[i-1].Count == r.Count && rows[i-1].Word >= r.Word) {
			t.Fatalf("%s: rows %d and %d out of order", name, i-1, i)
		}
	}
	if tab.Get([]byte("not there at all, not at all")) != 0 || tab.Get([]byte("zz")) != 0 {
		t.Fatalf("%s: Get of an absent token is not 0", name)
	}
}

func TestTableAgainstMap(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 100, 5000, 20000} {
		toks := randomTokens(r, n)
		want := map[string]int64{}
		a, b, all := NewTable(), NewTable(), NewTable()
		var tokens int64
		for i, tok := range toks {
			want[string(tok)]++
			tokens++
			all.Add(tok, 1)
			if i%3 == 0 {
				a.Add(tok, 1)
			} else {
				b.Add(tok, 1)
			}
		}
		checkTable(t, fmt.Sprintf("Add %d", n), all, want, tokens)
		merged := NewTable()
		merged.Merge(a)
		merged.Merge(b)
		checkTable(t, fmt.Sprintf("Merge %d", n), merged, want, tokens)
		// Merge leaves its argument as it was; absorb takes it whole.
		merged2 := NewTable()
		merged2.Merge(b)
		a.absorb(b)
		checkTable(t, fmt.Sprintf("absorb %d", n), a, want, tokens)
		a.absorb(merged2)
		for k := range want {
			if merged2Count := a.Get([]byte(k)); merged2Count < want[k] {
				t.Fatalf("absorb twice: %.40q = %d", k, merged2Count)
			}
		}
	}
}

// TestTableOverflow: counts beyond 32 bits spill into a map and still
// add up, merged or not.
func TestTableOverflow(t *testing.T) {
	for _, tok := range [][]byte{[]byte("a"), []byte("abcdefghij"), bytes.Repeat([]byte("x"), 30)} {
		tab := NewTable()
		tab.Add(tok, 1<<32+5)
		tab.Add(tok, 1<<32-1)
		tab.Add(tok, 3)
		want := int64(1<<32+5) + (1<<32 - 1) + 3
		if got := tab.Get(tok); got != want {
			t.Errorf("Get(%.40q) = %d; want %d", tok, got, want)
		}
		u := NewTable()
		u.Add(tok, 1<<32-2)
		u.Merge(tab)
		u.absorb(NewTable())
		if got, rows := u.Get(tok), u.Sorted(); got != want+1<<32-2 || len(rows) != 1 || rows[0].Count != got {
			t.Errorf("merged Get(%.40q) = %d, %d rows; want %d", tok, got, len(rows), want+1<<32-2)
		}
	}
}

// TestSortRowsLarge sorts enough rows for the parallel sort, and sizes
// on both sides of the keyed sort's limits, with many equal counts
// (negative ones too) and words that share their first eight bytes or
// differ only in zero bytes, and checks the order against a plain sort by
// count, then by strings.Compare.
func TestSortRowsLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	stems := []string{"", "a", "ab\x00", "abcdefg", "abcdefgh", "abcdefgh\x00", "\xff\xfe", "é", "\x00"}
	for _, n := range []int{5, 63, 64, 1000, 70000} {
		rows := make([]Row, n)
		for i := range rows {
			w := fmt.Sprintf("%x", r.Uint64()%(1<<(4*uint(1+i%6))))
			if i%3 == 0 {
				w = stems[r.IntN(len(stems))] + w[:r.IntN(len(w)+1)]
			}
			rows[i] = Row{w, int64(r.IntN(4))}
			if i%50 == 0 {
				rows[i].Count = -rows[i].Count - int64(r.IntN(2))<<40
			}
		}
		want := slices.Clone(rows)
		slices.SortFunc(want, func(a, b Row) int {
			if c := cmp.Compare(b.Count, a.Count); c != 0 {
				return c
			}
			return strings.Compare(a.Word, b.Word)
		})
		// Shuffled, already sorted, reversed, and all one row.
		same := slices.Repeat([]Row{{"same", 7}}, n)
		for _, c := range []struct {
			name       string
			in, sorted []Row
		}{{"shuffled", rows, want}, {"sorted", slices.Clone(want), want}, {"reversed", reversed(want), want}, {"equal", same, same}} {
			in := slices.Clone(c.in)
			SortRows(in)
			if !slices.Equal(in, c.sorted) {
				t.Fatalf("SortRows of %d rows (%s) differs from a sort by count and word", n, c.name)
			}
		}
	}
}

func reversed(rows []Row) []Row {
	r := slices.Clone(rows)
	slices.Reverse(r)
	return r
}

// TestTableSplit merges tables on both sides of the split into parts
// (one split, the other not, both ways) for each kind of slot.
func TestTableSplit(t *testing.T) {
	const splitAt = 1 << 11 // small tables split too
	for _, format := range []string{"%d", "token-%08d", "a-rather-long-token-%08d"} {
		for _, sizes := range [][2]int{{6000, 50}, {50, 6000}, {6000, 5000}, {300, 200}} {
			want := map[string]int64{}
			a, b := newTable(splitAt), newTable(splitAt)
			for i := range sizes[0] {
				tok := fmt.Sprintf(format, i)
				a.Add([]byte(tok), 1)
				want[tok]++
			}
			for i := range sizes[1] {
				tok := fmt.Sprintf(format, 2*i)
				b.Add([]byte(tok), 2)
				want[tok] += 2
			}
			var tokens int64
			for _, n := range want {
				tokens += n
			}
			m := newTable(splitAt)
			m.Merge(a)
			m.Merge(b)
			name := fmt.Sprintf("%q %v", format, sizes)
			checkTable(t, "Merge "+name, m, want, tokens)
			a.absorb(b)
			checkTable(t, "absorb "+name, a, want, tokens)
		}
	}
}

// TestTableCountBoundary: a count that reaches 2^32 exactly, by one more
// or at once, neither wraps to 0 nor loses its token, for each kind of
// slot, in Get, in Sorted and through a Merge.
func TestTableCountBoundary(t *testing.T) {
	for _, tok := range [][]byte{[]byte("a"), []byte("abcdefghij"), bytes.Repeat([]byte("x"), 30)} {
		one := NewTable()
		one.Add(tok, 1<<32-1)
		one.Add(tok, 1) // 2^32: one past a slot's 32 bits
		whole := NewTable()
		whole.Add(tok, 1<<32) // at once
		merged := NewTable()
		half := NewTable()
		half.Add(tok, 1<<31)
		merged.Add(tok, 1<<31)
		merged.Merge(half)
		for name, tab := range map[string]*Table{"one more": one, "at once": whole, "merged": merged} {
			if got := tab.Get(tok); got != 1<<32 {
				t.Errorf("%s: Get(%.40q) = %d; want 2^32", name, tok, got)
			}
			if rows := tab.Sorted(); len(rows) != 1 || rows[0].Count != 1<<32 || rows[0].Word != string(tok) {
				t.Errorf("%s: Sorted() = %.80v; want one row of %.40q, 2^32", name, rows, tok)
			}
			if tab.Tokens() != 1<<32 {
				t.Errorf("%s: Tokens() = %d; want 2^32", name, tab.Tokens())
			}
		}
	}
}

// A key counted more often than the key in its home slot (the slot probed
// first, inline) takes that slot: once the table no longer grows, no key
// past its home is counted more often than the key at its home, and the
// counts stay right, of short keys and of keys of 9 to 16 bytes.
func TestTablePromotes(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, size := range []int{6, 14} {
		keys := make([][]byte, 3000)
		for i := range keys {
			keys[i] = fmt.Appendf(nil, "%0*d", size, i)
		}
		tab := newTable(1 << 10) // split into parts early
		tab.promote = true       // as a Counter's worker's table
		want := map[string]int64{}
		var tokens int64
		add := func(k []byte) {
			tab.Add(k, 1)
			want[string(k)]++
			tokens++
		}
		for _, k := range keys {
			add(k) // every key first: the table has its final size
		}
		zipf := rand.NewZipf(r, 1.1, 1, uint64(len(keys)-1))
		for range 200_000 {
			add(keys[len(keys)-1-int(zipf.Uint64())]) // the frequent ones inserted last
		}
		checkTable(t, fmt.Sprintf("%d-byte keys", size), tab, want, tokens)
		behind := 0
		check := func(home, at uint64, n, atHome uint32) {
			if at != home {
				behind++
				if n > atHome {
					t.Fatalf("%d-byte keys: a key counted %d times lies past its home, whose key is counted %d times", size, n, atHome)
				}
			}
		}
		for p := range tab.short.p {
			o := &tab.short.p[p]
			for i := range o.slots {
				if s := &o.slots[i]; s.len != 0 {
					_, home := tab.short.at(slot8Hash(s))
					check(home, uint64(i), s.count, o.slots[home].count)
				}
			}
			m := &tab.mid.p[p]
			for i := range m.slots {
				if s := &m.slots[i]; s.len != 0 {
					_, home := tab.mid.at(slot16Hash(s))
					check(home, uint64(i), s.count, m.slots[home].count)
				}
			}
		}
		if behind == 0 {
			t.Fatalf("%d-byte keys: no key past its home; the test shows nothing", size)
		}
	}
}

// The rows of a table a Counter returned keep their words while the table
// goes on counting (Merge, Add): its keys no longer move.
func TestRowsOfCounterTableStay(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	zipf := rand.NewZipf(r, 1.1, 1, 2999)
	var text []byte
	for i := range 3000 {
		text = fmt.Appendf(text, "w%05d ", i)
	}
	c := NewCounter(Options{Workers: 1})
	c.AddBytes(text)
	tab := c.Table()
	rows := tab.Sorted()
	words := make([]string, len(rows))
	for i, row := range rows {
		words[i] = strings.Clone(row.Word)
	}
	more := NewTable()
	for range 100_000 {
		k := fmt.Appendf(nil, "w%05d", 2999-zipf.Uint64())
		tab.Add(k, 1)
		more.Add(k, 1)
	}
	tab.Merge(more)
	for i, row := range rows {
		if row.Word != words[i] {
			t.Fatalf("row %d: word %q became %q as the table counted on", i, words[i], row.Word)
		}
	}
}
