package count

import (
	"bytes"
	"math/bits"
	"slices"
	"unicode"
	"unicode/utf8"
)

// A wordPlan says how to search for one normalised word. Every token that
// normalises to the word is a run of variants of the word's runes (with -i,
// the runes whose lower case is that rune; else the rune itself), between
// punctuation with -p. When every variant has the length of its rune, the
// token's core has the word's length and at each offset one of a few known
// bytes: the search compares two such offsets, where the bytes allowed
// differ in at most one bit (an ASCII letter and its upper case: 0x20), and
// the bytes around them. Variants of other lengths (U+212A KELVIN SIGN for
// k, U+0130 for i) are looked for apart, in text that is not all ASCII.
type wordPlan struct {
	word []byte // the normalised word
	// never is set when no token can normalise to word (it is empty, holds
	// white space, or is not normalised).
	never bool
	lower bool
	strip bool
	// skip: the word starts with a valid rune that is not punctuation, so
	// with -p a window that matches in a token that does not can be
	// followed by no other match in that token.
	skip bool
	// exact: a window is checked by comparing (b|mask[j]) == word[j]
	// (without -i, or for an ASCII word); otherwise it is normalised and
	// compared.
	exact bool
	mask  []byte
	// For a word of up to 8 bytes: its bytes and mask as words, and the
	// mask of its length.
	word8, mask8, lenMask uint64
	// sets[j] holds the bytes allowed at offset j (for choosing offsets).
	sets [][]byte
	// odd are the encodings of the variants whose length differs from
	// that of their rune in word; a token holding one is counted by
	// oddScan, never by the window search.
	odd [][]byte
	k   kernel
	// plain: look for the rarest offset's bytes with bytes.IndexByte
	// rather than with the kernel (set from the text's byte counts);
	// rare2: that offset is o2.
	plain, rare2 bool
	// slow: no offset can be compared as above; tokenize instead.
	slow bool
}

// kernel is what the block search compares: at each position i of a
// block, (text[i+o1]|m1) == c1 and (text[i+o2]|m2) == c2 and, with bound
// 1, text[i-1] and text[i+end] are < 0x21 or >= 0x80 (white space can be
// there); with bound 2 (for -p, where punctuation can be there too), they
// are not ASCII letters or digits. Its layout is read by the assembly.
type kernel struct {
	o1, o2, end    int
	c1, c2, m1, m2 uint8
	bound          uint8
}

func newPlan(word []byte, o Options) wordPlan {
	p := wordPlan{word: word, lower: o.IgnoreCase, strip: o.StripPunct}
	if len(word) == 0 || bytes.ContainsFunc(word, isSpaceRune) || !bytes.Equal(o.Normalize(nil, word), word) {
		p.never = true
		return p
	}
	r, size := utf8.DecodeRune(word)
	p.skip = !(r == utf8.RuneError && size <= 1) && !unicode.IsPunct(r)
	p.sets = make([][]byte, len(word))
	p.mask = make([]byte, len(word))
	ascii := true
	for j := 0; j < len(word); {
		r, size := utf8.DecodeRune(word[j:])
		if r == utf8.RuneError && size == 1 || !o.IgnoreCase {
			for q := j; q < j+size; q++ {
				p.sets[q] = []byte{word[q]}
			}
			if word[j] >= utf8.RuneSelf {
				ascii = false
			}
			j += size
			continue
		}
		var enc [utf8.UTFMax]byte
		for _, v := range lowerVariants(r) {
			n := utf8.EncodeRune(enc[:], v)
			if n != size {
				p.odd = append(p.odd, slices.Clone(enc[:n]))
				continue
			}
			for q := 0; q < n; q++ {
				if !slices.Contains(p.sets[j+q], enc[q]) {
					p.sets[j+q] = append(p.sets[j+q], enc[q])
				}
			}
		}
		if r >= utf8.RuneSelf {
			ascii = false
		}
		j += size
	}
	p.exact = ascii || !o.IgnoreCase
	if ascii {
		for j, s := range p.sets {
			if len(s) == 2 {
				p.mask[j] = s[0] ^ s[1] // 0x20: a letter and its upper case
			}
		}
	}
	if len(word) <= 8 {
		p.word8, p.mask8 = load8(word, 0), load8(p.mask, 0)
		p.lenMask = 1<<(8*len(word)) - 1
		if len(word) == 8 {
			p.lenMask = ^uint64(0)
		}
	}
	p.choose(&prose)
	return p
}

