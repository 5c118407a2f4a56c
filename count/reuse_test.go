package count_test

import (
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
