package count

import (
	"unicode"
	"unicode/utf8"
)

// Byte classes for the hot paths.
const (
	clWord  = iota // an ASCII byte that belongs to a token
	clUpper        // an ASCII upper-case letter
	clSpace        // ASCII white space
	clHigh         // a byte >= 0x80: look at the rune
)

var class [256]uint8

// asciiPunct marks the ASCII bytes that are Unicode punctuation (category
// P). It has a place for every byte, so that indexing it with one needs no
// bounds check.
var asciiPunct [256]bool

// asciiAlnum marks the ASCII letters and digits.
var asciiAlnum [256]bool

func init() {
	for b := 0; b < 256; b++ {
		switch {
		case b >= 0x80:
			class[b] = clHigh
		case unicode.IsSpace(rune(b)):
			class[b] = clSpace
		case 'A' <= b && b <= 'Z':
			class[b] = clUpper
		default:
			class[b] = clWord
		}
		if b < 128 {
			asciiPunct[b] = unicode.IsPunct(rune(b))
			asciiAlnum[b] = unicode.IsLetter(rune(b)) || unicode.IsDigit(rune(b))
		}
	}
}

// spaceAt reports whether the rune starting at b[0] is white space, and its
// size in bytes. An invalid byte is not space and has size 1.
func spaceAt(b []byte) (bool, int) {
	if c := b[0]; c < utf8.RuneSelf {
		return class[c] == clSpace, 1
	}
	r, size := utf8.DecodeRune(b)
	return r != utf8.RuneError && unicode.IsSpace(r), size
}

// spaceBefore reports whether the rune that ends at b[len(b)-1] is white
// space. An empty b counts as space: chunks start at a token boundary.
func spaceBefore(b []byte) bool {
	if len(b) == 0 {
		return true
	}
	if c := b[len(b)-1]; c < utf8.RuneSelf {
		return class[c] == clSpace
	}
	r, size := utf8.DecodeLastRune(b)
	if r == utf8.RuneError && size <= 1 {
		return false
	}
	// A valid rune decoded backwards starts at a lead byte, which forward
	// decoding cannot have taken as a continuation: both agree.
	return unicode.IsSpace(r)
}

// splitPoint returns the length of the longest prefix of b that ends with
// white space, so that no token is cut; 0 when b has no white space. The
// first from bytes of b are known to hold none.
func splitPoint(b []byte, from int) int {
	for i := len(b) - 1; i >= from; i-- {
		if b[i] < utf8.RuneSelf && class[b[i]] == clSpace {
			return i + 1
		}
	}
	// No ASCII space. Unicode spaces need a non-ASCII byte; look for one
	// 8 bytes at a time before decoding runes.
	i := from
	for i+8 <= len(b) && load8(b, i)&highs == 0 {
		i += 8
	}
	for i < len(b) && b[i] < utf8.RuneSelf {
		i++
	}
	if i == len(b) {
		return 0
	}
	// Decode from a rune boundary: the start of the last ASCII byte run is
	// one, and from itself is one when from is 0.
	for i > from && b[i-1] >= utf8.RuneSelf {
		i--
	}
	last := 0
	for i < len(b) {
		sp, size := spaceAt(b[i:])
		i += size
		if sp {
			last = i
		}
	}
	return last
}

// Fields calls fn for each token of b in order. It is the plain form of the
// tokenizer, used where speed does not matter.
func Fields(b []byte, fn func(tok []byte)) {
	start := -1
	for i := 0; i < len(b); {
		sp, size := spaceAt(b[i:])
		if sp {
			if start >= 0 {
				fn(b[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += size
	}
	if start >= 0 {
		fn(b[start:])
	}
}
