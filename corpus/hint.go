package corpus

import (
	"context"

	"github.com/gutcount/gutcount/count"
)

// Hinter counts words with case ignored and punctuation trimmed while
// none of them was found as asked, so that a count that found nothing can
// say how often the words occur when counted loosely.
type Hinter struct {
	words []count.Phrase // loosely; nil for one that loosening leaves empty
	o     count.Options
	n     []int64
	off   bool // a word was found, or a text could not be read again
}

// NewHinter returns the Hinter of words (as count.ParsePhrase takes them).
func NewHinter(words []string) *Hinter {
	h := &Hinter{o: count.Options{IgnoreCase: true, StripPunct: true}, n: make([]int64, len(words))}
	for _, w := range words {
		h.words = append(h.words, count.ParsePhrase(w, h.o))
	}
	return h
}

// Add counts the words loosely in tx, given their counts n as asked; it
// stops counting for good once a word was found as asked or a text cannot
// be read again (standard input).
func (h *Hinter) Add(ctx context.Context, tx *OpenedText, n []int64) {
	for _, c := range n {
		if c > 0 {
			h.off = true
		}
	}
	if h.off {
		return
	}
	again, err := tx.Again(ctx)
	if err != nil {
		h.off = true
		return
	}
	defer again.Close()
	for i, w := range h.words {
		if len(w) == 0 {
			continue
		}
		c, err := again.Count([]count.Phrase{w}, h.o)
		if err != nil {
			h.off = true
			return
		}
		h.n[i] += c[0]
	}
}

// Counts returns the loose counts of the words in every text added, and
// false when they are not known (a word was found as asked, or a text
// could not be read again).
func (h *Hinter) Counts() ([]int64, bool) {
	return h.n, !h.off
}
