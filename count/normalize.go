package count

import (
	"errors"
	"unicode"
	"unicode/utf8"
)

// Options says how tokens (and searched words) are normalised.
type Options struct {
	// IgnoreCase lowercases tokens rune by rune with unicode.ToLower.
	// Bytes that are not valid UTF-8 are kept as they are.
	IgnoreCase bool
	// StripPunct trims leading and trailing Unicode punctuation (category
	// P); a token that becomes empty is dropped.
	StripPunct bool
	// Workers is how many goroutines count chunks; 0 means GOMAXPROCS.
	Workers int
	// ChunkSize is the size of the chunks counted at a time. 0 sizes
	// them from the input: text in memory is cut into four chunks per
	// worker (64 KiB to 4 MiB each), a stream is read in blocks from 256
	// KiB doubling to 4 MiB.
	ChunkSize int
	// Done, when not nil, stops the counting once it is closed (give it
	// a context's Done: Ctrl-C): the blocks in flight are finished, no
	// other is started, the functions that return an error return
	// ErrStopped and the others what they counted so far, which the
	// caller drops. It is looked at once a block, never per token.
	Done <-chan struct{}
}

// ErrStopped is returned when Options.Done was closed before the input
// was counted.
var ErrStopped = errors.New("count: stopped")

// stopped reports whether done is closed.
func stopped(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

// Normalize returns tok as the options normalise it, appended to dst[:0].
// The result is empty when the token is dropped.
func (o Options) Normalize(dst, tok []byte) []byte {
	if o.StripPunct {
		tok = trimPunct(tok)
	}
	if !o.IgnoreCase {
		return append(dst[:0], tok...)
	}
	return appendLower(dst[:0], tok)
}

func trimPunct(b []byte) []byte {
	for len(b) > 0 {
		if c := b[0]; c < utf8.RuneSelf {
			if !asciiPunct[c] {
				break
			}
			b = b[1:]
			continue
		}
		var r rune
		var size int
		if len(b) >= 3 && b[0] == 0xe2 && b[1]&0xfe == 0x80 && b[2]&0xc0 == 0x80 {
			// U+2000 to U+207F, the general punctuation (quotes, dashes).
			r, size = 0x2000|rune(b[1]&1)<<6|rune(b[2]&0x3f), 3
		} else {
			r, size = utf8.DecodeRune(b)
		}
		if r == utf8.RuneError || !isPunct(r) {
			break
		}
		b = b[size:]
	}
	for len(b) > 0 {
		n := len(b)
		if c := b[n-1]; c < utf8.RuneSelf {
			if !asciiPunct[c] {
				break
			}
			b = b[:n-1]
			continue
		}
		var r rune
		var size int
		if n >= 3 && b[n-3] == 0xe2 && b[n-2]&0xfe == 0x80 && b[n-1]&0xc0 == 0x80 {
			r, size = 0x2000|rune(b[n-2]&1)<<6|rune(b[n-1]&0x3f), 3
		} else {
			r, size = utf8.DecodeLastRune(b)
		}
		if r == utf8.RuneError || !isPunct(r) {
			break
		}
		b = b[:n-size]
	}
	return b
}

// punct2000 marks the runes from U+2000 to U+207F that are punctuation.
var punct2000 [0x80]bool

// punctLatin1 marks the runes below U+0100 that are punctuation.
var punctLatin1 [0x100]bool

func init() {
	for r := range punct2000 {
		punct2000[r] = unicode.IsPunct(rune(0x2000 + r))
	}
	for r := range punctLatin1 {
		punctLatin1[r] = unicode.IsPunct(rune(r))
	}
}

// isPunct is unicode.IsPunct, by table for Latin-1 and the general
// punctuation block.
func isPunct(r rune) bool {
	switch {
	case r < 0x100:
		return punctLatin1[r]
	case r >= 0x2000 && r < 0x2080:
		return punct2000[r-0x2000]
	}
	return unicode.IsPunct(r)
}

// appendLower appends the lower-case form of b to dst. Unlike bytes.ToLower
// it keeps invalid UTF-8 bytes instead of replacing them with U+FFFD.
func appendLower(dst, b []byte) []byte {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, c)
		} else {
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
		i += size
	}
	return dst
}
