package count

import "math/bits"

// IndexFold returns the index of the first instance of word in s, ASCII
// letters matching in either case, or -1. word must be lower-case ASCII.
// It is the block search of count WORD without the token boundaries: two
// of word's bytes, case folded, compared 64 positions at a time (AVX2, or
// eight at a time in plain Go), and word compared where both match. The
// two bytes are its rarest in prose, so that candidates are few.
func IndexFold(s []byte, word string) int {
	return indexBlocks(s, word, true)
}

// indexBlocks is IndexFold, or with fold false an exact bytes.Index, by
// the block search.
func indexBlocks(s []byte, word string, fold bool) int {
	n := len(word)
	eq := func(b []byte) bool {
		if fold {
			return asciiFoldEqual(b, word)
		}
		return string(b) == word
	}
	if n == 0 {
		return 0
	}
	i := 0
	if n > 1 && len(s) >= n+64 {
		k := pairKernel(word, fold)
		var out [scanOut]uint64
		last := len(s) - k.o2 - 64 // a block at i reads s[i+o1 : i+o2+64]
		for i <= last {
			pos, mask := pairBlock(&k, s, i, last, &out)
			if mask == 0 {
				i = pos
				break
			}
			for ; mask != 0; mask &= mask - 1 {
				c := pos + bits.TrailingZeros64(mask)
				if c+n <= len(s) && eq(s[c:c+n]) {
					return c
				}
			}
			i = pos + 64
		}
	}
	for ; i+n <= len(s); i++ {
		if eq(s[i : i+n]) {
			return i
		}
	}
	return -1
}

// pairGo is pairBlock in plain Go: scanGo, one block at a time.
func pairGo(k *kernel, s []byte, i, last int, out *[scanOut]uint64) (pos int, mask uint64) {
	for ; i <= last; i += 64 {
		if n, _, _ := scanGo(k, s, i, i, out); n > 0 {
			return i, out[1]
		}
	}
	return i, 0
}

// pairKernel is the kernel that compares word's two rarest bytes (case
// folded with fold), with no boundary test.
func pairKernel(word string, fold bool) kernel {
	o1, o2 := rarestTwo(word)
	c1, m1 := foldByte(word[o1], fold)
	c2, m2 := foldByte(word[o2], fold)
	return kernel{o1: o1, o2: o2, end: len(word), c1: c1, c2: c2, m1: m1, m2: m2}
}

// foldByte returns the kernel's byte and mask for c: with fold, a
// lower-case letter matches either case (the two differ in bit 0x20).
func foldByte(c byte, fold bool) (byte, byte) {
	if fold && 'a' <= c && c <= 'z' {
		return c, 'a' - 'A'
	}
	return c, 0
}

// asciiFoldEqual reports whether b equals the lower-case ASCII word, ASCII
// letters compared without case.
func asciiFoldEqual(b []byte, word string) bool {
	for i := range len(word) {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != word[i] {
			return false
		}
	}
	return true
}

// proseOrder ranks lower-case ASCII bytes by how often they occur in
// English prose, most common first.
const proseOrder = " etaoinshrdlcumwfgypbvkjxqz"

// proseRank is each byte's place in proseOrder, or len(proseOrder) for
// the bytes not in it: IndexFold ranks its word's bytes on every call.
var proseRank = func() (r [256]uint8) {
	for c := range r {
		r[c] = uint8(len(proseOrder))
	}
	for i := range len(proseOrder) {
		r[proseOrder[i]] = uint8(i)
	}
	return r
}()

// rarestTwo returns the offsets o1 < o2 of the two bytes of word that are
// rarest in prose (bytes not in proseOrder count as rarest of all).
func rarestTwo(word string) (o1, o2 int) {
	a := 0
	for i := 1; i < len(word); i++ {
		if proseRank[word[i]] > proseRank[word[a]] {
			a = i
		}
	}
	b := -1
	for i := 0; i < len(word); i++ {
		if i != a && (b < 0 || proseRank[word[i]] > proseRank[word[b]]) {
			b = i
		}
	}
	return min(a, b), max(a, b)
}
