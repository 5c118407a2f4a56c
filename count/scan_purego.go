//go:build !amd64 || purego

package count

import "encoding/binary"

// hasAVX2 is false: no assembly, on this architecture or with the purego
// build tag.
const hasAVX2 = false

func scanBlocks(k *kernel, text []byte, i, last int, out *[scanOut]uint64) (n, next int, high bool) {
	return scanGo(k, text, i, last, out)
}

// FirstHigh returns the index of the first byte >= 0x80 in b, or len(b)
// when b is ASCII. Text in an undeclared encoding is UTF-8 when a valid
// UTF-8 sequence starts there, else Windows-1252; this finds the place
// without counting anything.
func FirstHigh(b []byte) int { return firstHighFrom(b, 0) }

// loadWord returns the 8 bytes of b from i, little-endian, and byteAt
// the byte at i.
func loadWord(b []byte, i int) uint64 {
	return binary.LittleEndian.Uint64(b[i:])
}

func byteAt(b []byte, i int) byte { return b[i] }
