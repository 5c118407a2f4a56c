package count

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// Totals add books' tables (AddBook) and tokens of books read back (Add):
// their counts and books against maps, for tokens of every kind (short,
// mid, long, huge), a count beyond 32 bits, and totals split into parts
// or not; Sorted in order, each row's books those of its word, and the
// same rows as a Table merging the same books. Totals of the books taken
// in turns (as by two workers), merged (Merge), are the same as well.
func TestTotals(t *testing.T) {
	for _, splitAt := range []int{splitSlots, 1 << 11} {
		r := rand.New(rand.NewPCG(11, 12))
		tot, total := newTotals(splitAt), NewTable()
		halves := [2]*Totals{newTotals(splitAt), newTotals(splitAt)}
		wantCount, wantBooks := map[string]int64{}, map[string]int64{}
		var tokens int64
		for book := range 14 {
			toks := randomTokens(r, 900*book)
			seen := map[string]bool{}
			if book%3 == 2 {
				// A book read back: each of its words added once.
				counts := map[string]int64{}
				for i, tok := range toks {
					counts[string(tok)] += int64(1 + i%5)
				}
				for w, n := range counts {
					tot.Add([]byte(w), n)
					halves[book%2].Add([]byte(w), n)
					total.Add([]byte(w), n)
					wantCount[w] += n
					wantBooks[w]++
					tokens += n
				}
				continue
			}
			u := NewTable()
			for i, tok := range toks {
				n := int64(1 + i%4)
				u.Add(tok, n)
				seen[string(tok)] = true
				wantCount[string(tok)] += n
				tokens += n
			}
			if book == 4 {
				huge := "a token counted more than 2^32 times at once"
				u.Add([]byte(huge), 1<<33)
				u.Add([]byte("the"), 1<<32) // onto a slot counted already
				seen[huge], seen["the"] = true, true
				wantCount[huge] += 1 << 33
				wantCount["the"] += 1 << 32
				tokens += 1<<33 + 1<<32
			}
			before, n := u.Tokens(), u.Len()
			tot.AddBook(u)
			halves[book%2].AddBook(u)
			total.Merge(u)
			if u.Tokens() != before || u.Len() != n {
				t.Fatalf("book %d: AddBook changed its argument", book)
			}
			for w := range seen {
				wantBooks[w]++
			}
		}
		name := fmt.Sprintf("totals split at %d slots", splitAt)
		if tot.Len() != len(wantCount) || tot.Tokens() != tokens {
			t.Fatalf("%s: Len, Tokens = %d, %d; want %d, %d", name, tot.Len(), tot.Tokens(), len(wantCount), tokens)
		}
		rows, books := tot.Sorted()
		want := total.Sorted()
		if len(rows) != len(want) || len(books) != len(rows) {
			t.Fatalf("%s: %d rows, %d books; want %d", name, len(rows), len(books), len(want))
		}
		for i, row := range rows {
			if row != want[i] || row.Count != wantCount[row.Word] {
				t.Fatalf("%s: row %d = %.40q %d; want %.40q %d (a Table's), count %d", name, i, row.Word, row.Count, want[i].Word, want[i].Count, wantCount[row.Word])
			}
			if books[i] != wantBooks[row.Word] || tot.Books([]byte(row.Word)) != books[i] {
				t.Fatalf("%s: books of %.40q = %d (Books %d); want %d", name, row.Word, books[i], tot.Books([]byte(row.Word)), wantBooks[row.Word])
			}
		}
		merged := halves[0]
		merged.Merge(halves[1])
		mrows, mbooks := merged.Sorted()
		if merged.Len() != tot.Len() || merged.Tokens() != tot.Tokens() || len(mrows) != len(rows) {
			t.Fatalf("%s: merged halves: Len, Tokens, rows = %d, %d, %d; want %d, %d, %d", name, merged.Len(), merged.Tokens(), len(mrows), tot.Len(), tot.Tokens(), len(rows))
		}
		for i, row := range mrows {
			if row != rows[i] || mbooks[i] != books[i] {
				t.Fatalf("%s: merged halves: row %d = %.40q %d in %d books; want %.40q %d in %d", name, i, row.Word, row.Count, mbooks[i], rows[i].Word, rows[i].Count, books[i])
			}
		}
		for _, absent := range []string{"", "zz", "not there, not at all", string(make([]byte, 5000))} {
			if n := tot.Books([]byte(absent)); n != 0 {
				t.Errorf("%s: Books(%.20q) = %d; want 0", name, absent, n)
			}
		}
	}
}

// TestInOrder: inOrder returns the indexes given, each once, in
// ascending order, call after call (its bitmap left empty each time),
// whatever their order and the table's size.
func TestInOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	tot := NewTotals()
	for round := range 50 {
		n := 1 + r.IntN(5000)
		var used []uint32
		for _, i := range r.Perm(n)[:r.IntN(n+1)] {
			used = append(used, uint32(i))
		}
		want := slices.Clone(used)
		slices.Sort(want)
		if got := tot.inOrder(used, n); !slices.Equal(got, want) {
			t.Fatalf("round %d: inOrder of %d indexes below %d: %d indexes, want %d", round, len(used), n, len(got), len(want))
		}
	}
}
