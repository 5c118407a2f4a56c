//go:build !amd64 || purego

package count

// pairBlock returns the first block of 64 positions pos >= i (pos <= last)
// where word's pair of bytes in k matches, with its mask (bit j for
// position pos+j), or a pos > last and mask 0 when there is none. out is
// the plain Go search's buffer.
func pairBlock(k *kernel, s []byte, i, last int, out *[scanOut]uint64) (pos int, mask uint64) {
	return pairGo(k, s, i, last, out)
}
