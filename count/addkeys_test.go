package count

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// AddKeys counts in how many tables each token is, against a map, for
// tables of every kind of token (short, mid, long, huge) and one with a
// count beyond 32 bits; the tables added are left as they were.
func TestAddKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	df := NewTable()
	want := map[string]int64{}
	var sum int64
	for book := range 12 {
		toks := randomTokens(r, 1000*book)
		u := NewTable()
		seen := map[string]bool{}
		for _, tok := range toks {
			u.Add(tok, 1)
			seen[string(tok)] = true
		}
		if book == 3 {
			u.Add([]byte("a token counted more than 2^32 times at once"), 1<<33)
			seen["a token counted more than 2^32 times at once"] = true
		}
		before := u.Tokens()
		df.AddKeys(u)
		if u.Tokens() != before || u.Len() != len(seen) {
			t.Fatalf("book %d: AddKeys changed its argument", book)
		}
		for w := range seen {
			want[w]++
			sum++
		}
		checkTable(t, fmt.Sprintf("AddKeys of %d tables", book+1), df, want, sum)
	}
}
