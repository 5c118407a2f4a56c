package parquet

import (
	"encoding/binary"
	"math/bits"
	"slices"

	"github.com/parquet-go/parquet-go/encoding/rle"
)

// appendLevels appends the definition levels of rows values, null[i]
// marking the null ones (nil: none), in the RLE/bit-packing hybrid of
// bit width 1. A column of one kind (a book's gutenberg_id) is one run,
// written without a level per row.
func appendLevels(dst []byte, null []bool, rows int) []byte {
	if rows == 0 {
		return dst
	}
	if null == nil || !slices.Contains(null, !null[0]) {
		level := byte(1)
		if null != nil && null[0] {
			level = 0
		}
		return append(binary.AppendUvarint(dst, uint64(rows)<<1), level)
	}
	levels := make([]byte, rows)
	for i, n := range null {
		if !n {
			levels[i] = 1
		}
	}
	lv, _ := (&rle.Encoding{BitWidth: 1}).EncodeLevels(nil, levels) // fails only for a bit width over 8
	return append(dst, lv...)
}

// appendSequence appends the RLE_DICTIONARY indexes 0, 1, ... n-1 (the
// rows of a dictionary of distinct values, in order): their bit width,
// then their groups of 8 bit-packed as one run and the rest as runs of
// one, as parquet-go's encoder writes them.
func appendSequence(dst []byte, n int) []byte {
	width := bits.Len32(uint32(max(n, 1) - 1))
	dst = append(dst, byte(width))
	if width == 0 {
		return binary.AppendUvarint(dst, uint64(n)<<1)
	}
	groups := n / 8
	if groups > 0 {
		dst = binary.AppendUvarint(dst, uint64(groups)<<1|1)
		at := len(dst)
		dst = append(dst, make([]byte, groups*width)...)
		var acc uint64
		fill := 0
		for i := range groups * 8 {
			acc |= uint64(i) << fill
			if fill += width; fill >= 32 {
				binary.LittleEndian.PutUint32(dst[at:at+4], uint32(acc))
				at, acc, fill = at+4, acc>>32, fill-32
			}
		}
		for ; fill > 0; fill -= 8 {
			dst[at] = byte(acc)
			at, acc = at+1, acc>>8
		}
	}
	for i := groups * 8; i < n; i++ {
		dst = append(dst, 1<<1)
		for b := 0; b < width; b += 8 {
			dst = append(dst, byte(i>>b))
		}
	}
	return dst
}
