package count

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// subBlock is how much text every word is searched in before the next
// part: the part stays in the processor's cache for the next word, and
// for finding the first byte >= 0x80 when the search saw one.
const subBlock = 256 << 10

// searchPath is the search a searcher takes: auto lets the byte counts
// choose; tests force one of the others.
type searchPath int

const (
	autoPath   searchPath = iota
	kernelPath            // the vector kernel
	plainPath             // the plain loop
)

// sampleSize is how much of the text the byte counts that choose the
// compared offsets are taken from.
const sampleSize = 64 << 10

// searcher counts words in chunks; each worker has its own.
type searcher struct {
	o       Options
	words   [][]byte
	plans   []wordPlan
	counts  []int64
	index   map[string]int // word -> its first index in plans
	sampled bool
	anySlow bool
	out     [scanOut]uint64
	scratch []byte

	// path and sub are set by tests only: the search path to force,
	// and the size of the parts searched (subBlock).
	path searchPath
	sub  int
}

func newSearcher(words [][]byte, o Options) *searcher {
	s := &searcher{o: o, sub: subBlock, words: words, plans: make([]wordPlan, len(words)), counts: make([]int64, len(words)), index: make(map[string]int, len(words))}
	for i, w := range words {
		if _, ok := s.index[string(w)]; ok {
			s.plans[i].never = true // counted once, under its first index
			continue
		}
		s.index[string(w)] = i
		s.plans[i] = newPlan(w, o)
		s.anySlow = s.anySlow || s.plans[i].slow
	}
	return s
}

// chunk counts the words in text, a chunk that starts and ends at token
// boundaries, and returns the index of its first byte >= 0x80 (len(text)
// when none). This is the hot path of count WORD.
func (s *searcher) chunk(text []byte) int {
	if !s.sampled && len(text) > 0 {
		var c byteCounts
		countBytes(&c, text[:min(len(text), sampleSize)])
		for i := range s.plans {
			s.plans[i].choose(&c)
		}
		s.sampled = true
	}
	high := -1
	for a := 0; a < len(text); a += s.sub {
		b := min(a+s.sub, len(text))
		maybe, looked := true, false
		for i := range s.plans {
			p := &s.plans[i]
			if p.never || p.slow {
				continue
			}
			n, m := s.search(p, text, a, b, high < 0 && !looked)
			s.counts[i] += n
			if high < 0 && !looked {
				maybe, looked = m, true
			}
		}
		if high < 0 && maybe {
			if j := FirstHigh(text[a:b]); j < b-a {
				high = a + j
			}
		}
	}
	if high < 0 {
		high = len(text)
	}
	if high < len(text) {
		for i := range s.plans {
			if p := &s.plans[i]; len(p.odd) > 0 && !p.never && !p.slow {
				s.counts[i] += s.oddScan(p, text, high)
			}
		}
	}
	if s.anySlow {
		s.slow(text)
	}
	return high
}

// slow counts the words that have no offsets to compare by normalising
// every token.
func (s *searcher) slow(text []byte) {
	Fields(text, func(tok []byte) {
		s.scratch = s.o.Normalize(s.scratch, tok)
		if i, ok := s.index[string(s.scratch)]; ok && len(s.scratch) > 0 && s.plans[i].slow {
			s.counts[i]++
		}
	})
}

// search counts the tokens equal to p.word whose window starts in
// text[a:b]. With check it also reports whether text[a:b] may hold a byte
// >= 0x80 (false only when the kernel saw every byte of it and none).
func (s *searcher) search(p *wordPlan, text []byte, a, b int, check bool) (n int64, maybeHigh bool) {
	L := len(p.word)
	end := len(text) - L // the last window start
	if a > end {
		return 0, true
	}
	bb := b
	b = min(b, end+1)
	if p.plain && s.path != kernelPath || s.path == plainPath {
		n, hits := s.plainSearch(p, text, a, b)
		if hasAVX2 && hits*plainBelow > b-a {
			p.plain = false // the sample missed the byte: the kernel is faster
		}
		return n, true
	}
	k := &p.k
	lo, hi := k.o1, k.o2 // the loads of a block at i read text[i+lo:i+hi+64]
	if k.bound != 0 {
		lo, hi = -1, k.end
	}
	first := max(a, -lo)
	last := min(len(text)-hi-64, b-1)
	skip := 0 // candidates before skip are inside a token already counted
	try := func(c int) {
		if ok, e := s.verify(p, text, c); ok {
			n++
			skip = e
		} else if e > c {
			skip = e
		}
	}
	// The blocks cannot cover the first position (no byte before it) nor
	// the last ones, whose loads would read past the text.
	for c := a; c < min(first, b); c++ {
		if c >= skip && k.pass(text, c) {
			try(c)
		}
	}
	// A short word without -p: its window and the white space around it
	// are checked here when they are ASCII.
	short := p.exact && !p.strip && L <= 8 && k.bound == 1
	var seen bool
	i := first
	for i <= last {
		nw, next, h := scanBlocks(k, text, i, last, &s.out)
		seen = seen || h
		for j := 0; j < nw; j += 2 {
			pos, mask := int(s.out[j]), s.out[j+1]
			for ; mask != 0; mask &= mask - 1 {
				c := pos + bits.TrailingZeros64(mask)
				if c < skip || c >= b {
					continue
				}
				if short {
					var w uint64
					if c+8 <= len(text) {
						w = binary.LittleEndian.Uint64(text[c:])
					} else {
						w = load8(text, c)
					}
					if w&p.lenMask|p.mask8 != p.word8 {
						continue
					}
					if x, y := text[c-1], text[c+L]; x|y < utf8.RuneSelf {
						if class[x] == clSpace && class[y] == clSpace {
							n++
							skip = c + L
						}
						continue
					}
				}
				try(c)
			}
		}
		i = next
	}
	for c := max(i, first); c < b; c++ {
		if c >= skip && k.pass(text, c) {
			try(c)
		}
	}
	if !check || i == first {
		return n, true
	}
	// The blocks loaded text[first+lo:i+lo]; look at the rest of the
	// sub-block text[a:bb] apart.
	if t := first + lo; a < t && FirstHigh(text[a:t]) < t-a {
		return n, true
	}
	if t := max(a, i+lo); t < bb && FirstHigh(text[t:bb]) < bb-t {
		return n, true
	}
	return n, seen
}

