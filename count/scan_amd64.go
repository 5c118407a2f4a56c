//go:build amd64 && !purego

package count

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

//go:noescape
func scanAVX2(k *kernel, p *byte, i, last int, out *[scanOut]uint64) (n, next int, high bool)

//go:noescape
func firstHighAVX2(b []byte) int

// hasAVX2 chooses the assembly, by what the processor has. The plain Go
// forms are built instead with the purego tag (go test -tags purego), as
// golang.org/x/crypto does, and on other architectures.
var hasAVX2 = cpu.X86.HasAVX2

// scanBlocks is scanAVX2, or scanGo without AVX2.
func scanBlocks(k *kernel, text []byte, i, last int, out *[scanOut]uint64) (n, next int, high bool) {
	if hasAVX2 {
		return scanAVX2(k, &text[0], i, last, out)
	}
	return scanGo(k, text, i, last, out)
}

// FirstHigh returns the index of the first byte >= 0x80 in b, or len(b)
// when b is ASCII. Text in an undeclared encoding is UTF-8 when a valid
// UTF-8 sequence starts there, else Windows-1252; this finds the place
// without counting anything.
func FirstHigh(b []byte) int {
	i := 0
	if hasAVX2 && len(b) >= 32 {
		i = firstHighAVX2(b)
	}
	return firstHighFrom(b, i)
}

// loadWord returns the 8 bytes of b from i, little-endian, and byteAt
// the byte at i, for count's hot path, which has made sure that they are
// in b: one load, no bounds check (the processor allows loads at any
// address). The other architectures and the purego build check.
func loadWord(b []byte, i int) uint64 {
	return *(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), i))
}

func byteAt(b []byte, i int) byte {
	return *(*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), i))
}
