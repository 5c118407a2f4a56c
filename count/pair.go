package count

import "bytes"

// indexPairFrom is indexPair from position i on, in plain Go.
func indexPairFrom(s []byte, b0, b1 byte, off, i int) int {
	for i+off < len(s) {
		j := bytes.IndexByte(s[i:len(s)-off], b0)
		if j < 0 {
			return -1
		}
		if s[i+j+off] == b1 {
			return i + j
		}
		i += j + 1
	}
	return -1
}
