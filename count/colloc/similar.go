package colloc

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
)

// Similar is a word used in contexts of another, with the number of
// distinct contexts they share.
type Similar struct {
	Word  string `json:"word"`
	Score int64  `json:"score"`
}

// Similar returns the words that share contexts with word, as NLTK's
// Text.similar: only alphabetic tokens are looked at, lowercased; a
// context is the pair of a token's neighbours among them (*START* and
// *END* at the edges); a word's score is the number of distinct contexts
// it shares with word. The top words (all when top is 0) come by score
// descending, then by word in ascending byte order (NLTK breaks ties by
// first appearance). A word the text does not have is a *WordError.
func (t *Text) Similar(word string, top int) ([]Similar, error) {
	x := t.index(true)
	target, ok := x.ids[lower(word)]
	if !ok {
		return nil, &WordError{[]string{word}}
	}
	ctxs := map[uint64]uint32{} // word's contexts, numbered
	for i, id := range x.seq {
		if id == target {
			c := x.context(i)
			if _, ok := ctxs[c]; !ok {
				ctxs[c] = uint32(len(ctxs))
			}
		}
	}
	seen := map[uint64]struct{}{} // (word, context) pairs counted
	score := map[int32]int64{}
	for i, id := range x.seq {
		if id == target {
			continue
		}
		n, ok := ctxs[x.context(i)]
		if !ok {
			continue
		}
		k := uint64(uint32(id))<<32 | uint64(n)
		if _, dup := seen[k]; !dup {
			seen[k] = struct{}{}
			score[id]++
		}
	}
	out := make([]Similar, 0, len(score))
	for id, n := range score {
		out = append(out, Similar{x.words[id], n})
	}
	slices.SortFunc(out, func(a, b Similar) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return strings.Compare(a.Word, b.Word)
	})
	if top > 0 && len(out) > top {
		out = out[:top]
	}
	return out, nil
}

// isLetter is a letter as Python's isalpha sees one (categories Lu, Ll,
// Lt, Lm, Lo: Unicode's L).
func isLetter(r rune) bool { return unicode.IsLetter(r) }
