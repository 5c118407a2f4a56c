package count

import (
	"bytes"
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

// scanRank orders bytes by how often they occur in prose, most common
// first (a copy of the ranking count's search uses).
var scanRank [256]int

func init() {
	common := " etaoinshrdlcumwfgypbvkjxqz\n,.ETAOINSHRDLCUMWFGYPBVKJXQZ'\";:-!?0123456789()"
	for i := range scanRank {
		scanRank[i] = len(common) + i
	}
	for i := 0; i < len(common); i++ {
		scanRank[common[i]] = i
	}
}

// rareRank is the rank from which a byte is rare enough in prose for
// bytes.IndexByte to skip far between candidates (b, v, k and rarer).
const rareRank = 20

// wordSearch finds a word's bytes in blocks of text: by its rarest byte
// when that one is rare, else by its first and last bytes at once, 8
// positions at a time (a common first byte makes bytes.Index stop every
// few bytes).
type wordSearch struct {
	w      []byte
	rare   int // index in w of the byte to look for, or -1 for the pair
	b0, b1 byte
}

func newWordSearch(w []byte) wordSearch {
	k := 0
	for i, c := range w {
		if scanRank[c] > scanRank[w[k]] {
			k = i
		}
	}
	s := wordSearch{w: w, rare: k, b0: w[0], b1: w[len(w)-1]}
	if scanRank[w[k]] < rareRank && len(w) >= 2 {
		s.rare = -1
	}
	return s
}

// index returns the first position of the word in text, or -1.
func (s *wordSearch) index(text []byte) int {
	w := s.w
	for i := 0; i+len(w) <= len(text); {
		var p int
		if s.rare >= 0 {
			j := bytes.IndexByte(text[i+s.rare:], w[s.rare])
			if j < 0 {
				return -1
			}
			p = i + j
		} else {
			j := indexBytePair(text[i:], s.b0, s.b1, len(w)-1)
			if j < 0 {
				return -1
			}
			p = i + j
		}
		if p+len(w) <= len(text) && bytes.Equal(text[p:p+len(w)], w) {
			return p
		}
		i = p + 1
	}
	return -1
}

// indexBytePair returns the first i with b[i] == b0 and b[i+off] == b1,
// or -1, looking at 8 positions at once.
func indexBytePair(b []byte, b0, b1 byte, off int) int {
	n := len(b) - off
	m0, m1 := uint64(b0)*scanOnes, uint64(b1)*scanOnes
	i := 0
	for ; i+8 <= n; i += 8 {
		x := binary.LittleEndian.Uint64(b[i:]) ^ m0
		y := binary.LittleEndian.Uint64(b[i+off:]) ^ m1
		// High bit of each byte that is zero in x and in y; a borrow can
		// flag a byte above a true one, so each flag is checked.
		for m := (x - scanOnes) &^ x & ((y - scanOnes) &^ y) & scanHighs; m != 0; m &= m - 1 {
			k := i + bits.TrailingZeros64(m)>>3
			if b[k] == b0 && b[k+off] == b1 {
				return k
			}
		}
	}
	for ; i < n; i++ {
		if b[i] == b0 && b[i+off] == b1 {
			return i
		}
	}
	return -1
}
