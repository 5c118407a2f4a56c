// Package colloc holds the rest of the tools of the first chapter of the
// NLTK book, over a text's tokens in order: collocations (pairs of words
// seen together more than chance allows), similar words (words used in
// the contexts of a word) and the contexts words share. Each follows the
// definition of NLTK's Text (nltk/text.py, version 3.8) and gives the same
// answers on the same tokens.
//
// Build a Text a token at a time, then ask it:
//
//	t := colloc.NewText()
//	count.EachToken(r, count.Options{StripPunct: true}, func(tok []byte) error { t.Add(tok); return nil })
//	pairs, err := t.Collocations(colloc.CollocationOptions{Window: 2, Min: 2, Stop: l})
//	words, err := t.Similar("whale", 20)
//	ctxs, err := t.Contexts([]string{"whale", "ship"})
//
// Layering: colloc imports count and count/stop only.
package colloc

import (
	"errors"
	"strings"

	"github.com/gutcount/gutcount/count"
)

// Text is a text as NLTK's Text holds it, its tokens in order. Each
// distinct token is stored once; a token costs four bytes.
type Text struct {
	ids   map[string]int32
	words []string
	toks  []int32
}

// NewText returns an empty text.
func NewText() *Text { return &Text{ids: map[string]int32{}} }

// Add appends a token (tok is copied when it is new to the text).
func (t *Text) Add(tok []byte) {
	id, ok := t.ids[string(tok)]
	if !ok {
		id = int32(len(t.words))
		w := string(tok)
		t.words = append(t.words, w)
		t.ids[w] = id
	}
	t.toks = append(t.toks, id)
}

// Len is the number of tokens.
func (t *Text) Len() int { return len(t.toks) }

// ErrNotFound is returned for a word the text does not have (in the index
// a tool uses: lower case, and alphabetic for Similar).
var ErrNotFound = errors.New("not in the text")

// A WordError names the words that Similar or Contexts did not find.
type WordError struct {
	Words []string
}

func (e *WordError) Error() string {
	return "colloc: " + strings.Join(e.Words, ", ") + ": " + ErrNotFound.Error()
}

func (e *WordError) Unwrap() error { return ErrNotFound }

// lower is how NLTK's indexes key words (s.lower()); bytes that are not
// valid UTF-8 are kept.
func lower(s string) string {
	return string(count.Options{IgnoreCase: true}.Normalize(nil, []byte(s)))
}

// index is a text seen through NLTK's ContextIndex: its words lowercased,
// optionally only the alphabetic ones, each as an id.
type index struct {
	ids   map[string]int32
	words []string
	seq   []int32 // the kept tokens, as ids
}

// Context ends: NLTK's *START* and *END*.
const (
	startID int32 = -1
	endID   int32 = -2
)

func (t *Text) index(alphaOnly bool) *index {
	x := &index{ids: map[string]int32{}}
	as := make([]int32, len(t.words)) // the text's ids to the index's, -1: left out
	for i, w := range t.words {
		if alphaOnly && !isAlpha(w) {
			as[i] = -1
			continue
		}
		l := lower(w)
		id, ok := x.ids[l]
		if !ok {
			id = int32(len(x.words))
			x.words = append(x.words, l)
			x.ids[l] = id
		}
		as[i] = id
	}
	x.seq = make([]int32, 0, len(t.toks))
	for _, id := range t.toks {
		if a := as[id]; a >= 0 {
			x.seq = append(x.seq, a)
		}
	}
	return x
}

// context is the pair of neighbours of the token at i.
func (x *index) context(i int) uint64 {
	l, r := startID, endID
	if i > 0 {
		l = x.seq[i-1]
	}
	if i < len(x.seq)-1 {
		r = x.seq[i+1]
	}
	return uint64(uint32(l))<<32 | uint64(uint32(r))
}

func (x *index) word(id int32) string {
	switch id {
	case startID:
		return "*START*"
	case endID:
		return "*END*"
	}
	return x.words[id]
}

// isAlpha is Python's str.isalpha: not empty, every character a letter.
func isAlpha(s string) bool {
	for _, r := range s {
		if !isLetter(r) {
			return false
		}
	}
	return s != ""
}