// pass reports whether position i passes the kernel's test, for positions
// the blocks do not cover.
func (k *kernel) pass(text []byte, i int) bool {
	if text[i+k.o1]|k.m1 != k.c1 || text[i+k.o2]|k.m2 != k.c2 {
		return false
	}
	var bound func(c byte) bool
	switch k.bound {
	case 0:
		return true
	case 1:
		bound = func(c byte) bool { return int8(c) < 0x21 }
	default:
		bound = func(c byte) bool { return !asciiAlnum[c] }
	}
	return (i == 0 || bound(text[i-1])) && (i+k.end == len(text) || bound(text[i+k.end]))
}

// plainSearch is search by bytes.IndexByte on the rarest offset's bytes,
// for words whose bytes are rare in the text. It also returns how many
// times it found those bytes.
func (s *searcher) plainSearch(p *wordPlan, text []byte, a, b int) (n int64, hits int) {
	k := &p.k
	off, c, m := k.o1, k.c1, k.m1
	if p.rare2 {
		off, c, m = k.o2, k.c2, k.m2
	}
	// The bytes b with b|m == c: c, and c&^m when m is one bit.
	cur := [2]int{-1, -1}
	bytesOf := [2]byte{c, c &^ m}
	nb := 1
	if m != 0 {
		nb = 2
	}
	skip := 0
	for pos := a; ; {
		best := -1
		for q := range nb {
			if cur[q] < pos+off {
				j := bytes.IndexByte(text[pos+off:b-1+off+1], bytesOf[q])
				if j < 0 {
					cur[q] = len(text)
				} else {
					cur[q] = pos + off + j
				}
			}
			if best < 0 || cur[q] < best {
				best = cur[q]
			}
		}
		if best >= b+off {
			return n, hits
		}
		hits++
		c := best - off
		pos = c + 1
		if c < skip || !k.pass(text, c) {
			continue
		}
		if ok, e := s.verify(p, text, c); ok {
			n++
			skip = e
		} else if e > c {
			skip = e
		}
	}
}

// verify reports whether the window text[i:i+len(p.word)] is a token that
// normalises to p.word. With ok it returns the token's end; without, a
// position up to which no window can be one (i when it knows nothing).
func (s *searcher) verify(p *wordPlan, text []byte, i int) (ok bool, end int) {
	L := len(p.word)
	w := text[i : i+L]
	if p.exact && !foldEqual(w, p.word, p.mask) {
		return false, i
	}
	st, e := i, i+L
	if p.strip {
		st, e = punctBefore(text, st), punctAfter(text, e)
	}
	if !spaceBefore(text[:st]) || e < len(text) && !spaceAfter(text[e:]) {
		if p.strip && p.exact && p.skip {
			// A later window of this token would follow a rune that is
			// not punctuation: none can be a match.
			return false, tokenEnd(text, i+1)
		}
		return false, i
	}
	if !p.exact {
		for _, o := range p.odd {
			if bytes.Contains(w, o) {
				return false, i
			}
		}
		s.scratch = appendLower(s.scratch[:0], w)
		if !bytes.Equal(s.scratch, p.word) {
			return false, i
		}
	}
	return true, e
}

// foldEqual reports whether w[j]|mask[j] == word[j] for every j, 8 bytes
// at a time.
func foldEqual(w, word, mask []byte) bool {
	le := binary.LittleEndian
	j := 0
	for ; j+8 <= len(w); j += 8 {
		if le.Uint64(w[j:])|le.Uint64(mask[j:]) != le.Uint64(word[j:]) {
			return false
		}
	}
	for ; j < len(w); j++ {
		if w[j]|mask[j] != word[j] {
			return false
		}
	}
	return true
}

// oddScan counts the tokens that hold a variant of a rune of p.word of
// another length than the rune (U+212A KELVIN SIGN for k) and normalise to
// p.word. Such variants are not ASCII: only text[from:] can hold them.
func (s *searcher) oddScan(p *wordPlan, text []byte, from int) int64 {
	next := make([]int, len(p.odd))
	for q := range next {
		next[q] = -1
	}
	var n int64
	for pos := from; pos < len(text); {
		at := len(text)
		for q, enc := range p.odd {
			if next[q] < pos && next[q] != len(text) {
				if j := bytes.Index(text[pos:], enc); j >= 0 {
					next[q] = pos + j
				} else {
					next[q] = len(text)
				}
			}
			at = min(at, next[q])
		}
		if at == len(text) {
			break
		}
		st, e := tokenStart(text, at), tokenEnd(text, at)
		s.scratch = s.o.Normalize(s.scratch, text[st:e])
		if bytes.Equal(s.scratch, p.word) {
			n++
		}
		pos = e
	}
	return n
}

// tokenStart returns the start of the token that holds position i.
func tokenStart(text []byte, i int) int {
	for i > 0 && !spaceBefore(text[:i]) {
		i--
	}
	return i
}

// tokenEnd returns the end of the token that holds position i, a rune's
// start.
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
