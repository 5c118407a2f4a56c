package count

import (
	"errors"
	"io"
	"strconv"
)

// Words counts, for each of words, the tokens of r that normalise to it
// under o. The words are compared as they are: a word that no token can
// normalise to (one that is empty, holds white space or is not normalised
// itself, such as "Whale" with IgnoreCase) counts 0; PrepareWords
// normalises and checks words given by a user. Words builds no frequency
// table: it searches for the words' bytes and checks the token boundaries
// around each match.
func Words(r io.Reader, words [][]byte, o Options) ([]int64, error) {
	ss := newSearchers(words, o)
	if _, err := eachChunk(r, o, nil, func(w int, chunk []byte) bool { ss[w].chunk(chunk); return false }); err != nil {
		return nil, err
	}
	return sumSearchers(ss), nil
}

// WordsBytes is Words over text held in memory, such as a mapped file. It
// also returns the index in b of the first byte >= 0x80 (len(b) when there
// is none), found in the same pass: when the text's encoding is to be
// detected, the text is UTF-8 if a valid UTF-8 sequence starts there and
// the counts stand; if not, it is Windows-1252 and must be counted again
// decoded.
func WordsBytes(b []byte, words [][]byte, o Options) (counts []int64, firstHigh int) {
	ss := newSearchers(words, o)
	highs := make([]int, len(ss))
	for i := range highs {
		highs[i] = len(b)
	}
	eachSlice(b, o, func(w, off int, chunk []byte) {
		if h := ss[w].chunk(chunk); h < len(chunk) {
			highs[w] = min(highs[w], off+h)
		}
	})
	return sumSearchers(ss), minOf(highs)
}

// Word counts the tokens of r that normalise to word under o. Unlike
// Words it normalises word itself, and returns a *WordError when word
// holds white space or is empty once normalised.
func Word(r io.Reader, word string, o Options) (int64, error) {
	ws, err := PrepareWords([]string{word}, o)
	if err != nil {
		return 0, err
	}
	n, err := Words(r, ws, o)
	if err != nil {
		return 0, err
	}
	return n[0], nil
}

// WordBytes is Word over text held in memory; firstHigh is as for
// WordsBytes.
func WordBytes(b []byte, word string, o Options) (n int64, firstHigh int, err error) {
	ws, err := PrepareWords([]string{word}, o)
	if err != nil {
		return 0, 0, err
	}
	counts, firstHigh := WordsBytes(b, ws, o)
	return counts[0], firstHigh, nil
}

// Errors of PrepareWords, Word and WordBytes, wrapped in a *WordError.
var (
	// ErrSpace: the word holds white space, which no token does.
	ErrSpace = errors.New("contains white space")
	// ErrEmpty: nothing is left of the word once normalised (with -p, a
	// word made of punctuation).
	ErrEmpty = errors.New("is empty after normalisation")
)

// A WordError says which word cannot be counted, and why (ErrSpace or
// ErrEmpty).
type WordError struct {
	Word string
	Err  error
}

func (e *WordError) Error() string {
	return "count: word " + strconv.Quote(e.Word) + " " + e.Err.Error()
}

func (e *WordError) Unwrap() error { return e.Err }

// PrepareWords normalises words as o normalises tokens, ready for Words
// and WordsBytes. It returns a *WordError for the first word that holds
// white space or is empty once normalised.
func PrepareWords(words []string, o Options) ([][]byte, error) {
	out := make([][]byte, len(words))
	for i, w := range words {
		for _, r := range w {
			if isSpaceRune(r) {
				return nil, &WordError{w, ErrSpace}
			}
		}
		out[i] = o.Normalize(nil, []byte(w))
		if len(out[i]) == 0 {
			return nil, &WordError{w, ErrEmpty}
		}
	}
	return out, nil
}

func newSearchers(words [][]byte, o Options) []*searcher {
	ss := make([]*searcher, o.workers())
	for i := range ss {
		ss[i] = newSearcher(words, o)
	}
	return ss
}

// sumSearchers adds up the workers' counts; a repeated word takes the
// count of its first place.
func sumSearchers(ss []*searcher) []int64 {
	total := make([]int64, len(ss[0].counts))
	for _, s := range ss {
		for i, n := range s.counts {
			total[i] += n
		}
	}
	for i, w := range ss[0].words {
		total[i] = total[ss[0].index[string(w)]]
	}
	return total
}

func minOf(xs []int) int {
	m := xs[0]
	for _, x := range xs[1:] {
		m = min(m, x)
	}
	return m
}
