package count

import (
	"slices"
	"unicode/utf8"
)

// Length is how many tokens have a length, in characters.
type Length struct {
	Length int   `json:"length"`
	Count  int64 `json:"count"`
}

// Lengths is the distribution of token lengths of a frequency table, as
// NLTK's FreqDist(len(w) for w in text): a length is the number of
// characters (runes; a byte that is not valid UTF-8 counts as one), and
// the lengths come shortest first.
func Lengths(rows []Row) []Length {
	by := map[int]int64{}
	for _, r := range rows {
		by[utf8.RuneCountInString(r.Word)] += r.Count
	}
	out := make([]Length, 0, len(by))
	for l, n := range by {
		out = append(out, Length{l, n})
	}
	slices.SortFunc(out, func(a, b Length) int { return a.Length - b.Length })
	return out
}

// Hapaxes returns the rows of words that occur once (NLTK's
// FreqDist.hapaxes), in their order in rows.
func Hapaxes(rows []Row) []Row {
	var out []Row
	for _, r := range rows {
		if r.Count == 1 {
			out = append(out, r)
		}
	}
	return out
}
