package stats

import (
	"math"

	"github.com/gutcount/gutcount/count"
)

// Stats summarise a frequency table.
type Stats struct {
	Tokens   int64   `json:"tokens"`
	Distinct int     `json:"distinct"`
	Hapax    int     `json:"hapax_legomena"` // tokens that occur once
	TTR      float64 `json:"type_token_ratio"`
	Zipf     Zipf    `json:"zipf"`
}

// Zipf is the line fitted to log frequency against log rank: frequency is
// about C / rank^Exponent.
type Zipf struct {
	Exponent  float64 `json:"exponent"`
	Intercept float64 `json:"log_c"` // natural log of C
	Ranks     int     `json:"ranks"` // how many ranks were fitted
}

// ZipfRanks is how many of the most frequent words the fit uses.
const ZipfRanks = 1000

// Summarize computes the stats of rows sorted as count.Table.Sorted sorts them.
func Summarize(rows []count.Row) Stats {
	var s Stats
	s.Distinct = len(rows)
	for _, r := range rows {
		s.Tokens += r.Count
		if r.Count == 1 {
			s.Hapax++
		}
	}
	if s.Tokens > 0 {
		s.TTR = float64(s.Distinct) / float64(s.Tokens)
	}
	s.Zipf = FitZipf(rows, ZipfRanks)
	return s
}

// FitZipf fits log(count) = a - s·log(rank) by least squares over the
// first n ranks of rows.
func FitZipf(rows []count.Row, n int) Zipf {
	n = min(n, len(rows))
	if n < 2 {
		return Zipf{Ranks: n}
	}
	var sx, sy, sxx, sxy float64
	for i := range n {
		x, y := math.Log(float64(i+1)), math.Log(float64(rows[i].Count))
		sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	fn := float64(n)
	slope := (fn*sxy - sx*sy) / (fn*sxx - sx*sx)
	exp := -slope
	if exp == 0 {
		exp = 0 // not -0, for a flat table (all counts equal)
	}
	return Zipf{Exponent: exp, Intercept: (sy - slope*sx) / fn, Ranks: n}
}
