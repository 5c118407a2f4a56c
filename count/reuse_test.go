package count_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/count"
)

// A table given back with Reuse counts the next input as a new one
// would, whatever the first held (short, mid and long tokens).
func TestCounterReuse(t *testing.T) {
	o := count.Options{IgnoreCase: true, Workers: 1}
	first := strings.Repeat("the whale, The sea a-rather-long-token-of-thirty-bytes ", 500) + "only-in-the-first"
	second := "the sea and the ship: mid-sized-token a-rather-long-token-of-thirty-bytes"
	c := count.NewCounter(o)
	c.AddBytes([]byte(first))
	c.Reuse(c.Table())
	c.AddBytes([]byte(second))
	got := c.Table()
	fresh := count.NewCounter(o)
	fresh.AddBytes([]byte(second))
	want := fresh.Table()
	if !slices.Equal(got.Sorted(), want.Sorted()) || got.Tokens() != want.Tokens() || got.Len() != want.Len() {
		t.Errorf("after Reuse: %v (%d tokens); want %v (%d tokens)", got.Sorted(), got.Tokens(), want.Sorted(), want.Tokens())
	}
	if n := got.Get([]byte("only-in-the-first")); n != 0 {
		t.Errorf("Get of a token of the first input = %d; want 0", n)
	}
}

// TestReuseSparse: a table that a large input grew, given back and
// counting small inputs (emptied then through the slots its keys took,
// not whole), then a large one again, then small ones (and so on), each
// counted as a new counter counts it: the rows of Sorted, Get of the
// words of the input before (0 unless in this one too), and the totals
// a Totals adds up from those tables, against a map.
func TestReuseSparse(t *testing.T) {
	o := count.Options{IgnoreCase: true, StripPunct: true, Workers: 1}
	words := func(seed, n, distinct int) string {
		var b strings.Builder
		for i := range n {
			k := (i*7919 + seed*104729) % distinct
			switch k % 3 {
			case 0:
				fmt.Fprintf(&b, "w%d ", k) // short
			case 1:
				fmt.Fprintf(&b, "middle-%d-x ", k) // 9 to 16 bytes
			default:
				fmt.Fprintf(&b, "Word%d, ", k)
			}
		}
		return b.String()
	}
	inputs := []string{
		words(1, 60000, 20000), // grows the table
		words(2, 300, 150),     // small: sparse
		words(3, 500, 400),
		words(4, 60000, 25000), // grows it again
		words(5, 200, 100),
		words(1, 60000, 20000),
		words(6, 100, 90),
	}
	c := count.NewCounter(o)
	tot := count.NewTotals()
	wantTot := map[string]int64{}
	var before string
	for k, in := range inputs {
		c.AddBytes([]byte(in))
		got := c.Table()
		fresh := count.NewCounter(o)
		fresh.AddBytes([]byte(in))
		want := fresh.Table()
		if g, w := got.Sorted(), want.Sorted(); !slices.Equal(g, w) {
			t.Fatalf("input %d: %d rows, want %d (first %v, want %v)", k, len(g), len(w), g[:min(3, len(g))], w[:min(3, len(w))])
		}
		inThis := map[string]bool{}
		for _, r := range want.Sorted() {
			inThis[r.Word] = true
			wantTot[r.Word] += r.Count
		}
		for _, w := range strings.Fields(before) {
			w = strings.ToLower(strings.Trim(w, ","))
			if n := got.Get([]byte(w)); !inThis[w] && n != 0 {
				t.Fatalf("input %d: Get(%q) of the input before = %d; want 0", k, w, n)
			}
		}
		tot.AddBook(got)
		c.Reuse(got)
		before = in
	}
	rows, _ := tot.Sorted()
	if len(rows) != len(wantTot) {
		t.Fatalf("totals: %d words; want %d", len(rows), len(wantTot))
	}
	for _, r := range rows {
		if wantTot[r.Word] != r.Count {
			t.Fatalf("totals: %q %d; want %d", r.Word, r.Count, wantTot[r.Word])
		}
	}
}
