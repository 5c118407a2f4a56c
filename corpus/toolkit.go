package corpus

import (
	"bytes"
	"io"

	"github.com/gutcount/gutcount/count"
)

// Title is the book's title: the store's record of its header, else the
// header of the text opened; "" when neither has one.
func (t *OpenedText) Title() string {
	if e := t.Book.Entry; e != nil && e.Meta.Title != "" {
		return e.Meta.Title
	}
	return t.Header.Title
}

// Count counts the occurrences of phrases (count.ParsePhrase) in the text.
// When every phrase is one word this is Words, on every core; otherwise
// one count.Finder pass counts them all.
func (t *OpenedText) Count(phrases []count.Phrase, o count.Options) ([]int64, error) {
	words := make([][]byte, 0, len(phrases))
	for _, p := range phrases {
		if len(p) != 1 {
			words = nil
			break
		}
		words = append(words, p[0])
	}
	if words != nil {
		return t.Words(words, o)
	}
	n := make([]int64, len(phrases))
	f := &count.Finder{Phrases: phrases, Options: o}
	_, err := t.Find(f, func(m count.Match) error { n[m.Phrase]++; return nil })
	return n, err
}

// Find calls fn with each occurrence of f's phrases in the text, in text
// order (see count.Finder), in one pass over the mapped bytes of a file or
// over the stream, and returns the text's number of tokens when f.Index
// is set. A mapped text whose encoding is still to be detected is looked
// at first up to its first non-ASCII byte: if that is not UTF-8 the text
// is read again through the decoder, before any match is reported.
func (t *OpenedText) Find(f *count.Finder, fn func(count.Match) error) (int64, error) {
	if t.b != nil {
		if t.detect {
			if !t.utf8(count.FirstHigh(t.b)) {
				s, err := t.reopen()
				if err != nil {
					return 0, err
				}
				defer s.Close()
				return f.Reader(s.r, fn)
			}
		}
		return f.Bytes(t.b, fn)
	}
	return f.Reader(t.r, fn)
}

// NGrams counts the n-grams of the text (count.NGrams).
func (t *OpenedText) NGrams(n int, o count.Options) (*count.Table, error) {
	return count.NGrams(t.reader(), n, o)
}

// reader is the text as a stream: the mapped bytes (decoded if they turn
// out to be Windows-1252) or the stream itself.
func (t *OpenedText) reader() io.Reader {
	switch {
	case t.b != nil && t.detect:
		return &autoReader{r: bytes.NewReader(t.b)}
	case t.b != nil:
		return bytes.NewReader(t.b)
	}
	return t.r
}
