package count

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// MergeCounting merges tables into a total and counts in how many each
// token is, both against maps, for tables of every kind of token (short,
// mid, long, huge) and one with a count beyond 32 bits; the tables merged
// are left as they were.
func TestMergeCounting(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	df, total := NewTable(), NewTable()
	want, wantTotal := map[string]int64{}, map[string]int64{}
	var books, tokens int64
	for book := range 12 {
		toks := randomTokens(r, 1000*book)
		u := NewTable()
		seen := map[string]bool{}
		for i, tok := range toks {
			n := int64(1 + i%4) // counts other than 1 in every kind of slot
			u.Add(tok, n)
			seen[string(tok)] = true
			wantTotal[string(tok)] += n
			tokens += n
		}
		if book == 3 {
			huge := "a token counted more than 2^32 times at once"
			u.Add([]byte(huge), 1<<33)
			seen[huge] = true
			wantTotal[huge] += 1 << 33
			tokens += 1 << 33
		}
		before := u.Tokens()
		total.MergeCounting(u, df)
		if u.Tokens() != before || u.Len() != len(seen) {
			t.Fatalf("book %d: MergeCounting changed its argument", book)
		}
		for w := range seen {
			want[w]++
			books++
		}
		checkTable(t, fmt.Sprintf("MergeCounting of %d tables: the books", book+1), df, want, books)
		checkTable(t, fmt.Sprintf("MergeCounting of %d tables: the total", book+1), total, wantTotal, tokens)
	}
}