// isSpaceRune reports whether r is white space; utf8.RuneError stands for
// an invalid byte here, which is not.
func isSpaceRune(r rune) bool { return r != utf8.RuneError && unicode.IsSpace(r) }

// lowerVariants returns the runes whose lower case is r (r among them when
// it is lower case itself). unicode.ToLower maps r by the deltas of
// unicode.CaseRanges, so the runes that can map to r are r less a delta,
// or next to r in a range that alternates upper and lower case.
func lowerVariants(r rune) []rune {
	var vs []rune
	add := func(x rune) {
		if x >= 0 && x <= unicode.MaxRune && unicode.ToLower(x) == r && !slices.Contains(vs, x) {
			vs = append(vs, x)
		}
	}
	add(r)
	for _, cr := range unicode.CaseRanges {
		d := cr.Delta[unicode.LowerCase]
		if d == unicode.UpperLower {
			if rune(cr.Lo) <= r+1 && r-1 <= rune(cr.Hi) {
				add(r - 1)
				add(r + 1)
			}
			continue
		}
		if x := r - d; rune(cr.Lo) <= x && x <= rune(cr.Hi) {
			add(x)
		}
	}
	return vs
}

// byteCounts is how often each byte occurs in a sample of text.
type byteCounts struct {
	n     [256]uint32
	total int
}

// prose holds rough byte frequencies of English prose, for choosing
// offsets before any text is seen.
var prose byteCounts

func init() {
	common := " etaoinshrdlcumwfgypbvkjxqz\n,.ETAOINSHRDLCUMWFGYPBVKJXQZ'\";:-!?0123456789()"
	for i := range prose.n {
		prose.n[i] = 1
	}
	for i := 0; i < len(common); i++ {
		prose.n[common[i]] = uint32(len(common)-i) * 64
	}
	for _, c := range prose.n {
		prose.total += int(c)
	}
}

// countBytes counts the bytes of b.
func countBytes(c *byteCounts, b []byte) {
	var n1, n2 [256]uint32
	i := 0
	for ; i+2 <= len(b); i += 2 {
		n1[b[i]]++
		n2[b[i+1]]++
	}
	if i < len(b) {
		n1[b[i]]++
	}
	for j := range c.n {
		c.n[j] = n1[j] + n2[j]
	}
	c.total = len(b)
}

// plainBelow: when the rarest offset's bytes are fewer than one in this
// many of the text, bytes.IndexByte skips between them faster than the
// AVX2 kernel compares every position (15.6 against 11.7 GB/s for a byte
// that is absent; 8 against 12.5 for J in the Bible). Without AVX2 the
// plain loop is always faster than the kernel in Go. BenchmarkSearchPaths
// measures both.
const plainBelow = 8192

// choose picks the two offsets whose bytes are rarest in c, and whether
// the kernel or bytes.IndexByte looks for them.
func (p *wordPlan) choose(c *byteCounts) {
	if p.never {
		return
	}
	best := [2]int{-1, -1}
	var cost [2]uint64
	for j, s := range p.sets {
		if len(s) > 2 || len(s) == 2 && bits.OnesCount8(s[0]^s[1]) != 1 {
			continue
		}
		var f uint64
		for _, b := range s {
			f += uint64(c.n[b])
		}
		switch {
		case best[0] < 0 || f < cost[0]:
			best[1], cost[1] = best[0], cost[0]
			best[0], cost[0] = j, f
		case best[1] < 0 || f < cost[1]:
			best[1], cost[1] = j, f
		}
	}
	if best[0] < 0 {
		p.slow = true
		return
	}
	if best[1] < 0 {
		best[1] = best[0]
	}
	o1, o2 := min(best[0], best[1]), max(best[0], best[1])
	p.k = kernel{o1: o1, o2: o2, end: len(p.word)}
	p.k.c1, p.k.m1 = fold(p.sets[o1])
	p.k.c2, p.k.m2 = fold(p.sets[o2])
	p.k.bound = 1
	if p.strip {
		p.k.bound = 2
	}
	p.plain = !hasAVX2 || c.total > 0 && cost[0]*plainBelow < uint64(c.total)
	p.rare2 = best[0] == o2 && o1 != o2
}

// fold returns c and m such that (b|m) == c exactly for the bytes b of s
// (one byte, or two that differ in one bit).
func fold(s []byte) (c, m byte) {
	if len(s) == 1 {
		return s[0], 0
	}
	return s[0] | s[1], s[0] ^ s[1]
}
