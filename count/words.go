package count

import (
	"bytes"
	"encoding/binary"
	"io"
	"unicode"
	"unicode/utf8"
)

// Words counts, for each of words, the tokens of r that normalise to it
// under o. The words must be normalised already (Options.Normalize) and
// must not be empty. It builds no frequency table: it searches for the
// words' bytes and checks the token boundaries around each match.
func Words(r io.Reader, words [][]byte, o Options) ([]int64, error) {
	ws := newWordWorkers(words, o)
	if err := eachChunk(r, o, func(w int, chunk []byte) bool { ws[w].count(chunk); return false }); err != nil {
		return nil, err
	}
	return sumWorkers(ws, words), nil
}

// WordsBytes is Words over text held in memory; done, when not nil, is
// called with each part of b once it is counted.
func WordsBytes(b []byte, words [][]byte, o Options, done func([]byte)) []int64 {
	ws := newWordWorkers(words, o)
	eachSlice(b, o, func(w int, chunk []byte) { ws[w].count(chunk) }, done)
	return sumWorkers(ws, words)
}

func newWordWorkers(words [][]byte, o Options) []wordWorker {
	index := make(map[string]int, len(words))
	for i, w := range words {
		if _, ok := index[string(w)]; !ok {
			index[string(w)] = i
		}
	}
	ws := make([]wordWorker, o.workers())
	for i := range ws {
		ws[i] = wordWorker{opt: o, words: words, index: index, counts: make([]int64, len(words))}
	}
	return ws
}

func sumWorkers(ws []wordWorker, words [][]byte) []int64 {
	index := ws[0].index
	total := make([]int64, len(words))
	for _, w := range ws {
		for i, n := range w.counts {
			total[i] += n
		}
	}
	for i, w := range words {
		total[i] = total[index[string(w)]]
	}
	return total
}

type wordWorker struct {
	opt     Options
	words   [][]byte
	index   map[string]int
	counts  []int64
	lower   []byte
	scratch []byte
}

// byteRank orders bytes by how often they occur in prose, most common
// first; rarest picks the byte of a word to search for.
var byteRank [256]int

func init() {
	common := " etaoinshrdlcumwfgypbvkjxqz\n,.ETAOINSHRDLCUMWFGYPBVKJXQZ'\";:-!?0123456789()"
	for i := range byteRank {
		byteRank[i] = len(common) + i // the rest: rarer than all of these
	}
	for i := 0; i < len(common); i++ {
		byteRank[common[i]] = i
	}
}

// rarestPair returns the positions k1 <= k2 of the two bytes of word
// least common in prose (k1 == k2 for a word of one byte).
func rarestPair(word []byte) (k1, k2 int) {
	a := 0
	for i, c := range word {
		if byteRank[c] > byteRank[word[a]] {
			a = i
		}
	}
	b := a
	for i, c := range word {
		if i != a && (b == a || byteRank[c] > byteRank[word[b]]) {
			b = i
		}
	}
	return min(a, b), max(a, b)
}

var asciiLowerTable [256]byte

func init() {
	for i := range asciiLowerTable {
		c := byte(i)
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		asciiLowerTable[i] = c
	}
}

// count is the hot path of count WORD.
func (w *wordWorker) count(chunk []byte) {
	text := chunk
	if w.opt.IgnoreCase {
		if cap(w.lower) < len(chunk) {
			w.lower = make([]byte, len(chunk))
		}
		low := w.lower[:len(chunk)]
		if !lowerChunk(low, chunk) {
			// Unicode case mapping can change lengths and map non-ASCII
			// runes to ASCII (K, the Kelvin sign): take every token.
			w.slow(chunk)
			return
		}
		text = low
	}
	for i, word := range w.words {
		if w.index[string(word)] == i {
			w.counts[i] += search(text, word, w.opt.StripPunct)
		}
	}
}

