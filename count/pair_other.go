//go:build !amd64

package count

// indexPair returns the first i with s[i] == b0 and s[i+off] == b1, or -1.
func indexPair(s []byte, b0, b1 byte, off int) int {
	return indexPairFrom(s, b0, b1, off, 0)
}
