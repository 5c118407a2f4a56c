package count

import (
	"encoding/binary"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// The byte helpers of the toolkit (Finder, NGrams), beside the
// tokenizer's own (space.go, search.go), which they use.

// eachToken calls fn with the start and end of each token of b, in order;
// b starts and ends at token boundaries.
func eachToken(b []byte, fn func(s, e int) error) error {
	for i := 0; i < len(b); {
		if sp, size := spaceAt(b[i:]); sp {
			i += size
			continue
		}
		s := i
		for i < len(b) {
			if c := b[i]; c < utf8.RuneSelf {
				if class[c] == clSpace {
					break
				}
				i++
				continue
			}
			sp, size := spaceAt(b[i:])
			if sp {
				break
			}
			i += size
		}
		if err := fn(s, i); err != nil {
			return err
		}
	}
	return nil
}

// lastRuneSpace is spaceAt for the rune that ends b (not empty).
func lastRuneSpace(b []byte) (bool, int) {
	if c := b[len(b)-1]; c < utf8.RuneSelf {
		return class[c] == clSpace, 1
	}
	r, size := utf8.DecodeLastRune(b)
	return r != utf8.RuneError && unicode.IsSpace(r), size
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
			sp, size := spaceAt(b[i:])
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

// wordSearch finds a word's bytes in blocks of text, by count's block
// search (two of its bytes compared 64 positions at a time).
type wordSearch struct {
	w string
}

func newWordSearch(w []byte) wordSearch { return wordSearch{w: string(w)} }

// index returns the first position of the word in text, or -1.
func (s *wordSearch) index(text []byte) int { return indexBlocks(text, s.w, false) }
