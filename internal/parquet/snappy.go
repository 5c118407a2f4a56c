package parquet

import (
	"encoding/binary"
	"math/bits"
)

// A book's words are most of a counts table. Their dictionary page was
// made by copying every word into a buffer, then compressed by s2's Snappy
// encoder (which hashes every few bytes to find earlier matches): together
// 7% of a batch's time. The words come sorted by count, then by word: past
// the few hundred frequent ones, most share a prefix with the word before
// them. appendSnappyWords writes the page's Snappy block from the words
// themselves in one pass without a hash table, each word as a copy of what
// it shares with the one before it (its length's bytes and their common
// prefix) and a literal of the rest: about half the time, for a word
// column a tenth larger. Any Snappy decoder reads it.

// Snappy element tags (the low two bits of an element's first byte).
const (
	tagLiteral = 0
	tagCopy1   = 1 // a copy of 4 to 11 bytes, offset < 2048: 2 bytes
	tagCopy2   = 2 // a copy of 1 to 64 bytes, offset < 65536: 3 bytes
)

// plainStringsLen is the length of the PLAIN encoding of words.
func plainStringsLen(words []string) int {
	n := 4 * len(words)
	for _, w := range words {
		n += len(w)
	}
	return n
}

// appendSnappyWords appends to dst the PLAIN encoding of words (each
// word's length in 4 bytes, then its bytes), raw bytes long, as one
// Snappy block.
//
// A word's first eight bytes are loaded once, as an integer (head8),
// which finds most of what it shares with the word before it in one
// comparison, not a loop of bytes whose end the processor cannot guess;
// a word's bytes are stored eight at a time (putRest), not by a call to
// memmove, which spilled the loop's variables from their registers; and
// the words are loaded into the cache first (warm).
func appendSnappyWords(dst []byte, words []string, raw int) []byte {
	// Copies never take more room than they stand for, and each word
	// starts at most one literal: its tag, up to 5 bytes, is all a word
	// can add; putRest stores up to 7 bytes past a word's.
	dst = grow(dst, binary.MaxVarintLen64+raw+5*len(words)+5+7)
	dst = binary.AppendUvarint(dst, uint64(raw))
	out := dst[:cap(dst)]
	o := len(dst) + 1 // where the next byte goes
	lit := o          // where the open literal's bytes start, after its tag's first byte
	warm(words)
	prev, ph := "", uint64(0)
	for i, w := range words {
		h := head8(w)
		m := min(len(w), len(prev))
		k := min(m, bits.TrailingZeros64(h^ph)/8) // what the first eight bytes share
		if k == 8 {
			k = shared(w, prev, k)
		}
		// What w repeats of the word before it, 4+len(prev) bytes back:
		// its length's bytes (the low one only if it is the same) and the
		// prefix they share.
		n, off := 0, 4+len(prev)
		switch {
		case i == 0 || off >= 1<<16:
		case len(w) == len(prev):
			n = 4 + k
		case k > 0 && len(w)>>8 == len(prev)>>8:
			n = 3 + k
			out[o] = byte(len(w))
			o++
		}
		if n > 0 {
			if l := o - lit; l > 0 && l <= 60 {
				out[lit-1] = byte(l-1)<<2 | tagLiteral
			} else {
				o = len(closeLiteral(out[:o], lit))
			}
			if n <= 11 && off < 2048 {
				out[o], out[o+1] = byte(off>>8)<<5|byte(n-4)<<2|tagCopy1, byte(off)
				o += 2
			} else {
				o = len(appendCopy(out[:o], n, off))
			}
			lit = o + 1
			o = lit + putRest(out, lit, w, k, h)
		} else {
			binary.LittleEndian.PutUint32(out[o:], uint32(len(w)))
			o += 4 + putRest(out, o+4, w, 0, h)
		}
		prev, ph = w, h
	}
	return closeLiteral(out[:o], lit)
}

// warm loads the first byte of each word, and with it the word, into
// the processor's cache. A book's words are in the slots of its count
// table, each a miss of the cache (the table is reused at the size of
// the largest book); this loop's loads do not depend on one another, so
// the processor waits for many at once, where appendSnappyWords's loop,
// whose branches it mispredicts, meets them one at a time: a quarter of
// its time in a batch. (Not inlined, so that its loads, whose result no
// one uses, are not dropped.)
//
//go:noinline
func warm(words []string) (x byte) {
	for _, w := range words {
		if len(w) > 0 {
			x ^= w[0]
		}
	}
	return x
}

