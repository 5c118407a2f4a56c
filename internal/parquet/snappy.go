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
func appendSnappyWords(dst []byte, words []string, raw int) []byte {
	// Copies never take more room than they stand for, and each word
	// starts at most one literal: its tag, up to 5 bytes, is all a word
	// can add.
	dst = grow(dst, binary.MaxVarintLen64+raw+5*len(words)+5)
	dst = binary.AppendUvarint(dst, uint64(raw))
	out := dst[:cap(dst)]
	o := len(dst) + 1 // where the next byte goes
	lit := o          // where the open literal's bytes start, after its tag's first byte
	prev := ""
	for i, w := range words {
		k, m := 0, min(len(w), len(prev))
		for k < m && w[k] == prev[k] {
			k++
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
			o = lit + copy(out[lit:], w[k:])
		} else {
			binary.LittleEndian.PutUint32(out[o:], uint32(len(w)))
			o += 4 + copy(out[o+4:], w)
		}
		prev = w
	}
	return closeLiteral(out[:o], lit)
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
