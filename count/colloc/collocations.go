package colloc

import (
	"cmp"
	"errors"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gutcount/gutcount/count/stop"
)

// CollocationOptions say which pairs Collocations looks at. The zero
// value is not NLTK's: use Window 2 and Min 2 for that, and the English
// stop list.
type CollocationOptions struct {
	// Window is the number of tokens a pair spans, at least 2 (NLTK's
	// window_size): the second word is one of the Window-1 tokens after
	// the first.
	Window int
	// Min leaves out pairs seen fewer times (NLTK: apply_freq_filter(2)).
	Min int64
	// Stop leaves out pairs with one of its words, compared in lower case
	// (so the list should be lower case); nil leaves out none. Words
	// shorter than three characters are always left out.
	Stop *stop.List
	// Top is how many pairs to return, the best first; 0 returns all.
	Top int
}

// ErrWindow is returned for a window shorter than two tokens.
var ErrWindow = errors.New("colloc: a collocation window spans at least 2 tokens")

// Collocation is a pair of words seen together, how many times, and its
// score: Dunning's log-likelihood ratio.
type Collocation struct {
	Words [2]string `json:"words"`
	Count int64     `json:"count"`
	Score float64   `json:"score"`
}

// Collocations returns the pairs of words that NLTK's
// Text.collocation_list ranks: every pair of a token and one of the
// Window-1 tokens after it, seen at least Min times, without words
// shorter than 3 characters or in Stop, scored by
// BigramAssocMeasures.likelihood_ratio (the pair's count divided by
// Window-1, as BigramCollocationFinder does), by score descending, then
// by the pair in ascending byte order.
func (t *Text) Collocations(o CollocationOptions) ([]Collocation, error) {
	if o.Window < 2 {
		return nil, ErrWindow
	}
	unigram := make([]int64, len(t.words))
	for _, id := range t.toks {
		unigram[id]++
	}
	ignored := make([]bool, len(t.words))
	for i, w := range t.words {
		ignored[i] = utf8.RuneCountInString(w) < 3 || o.Stop.Has([]byte(lower(w)))
	}
	pairs := map[uint64]int64{}
	for i, a := range t.toks {
		if ignored[a] {
			continue
		}
		for _, b := range t.toks[i+1 : min(i+o.Window, len(t.toks))] {
			if !ignored[b] {
				pairs[uint64(uint32(a))<<32|uint64(uint32(b))]++
			}
		}
	}
	n := float64(len(t.toks))
	scale := float64(o.Window) - 1
	var out []Collocation
	for k, c := range pairs {
		if c < o.Min {
			continue
		}
		a, b := int32(k>>32), int32(uint32(k))
		s := LikelihoodRatio(float64(c)/scale, float64(unigram[a]), float64(unigram[b]), n)
		out = append(out, Collocation{[2]string{t.words[a], t.words[b]}, c, s})
	}
	slices.SortFunc(out, func(x, y Collocation) int {
		if x.Score != y.Score {
			return cmp.Compare(y.Score, x.Score)
		}
		if c := strings.Compare(x.Words[0], y.Words[0]); c != 0 {
			return c
		}
		return strings.Compare(x.Words[1], y.Words[1])
	})
	if o.Top > 0 && len(out) > o.Top {
		out = out[:o.Top]
	}
	return out, nil
}

// small is NLTK's _SMALL, which keeps logarithms of zero away.
const small = 1e-20

// LikelihoodRatio is NLTK's BigramAssocMeasures.likelihood_ratio, the
// same operations in the same order: nii the pair's count, nix and nxi
// the first and second word's, nxx the text's tokens.
func LikelihoodRatio(nii, nix, nxi, nxx float64) float64 {
	noi := nxi - nii
	nio := nix - nii
	cont := [4]float64{nii, noi, nio, nxx - nii - noi - nio}
	total := cont[0] + cont[1] + cont[2] + cont[3]
	sum := 0.0
	for i := range cont {
		exp := float64(float64(cont[i]+cont[i^1])*float64(cont[i]+cont[i^2])) / total
		sum += float64(cont[i] * math.Log(cont[i]/(exp+small)+small))
	}
	return 2 * sum
}
