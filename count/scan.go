package count

import (
	"encoding/binary"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// The byte helpers of the toolkit (Finder, NGrams). They are copies of
// the tokenizer's own, kept apart so that each can change on its own;
// the tests hold both to the same reference.

// scanSpace marks the ASCII white space bytes; scanPunct the ASCII bytes
// that are Unicode punctuation (category P).
var scanSpace, scanPunct [256]bool

func init() {
	for b := range 128 {
		scanSpace[b] = unicode.IsSpace(rune(b))
		scanPunct[b] = unicode.IsPunct(rune(b))
	}
}

// runeSpace reports whether the rune at the start of b (not empty) is
// white space, and its size. An invalid byte is not space and has size 1.
func runeSpace(b []byte) (bool, int) {
	if c := b[0]; c < utf8.RuneSelf {
		return scanSpace[c], 1
	}
	r, size := utf8.DecodeRune(b)
	return r != utf8.RuneError && unicode.IsSpace(r), size
}

// lastRuneSpace is runeSpace for the rune that ends b (not empty).
func lastRuneSpace(b []byte) (bool, int) {
	if c := b[len(b)-1]; c < utf8.RuneSelf {
		return scanSpace[c], 1
	}
	r, size := utf8.DecodeLastRune(b)
	return r != utf8.RuneError && unicode.IsSpace(r), size
}

// boundaryBefore reports whether a token may start at b[i]: i is 0 (the
// slice starts at a token boundary) or white space ends at i.
func boundaryBefore(b []byte, i int) bool {
	if i == 0 {
		return true
	}
	sp, _ := lastRuneSpace(b[:i])
	return sp
}

// boundaryAfter reports whether a token may end at i: i is len(b) or
// white space starts there.
func boundaryAfter(b []byte, i int) bool {
	if i == len(b) {
		return true
	}
	sp, _ := runeSpace(b[i:])
	return sp
}

// punctStart returns the start of the run of punctuation that ends at i.
func punctStart(b []byte, i int) int {
	for i > 0 {
		if c := b[i-1]; c < utf8.RuneSelf {
			if !scanPunct[c] {
				return i
			}
			i--
			continue
		}
		r, size := utf8.DecodeLastRune(b[:i])
		if r == utf8.RuneError || !unicode.IsPunct(r) {
			return i
		}
		i -= size
	}
	return i
}

// punctEnd returns the end of the run of punctuation that starts at i.
func punctEnd(b []byte, i int) int {
	for i < len(b) {
		if c := b[i]; c < utf8.RuneSelf {
			if !scanPunct[c] {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError || !unicode.IsPunct(r) {
			return i
		}
		i += size
	}
	return i
}

// lastASCIISpace returns the index just after the last ASCII white space
// byte of b, or 0. Such a byte is never inside a rune, so a block cut
// there never cuts a token.
func lastASCIISpace(b []byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		if scanSpace[b[i]] {
			return i + 1
		}
	}
	return 0
}

const (
	scanOnes  = 0x0101010101010101
	scanHighs = 0x8080808080808080
)

// lowerASCIIBlock writes the ASCII lower case of src to dst and reports
// whether src is all ASCII (dst is of no use otherwise).
func lowerASCIIBlock(dst, src []byte) bool {
	var high uint64
	i := 0
	for ; i+8 <= len(src); i += 8 {
		w := binary.LittleEndian.Uint64(src[i:])
		high |= w
		ge := w + (0x80-'A')*scanOnes   // high bit: byte >= 'A'
		gt := w + (0x80-'Z'-1)*scanOnes // high bit: byte > 'Z'
		binary.LittleEndian.PutUint64(dst[i:], w|(ge&^gt&scanHighs)>>2)
	}
	for ; i < len(src); i++ {
		c := src[i]
		high |= uint64(c)
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst[i] = c
	}
	return high&scanHighs == 0
}

// spaceMask flags, in the high bit of each byte, the ASCII white space
// bytes of w (tab to carriage return, and space); every byte of w must be
// below 0x80.
func spaceMask(w uint64) uint64 {
	ge9 := w + (0x80-0x09)*scanOnes  // high bit: byte >= 0x09
	ge14 := w + (0x80-0x0e)*scanOnes // high bit: byte >= 0x0e
	y := w ^ 0x20*scanOnes           // zero where the byte is a space
	isSpace := ^((y + 0x7f*scanOnes) | y)
	return (ge9&^ge14 | isSpace) & scanHighs
}

// countTokens returns how many tokens start in b; prevSpace says whether
// white space (or the start of the text) comes right before b. b must
// start at a rune boundary. Eight ASCII bytes are looked at at once.
func countTokens(b []byte, prevSpace bool) int64 {
	var n int64
	carry := uint64(0) // 0x80 when the byte before is white space
	if prevSpace {
		carry = 0x80
	}
	i := 0
	for i < len(b) {
		if i+8 <= len(b) {
			w := binary.LittleEndian.Uint64(b[i:])
			if w&scanHighs == 0 {
				sp := spaceMask(w)
				starts := ^sp & scanHighs & (sp<<8 | carry)
				n += int64(bits.OnesCount64(starts))
				carry = sp >> 56
				i += 8
				continue
			}
		}
		// A rune at a time until the next ASCII byte.
		for i < len(b) {
			sp, size := runeSpace(b[i:])
			if !sp && carry != 0 {
				n++
			}
			carry = 0
			if sp {
				carry = 0x80
			}
			i += size
			if b[i-1] < utf8.RuneSelf {
				break
			}
		}
	}
	return n
}
