package count

import "golang.org/x/sys/cpu"

//go:noescape
func indexPairAVX2(s []byte, b0, b1 byte, off int) int

var hasAVX2 = cpu.X86.HasAVX2

// indexPair returns the first i with s[i] == b0 and s[i+off] == b1, or -1.
// With AVX2 it compares 32 positions at once.
func indexPair(s []byte, b0, b1 byte, off int) int {
	i := 0
	if hasAVX2 {
		if j := indexPairAVX2(s, b0, b1, off); j >= 0 {
			return j
		}
		// The blocks found nothing: go on after the last whole one.
		i = max(0, (len(s)-off-32)/32*32+32)
		if len(s)-off-32 < 0 {
			i = 0
		}
	}
	return indexPairFrom(s, b0, b1, off, i)
}
