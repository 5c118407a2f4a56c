package stats_test

import (
	"math"
	"testing"

	"github.com/gutcount/gutcount/count"

	"github.com/gutcount/gutcount/count/stats"
)

func TestSummarize(t *testing.T) {
	// Counts exactly 1000/rank: the fit must find exponent 1 and C 1000.
	var rows []count.Row
	for r := 1; r <= 50; r++ {
		rows = append(rows, count.Row{Word: string(rune('a' + r)), Count: int64(math.Round(1000 / float64(r)))})
	}
	rows = append(rows, count.Row{Word: "x", Count: 1}, count.Row{Word: "y", Count: 1})
	s := stats.Summarize(rows)
	var tokens int64
	for _, r := range rows {
		tokens += r.Count
	}
	if s.Tokens != tokens || s.Distinct != 52 || s.Hapax != 2 {
		t.Errorf("Summarize = %+v; want %d tokens, 52 distinct, 2 hapax", s, tokens)
	}
	z := stats.FitZipf(rows[:50], 1000)
	if math.Abs(z.Exponent-1) > 0.01 || math.Abs(math.Exp(z.Intercept)-1000) > 10 || z.Ranks != 50 {
		t.Errorf("FitZipf(1000/r) = %+v; want exponent 1, C 1000, 50 ranks", z)
	}
	if z := stats.FitZipf(rows[:1], 1000); z.Exponent != 0 {
		t.Errorf("FitZipf of one row = %+v", z)
	}
}

// A flat table (every count equal) has exponent 0, not -0 (which JSON
// would print as -0).
func TestFitZipfFlatIsZero(t *testing.T) {
	z := stats.FitZipf([]count.Row{{Word: "a", Count: 1}, {Word: "b", Count: 1}, {Word: "c", Count: 1}}, 1000)
	if z.Exponent != 0 || math.Signbit(z.Exponent) {
		t.Errorf("exponent of a flat table = %v (signbit %v); want 0", z.Exponent, math.Signbit(z.Exponent))
	}
}