// head8 is the first eight bytes of w as a little-endian integer, padded
// with zero bytes.
func head8(w string) uint64 {
	switch n := len(w); {
	case n >= 8:
		return le64(w)
	case n >= 4:
		// The first four bytes and the last four, which overlap.
		return uint64(le32(w)) | uint64(le32(w[n-4:]))<<(8*(n-4))
	case n > 0:
		return uint64(w[0]) | uint64(w[n/2])<<(8*(n/2)) | uint64(w[n-1])<<(8*(n-1))
	}
	return 0
}

// shared returns the length of the prefix that w and prev share, the
// first k bytes of which they are known to.
func shared(w, prev string, k int) int {
	m := min(len(w), len(prev))
	for ; k+8 <= m; k += 8 {
		if x := le64(w[k:]) ^ le64(prev[k:]); x != 0 {
			return k + bits.TrailingZeros64(x)/8
		}
	}
	for k < m && w[k] == prev[k] {
		k++
	}
	return k
}

// putRest stores w[k:] at out[at:] and returns its length, storing up to
// 7 bytes more after it (out has room for them); h is head8(w).
func putRest(out []byte, at int, w string, k int, h uint64) int {
	l := len(w) - k
	switch {
	case len(w) <= 8:
		binary.LittleEndian.PutUint64(out[at:], h>>(8*k))
	case l <= 8:
		// w's last l bytes: the top ones of its last eight.
		binary.LittleEndian.PutUint64(out[at:], le64(w[len(w)-8:])>>(8*(8-l)))
	case l <= 16:
		// Its first eight bytes from k and its last eight, which overlap.
		binary.LittleEndian.PutUint64(out[at:], le64(w[k:]))
		binary.LittleEndian.PutUint64(out[at+l-8:], le64(w[len(w)-8:]))
	default:
		copy(out[at:], w[k:])
	}
	return l
}

// le64 is the first eight bytes of s as a little-endian integer.
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// le32 is the first four bytes of s as a little-endian integer.
func le32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// closeLiteral writes the tag of the literal whose bytes are dst[lit:],
// its first byte at dst[lit-1], moving the bytes on when the tag needs
// more (a literal of over 60 bytes); an empty literal is dropped.
func closeLiteral(dst []byte, lit int) []byte {
	n := len(dst) - lit
	if n == 0 {
		return dst[:lit-1]
	}
	var tag [5]byte
	t := appendLiteralTag(tag[:0], n)
	if len(t) > 1 {
		dst = shiftRight(dst, lit, len(t)-1)
	}
	copy(dst[lit-1:], t)
	return dst
}

// appendLiteralTag appends the tag of a literal of n bytes.
func appendLiteralTag(dst []byte, n int) []byte {
	if n <= 60 {
		return append(dst, byte(n-1)<<2|tagLiteral)
	}
	m := (bits.Len32(uint32(n-1)) + 7) / 8 // bytes of n-1, after the tag's
	dst = append(dst, byte(59+m)<<2|tagLiteral)
	for i := range m {
		dst = append(dst, byte((n-1)>>(8*i)))
	}
	return dst
}

// shiftRight moves dst[at:] on by d bytes.
func shiftRight(dst []byte, at, d int) []byte {
	dst = append(dst, make([]byte, d)...)
	copy(dst[at+d:], dst[at:])
	return dst
}

// appendCopy appends copies of n bytes from off bytes back (off < 65536).
func appendCopy(dst []byte, n, off int) []byte {
	for n > 0 {
		m := min(n, 64)
		if n-m > 0 && n-m < 4 {
			m = n - 4 // leave a copy of at least 4, which copy1 can take
		}
		if m >= 4 && m <= 11 && off < 2048 {
			dst = append(dst, byte(off>>8)<<5|byte(m-4)<<2|tagCopy1, byte(off))
		} else {
			dst = append(dst, byte(m-1)<<2|tagCopy2, byte(off), byte(off>>8))
		}
		n -= m
	}
	return dst
}

// appendSnappyLiteral appends raw as one Snappy block of one literal,
// for a page that would not compress (bit-packed dictionary indexes).
func appendSnappyLiteral(dst, raw []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(raw)))
	return append(appendLiteralTag(dst, len(raw)), raw...)
}

// grow makes room for n more bytes in b.
func grow(b []byte, n int) []byte {
	if cap(b)-len(b) < n {
		b = append(b[:cap(b)], make([]byte, n)...)[:len(b)]
	}
	return b
}
