package stats

import (
	"cmp"
	"math"
	"slices"

	"github.com/gutcount/gutcount/count"
)

// Keyword is how much more often a word occurs in one corpus, A, than in
// another, B: its counts, its rates per million tokens, and Dunning's
// log-likelihood G² of the difference.
type Keyword struct {
	Word  string  `json:"word"`
	A     int64   `json:"count_a"`
	B     int64   `json:"count_b"`
	RateA float64 `json:"per_million_a"`
	RateB float64 `json:"per_million_b"`
	G2    float64 `json:"g2"`
}

// LogLikelihood returns Dunning's G² for a word seen a times in a corpus
// of c tokens and b times in one of d, from the 2x2 table of Rayson and
// Garside (2000): with the expected counts E1 = c(a+b)/(c+d) and
// E2 = d(a+b)/(c+d), G² = 2(a ln(a/E1) + b ln(b/E2)), where 0 ln 0 = 0.
// Above 3.84 the difference is significant at p < 0.05, above 6.63 at
// p < 0.01, above 15.13 at p < 0.0001 (one degree of freedom).
func LogLikelihood(a, b, c, d int64) float64 {
	if c+d == 0 || a+b == 0 {
		return 0
	}
	fa, fb, fc, fd := float64(a), float64(b), float64(c), float64(d)
	e1 := fc * (fa + fb) / (fc + fd)
	e2 := fd * (fa + fb) / (fc + fd)
	g := 0.0
	if a > 0 {
		g += fa * math.Log(fa/e1)
	}
	if b > 0 {
		g += fb * math.Log(fb/e2)
	}
	return 2 * g
}

// Keyness compares the frequency tables a and b (rows of distinct words):
// overA holds the words relatively more frequent in a, overB those more
// frequent in b, each by G² descending, then by word in ascending byte
// order. A word as frequent in both (relative to their sizes, the sums of
// their counts) is in neither.
func Keyness(a, b []count.Row) (overA, overB []Keyword) {
	var c, d int64
	inB := make(map[string]int64, len(b))
	for _, r := range b {
		inB[r.Word] += r.Count
		d += r.Count
	}
	inA := make(map[string]int64, len(a))
	for _, r := range a {
		inA[r.Word] += r.Count
		c += r.Count
	}
	rate := func(n, total int64) float64 {
		if total == 0 {
			return 0
		}
		return float64(n) / float64(total) * 1e6
	}
	add := func(w string, x, y int64) {
		k := Keyword{Word: w, A: x, B: y, RateA: rate(x, c), RateB: rate(y, d), G2: LogLikelihood(x, y, c, d)}
		// Compare x/c with y/d without dividing: x·d against y·c.
		switch p, q := float64(x)*float64(d), float64(y)*float64(c); {
		case p > q:
			overA = append(overA, k)
		case p < q:
			overB = append(overB, k)
		}
	}
	for w, x := range inA {
		add(w, x, inB[w])
	}
	for w, y := range inB {
		if _, ok := inA[w]; !ok {
			add(w, 0, y)
		}
	}
	byG2 := func(p, q Keyword) int {
		if c := cmp.Compare(q.G2, p.G2); c != 0 {
			return c
		}
		return cmp.Compare(p.Word, q.Word)
	}
	slices.SortFunc(overA, byG2)
	slices.SortFunc(overB, byG2)
	return overA, overB
}

// KeyRow is a row of a keyness table (compare's): a keyword and the
// corpus it is overused in, "A" or "B".
type KeyRow struct {
	Keyword
	Overused string `json:"overused"`
}

// KeyRows is compare's table from Keyness's lists: the words overused in
// A that occur at least min times in A and B together, at most top of
// them (0: all); then, with both, those of B likewise.
func KeyRows(overA, overB []Keyword, top int, min int64, both bool) []KeyRow {
	keep := func(ks []Keyword, side string) []KeyRow {
		var rows []KeyRow
		for _, k := range ks {
			if k.A+k.B < min {
				continue
			}
			if top > 0 && len(rows) == top {
				break
			}
			rows = append(rows, KeyRow{k, side})
		}
		return rows
	}
	rows := keep(overA, "A")
	if both {
		rows = append(rows, keep(overB, "B")...)
	}
	return rows
}
