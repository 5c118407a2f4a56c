package count

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// scanOut is the size of the buffer the block search fills: pairs of a
// block's position and its mask.
const scanOut = 128

// scanGo is the block search of scanAVX2 in plain Go, eight positions at a
// time in 64-bit words: the same blocks, masks and result.
func scanGo(k *kernel, text []byte, i, last int, out *[scanOut]uint64) (n, next int, high bool) {
	le := binary.LittleEndian
	c1, c2 := uint64(k.c1)*ones, uint64(k.c2)*ones
	m1, m2 := uint64(k.m1)*ones, uint64(k.m2)*ones
	var seen uint64
	for ; i <= last; i += 64 {
		var mask uint64
		for g := 0; g < 64; g += 8 {
			p := i + g
			w := zeroBytes(le.Uint64(text[p+k.o1:])|m1^c1) & zeroBytes(le.Uint64(text[p+k.o2:])|m2^c2)
			if k.bound == 1 {
				before, after := le.Uint64(text[p-1:]), le.Uint64(text[p+k.end:])
				seen |= before
				w &= boundBytes(before) & boundBytes(after)
			} else if k.bound == 2 {
				before, after := le.Uint64(text[p-1:]), le.Uint64(text[p+k.end:])
				seen |= before
				w &= notAlnumBytes(before) & notAlnumBytes(after)
			} else {
				seen |= le.Uint64(text[p+k.o1:])
			}
			for ; w != 0; w &= w - 1 {
				mask |= 1 << (g + bits.TrailingZeros64(w)>>3)
			}
		}
		if mask != 0 {
			out[n], out[n+1] = uint64(i), mask
			if n += 2; n == scanOut {
				return n, i + 64, seen&highs != 0
			}
		}
	}
	return n, i, seen&highs != 0
}

// zeroBytes sets the high bit of each byte of w that is zero, exactly (no
// borrow crosses bytes).
func zeroBytes(w uint64) uint64 {
	return ^((w&^highs + 0x7f*ones) | w) & highs
}

// boundBytes sets the high bit of each byte of w that is < 0x21 or >= 0x80
// (a signed byte below 0x21), as the kernel's bound test.
func boundBytes(w uint64) uint64 {
	return (^(w&^highs + (0x80-0x21)*ones) | w) & highs
}

// notAlnumBytes sets the high bit of each byte of w that is not an ASCII
// letter or digit, as the kernel's bound test for -p.
func notAlnumBytes(w uint64) uint64 {
	t := (w | 0x20*ones) &^ highs
	alpha := (t + (0x80-'a')*ones) &^ (t + (0x80-'z'-1)*ones)
	d := w &^ highs
	digit := (d + (0x80-'0')*ones) &^ (d + (0x80-'9'-1)*ones)
	return ^((alpha | digit) &^ w) & highs
}

// firstHighFrom returns the index of the first byte >= 0x80 in b at or
// after i, looking at 32 bytes at a time, then 8, then one.
func firstHighFrom(b []byte, i int) int {
	le := binary.LittleEndian
	for ; i+32 <= len(b); i += 32 {
		if (le.Uint64(b[i:])|le.Uint64(b[i+8:])|le.Uint64(b[i+16:])|le.Uint64(b[i+24:]))&highs != 0 {
			break
		}
	}
	for ; i+8 <= len(b); i += 8 {
		if le.Uint64(b[i:])&highs != 0 {
			break
		}
	}
	for ; i < len(b) && b[i] < utf8.RuneSelf; i++ {
	}
	return i
}
