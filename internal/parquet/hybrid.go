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
// then one bit-packed run, its last group of 8 filled with zeros as
// appendPacked leaves it. Up to seqWidthMax bits wide, the run is a
// prefix of e.seqs[width], packed once, not packed again for each book.
func (e *Encoder) appendSequence(dst []byte, n int) []byte {
	width := bitWidth(n)
	dst = append(dst, byte(width))
	if width == 0 {
		return binary.AppendUvarint(dst, uint64(n)<<1)
	}
	if width > seqWidthMax {
		e.indexes = e.indexes[:0]
		for i := range n {
			e.indexes = append(e.indexes, int32(i))
		}
		return appendPacked(dst, e.indexes, width)
	}
	if e.seqs[width] == nil {
		ix := make([]int32, 1<<width)
		for i := range ix {
			ix[i] = int32(i)
		}
		packed := appendPacked(nil, ix, width)
		e.seqs[width] = packed[len(packed)-(len(ix)+7)/8*width:] // past its header
	}
	groups := (n + 7) / 8
	dst = binary.AppendUvarint(dst, uint64(groups)<<1|1)
	at := len(dst)
	dst = append(dst, e.seqs[width][:groups*width]...)
	// The bits past index n-1, zeros.
	if used := n * width; used < groups*8*width {
		p := dst[at:]
		p[used/8] &= byte(1)<<(used%8) - 1
		clear(p[used/8+1:])
	}
	return dst
}

// seqWidthMax is the widest run of indexes 0 to n-1 that an Encoder
// keeps packed (Encoder.seqs): 65,536 indexes, 128 KiB.
const seqWidthMax = 16

// A run is n rows of one dictionary index.
type run struct{ index, n int32 }

// appendRuns appends the RLE_DICTIONARY indexes of runs, into a
// dictionary of distinct values: their bit width, then a run of 8 or
// more as an RLE run, the others bit-packed 8 at a time. ix is scratch,
// returned for reuse.
func appendRuns(dst []byte, runs []run, distinct int, ix []int32) ([]byte, []int32) {
	width := bitWidth(distinct)
	dst = append(dst, byte(width))
	if width == 0 {
		total := 0
		for _, r := range runs {
			total += int(r.n)
		}
		return binary.AppendUvarint(dst, uint64(total)<<1), ix
	}
	ix = ix[:0] // the indexes waiting to be bit-packed
	for _, r := range runs {
		n := int(r.n)
		// A bit-packed run holds groups of 8: the waiting ones' last
		// group is filled first.
		for ; n > 0 && len(ix)%8 != 0; n-- {
			ix = append(ix, r.index)
		}
		if n < 8 {
			for ; n > 0; n-- {
				ix = append(ix, r.index)
			}
			continue
		}
		if len(ix) > 0 {
			dst = appendPacked(dst, ix, width)
			ix = ix[:0]
		}
		dst = binary.AppendUvarint(dst, uint64(n)<<1)
		for b := 0; b < width; b += 8 {
			dst = append(dst, byte(r.index>>b))
		}
	}
	if len(ix) > 0 {
		dst = appendPacked(dst, ix, width)
	}
	return dst, ix
}

// bitWidth is the bit width of the indexes into a dictionary of n
// values.
func bitWidth(n int) int { return bits.Len32(uint32(max(n, 1) - 1)) }

// appendPacked appends a bit-packed run of ix, each of width bits, its
// last group of 8 filled with zeros (which only a page's last run may
// have: a reader takes as many values as the page holds).
func appendPacked(dst []byte, ix []int32, width int) []byte {
	groups := (len(ix) + 7) / 8
	dst = binary.AppendUvarint(dst, uint64(groups)<<1|1)
	at := len(dst)
	dst = append(dst, make([]byte, groups*width)...)
	var acc uint64
	fill := 0
	for _, x := range ix {
		acc |= uint64(uint32(x)) << fill
		if fill += width; fill >= 32 {
			binary.LittleEndian.PutUint32(dst[at:], uint32(acc))
			at, acc, fill = at+4, acc>>32, fill-32
		}
	}
	for ; fill > 0; fill -= 8 {
		dst[at] = byte(acc)
		at, acc = at+1, acc>>8
	}
	return dst
}