// lowerChunk writes the ASCII lowercase of src to dst, 8 bytes at a time,
// and reports whether src was all ASCII (dst is of no use otherwise).
func lowerChunk(dst, src []byte) bool {
	var high uint64
	i := 0
	for ; i+8 <= len(src); i += 8 {
		w := binary.LittleEndian.Uint64(src[i:])
		high |= w
		binary.LittleEndian.PutUint64(dst[i:], lowerASCII(w))
	}
	for ; i < len(src); i++ {
		high |= uint64(src[i])
		dst[i] = asciiLowerTable[src[i]]
	}
	return high&highs == 0
}

// slow tokenizes chunk and normalises every token.
func (w *wordWorker) slow(chunk []byte) {
	Fields(chunk, func(tok []byte) {
		w.scratch = w.opt.Normalize(w.scratch, tok)
		if i, ok := w.index[string(w.scratch)]; ok && len(w.scratch) > 0 {
			w.counts[i]++
		}
	})
}

// search counts the tokens of text equal to word or, with strip, equal to
// word once leading and trailing punctuation is trimmed. text starts and
// ends at token boundaries.
func search(text, word []byte, strip bool) int64 {
	// After a failed match the rest of its token can be skipped when the
	// word starts with a valid rune: the match then starts at a rune of a
	// token (a lead byte is never a continuation), and no later match in
	// that token can start it, nor with strip follow only punctuation,
	// unless that first rune is itself punctuation.
	r, first := utf8.DecodeRune(word)
	skip := !(r == utf8.RuneError && first <= 1) && !(strip && unicode.IsPunct(r))
	// Look for the word's two rarest bytes at their distance (indexPair
	// compares 32 positions at once), or its one byte, then compare the
	// word there. Should false candidates still come every 64 bytes or
	// so, bytes.Index is faster: switch to it.
	k1, k2 := rarestPair(word)
	b0, b1, off := word[k1], word[k2], k2-k1
	fails, scanned := 0, 0
	var n int64
	for i := 0; ; {
		var s int
		if fails > scanned>>6+16 {
			j := bytes.Index(text[i:], word)
			if j < 0 {
				return n
			}
			s = i + j
		} else {
			var j int
			if off > 0 {
				j = indexPair(text[i:], b0, b1, off)
			} else {
				j = bytes.IndexByte(text[i:], b0)
			}
			if j < 0 {
				return n
			}
			scanned += j + 1
			s = i + j - k1
			if s < i || s+len(word) > len(text) || !bytes.Equal(text[s:s+len(word)], word) {
				fails++
				i += j + 1
				continue
			}
		}
		j := s - i
		e := s + len(word)
		if strip {
			s, e = punctBefore(text, s), punctAfter(text, e)
		}
		if spaceBefore(text[:s]) && (e == len(text) || spaceAfter(text[e:])) {
			n++
			i = e
			continue
		}
		if skip {
			i = tokenEnd(text, i+j+first)
		} else {
			i = i + j + 1
		}
	}
}

// tokenEnd returns the end of the token that holds position i.
func tokenEnd(text []byte, i int) int {
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			if class[c] == clSpace {
				return i
			}
			i++
			continue
		}
		sp, size := spaceAt(text[i:])
		if sp {
			return i
		}
		i += size
	}
	return i
}

func spaceAfter(b []byte) bool {
	sp, _ := spaceAt(b)
	return sp
}

// punctBefore returns the start of the run of punctuation that ends at s.
func punctBefore(text []byte, s int) int {
	for s > 0 {
		if c := text[s-1]; c < utf8.RuneSelf {
			if !asciiPunct[c] {
				return s
			}
			s--
			continue
		}
		r, size := utf8.DecodeLastRune(text[:s])
		if r == utf8.RuneError || !unicode.IsPunct(r) {
			return s
		}
		s -= size
	}
	return s
}

// punctAfter returns the end of the run of punctuation that starts at e.
func punctAfter(text []byte, e int) int {
	for e < len(text) {
		if c := text[e]; c < utf8.RuneSelf {
			if !asciiPunct[c] {
				return e
			}
			e++
			continue
		}
		r, size := utf8.DecodeRune(text[e:])
		if r == utf8.RuneError || !unicode.IsPunct(r) {
			return e
		}
		e += size
	}
	return e
}
