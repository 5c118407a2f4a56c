package colloc

import (
	"cmp"
	"slices"
	"strings"
)

// Context is a pair of neighbours that words share, with how many times
// the words occur between them.
type Context struct {
	Left  string `json:"left"`
	Right string `json:"right"`
	Count int64  `json:"count"`
}

// String is the context as NLTK prints it, left_right.
func (c Context) String() string { return c.Left + "_" + c.Right }

// ContextRow is a context as contexts prints it: left_right and its count
// (the rows of --format json).
type ContextRow struct {
	Context string `json:"context"`
	Count   int64  `json:"count"`
}

// Rows are the rows of the first top of cs (all of them with top 0).
func Rows(cs []Context, top int) []ContextRow {
	if top > 0 && len(cs) > top {
		cs = cs[:top]
	}
	rows := make([]ContextRow, len(cs))
	for i, c := range cs {
		rows[i] = ContextRow{c.String(), c.Count}
	}
	return rows
}

// Contexts returns the contexts that all of words share, as NLTK's
// Text.common_contexts: every token is looked at, lowercased, and a
// context is the pair of a token's neighbours (*START* and *END* at the
// edges). They come most frequent first (the occurrences of all the words
// in it), then by left and right word in ascending byte order (NLTK's
// counts are all the number of words, so it lists them in the order the
// first word meets them). Words the text does not have are a *WordError;
// words that share no context give none.
func (t *Text) Contexts(words []string) ([]Context, error) {
	x := t.index(false)
	targets := make(map[int32]int, len(words)) // id to its place in words
	var missing []string
	for i, w := range words {
		id, ok := x.ids[lower(w)]
		if !ok {
			missing = append(missing, w)
			continue
		}
		if _, dup := targets[id]; !dup {
			targets[id] = i
		}
	}
	if len(missing) > 0 {
		return nil, &WordError{missing}
	}
	type seen struct {
		count int64
		by    map[int32]bool
	}
	ctxs := map[uint64]*seen{}
	for i, id := range x.seq {
		if _, ok := targets[id]; !ok {
			continue
		}
		c := x.context(i)
		s := ctxs[c]
		if s == nil {
			s = &seen{by: map[int32]bool{}}
			ctxs[c] = s
		}
		s.count++
		s.by[id] = true
	}
	var out []Context
	for c, s := range ctxs {
		if len(s.by) == len(targets) {
			out = append(out, Context{x.word(int32(c >> 32)), x.word(int32(uint32(c))), s.count})
		}
	}
	slices.SortFunc(out, func(a, b Context) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		if c := strings.Compare(a.Left, b.Left); c != 0 {
			return c
		}
		return strings.Compare(a.Right, b.Right)
	})
	return out, nil
}
