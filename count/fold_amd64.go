//go:build amd64 && !purego

package count

import "golang.org/x/sys/cpu"

//go:noescape
func pairAVX2(k *kernel, p *byte, i, last int) (pos int, mask uint64)

//go:noescape
func pairAVX512(k *kernel, p *byte, i, last int) (pos int, mask uint64)

// hasAVX512 chooses pairAVX512 over pairAVX2: 64 bytes a compare, and a
// block's mask without a VPMOVMSKB.
var hasAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW

// pairBlock returns the first block of 64 positions pos >= i (pos <= last)
// where word's pair of bytes in k matches, with its mask (bit j for
// position pos+j), or a pos > last and mask 0 when there is none. out is
// the plain Go search's buffer.
func pairBlock(k *kernel, s []byte, i, last int, out *[scanOut]uint64) (pos int, mask uint64) {
	switch {
	case hasAVX512:
		return pairAVX512(k, &s[0], i, last)
	case hasAVX2:
		return pairAVX2(k, &s[0], i, last)
	}
	return pairGo(k, s, i, last, out)
}
