package fsx

import (
	"bytes"
	"testing"
	"unsafe"
)

// A block freed serves the next Alloc that fits in it, the smallest of
// those kept first; what is kept stays within the limits.
func TestBlockReuse(t *testing.T) {
	big, small := Alloc(3<<20), Alloc(100)
	if len(big.B) != 3<<20 || len(small.B) != 100 {
		t.Fatalf("Alloc(3<<20), Alloc(100): len %d, %d", len(big.B), len(small.B))
	}
	copy(big.B, bytes.Repeat([]byte("whale "), 1000))
	bigAt, smallAt := unsafe.SliceData(big.B), unsafe.SliceData(small.B)
	big.Free()
	small.Free()
	if b := Alloc(50); unsafe.SliceData(b.B) != smallAt || len(b.B) != 50 {
		t.Errorf("Alloc(50) after Free: not the smallest block kept, or len %d", len(b.B))
	} else {
		b.Free()
	}
	b := Alloc(3 << 20)
	if unsafe.SliceData(b.B) != bigAt {
		t.Errorf("Alloc(3<<20) after Free: not the block of 3<<20 kept")
	}
	if !bytes.HasPrefix(b.B, []byte("whale whale")) {
		t.Errorf("a block kept lost its bytes (%q...)", b.B[:11])
	}
	b.Free()

	var all []*Block
	for range 40 {
		all = append(all, Alloc(keptMax))
	}
	all = append(all, Alloc(keptMax+1))
	for _, b := range all {
		b.Free()
	}
	blocks.Lock()
	kept, n := blocks.bytes, len(blocks.free)
	blocks.Unlock()
	if kept > keptTotal {
		t.Errorf("after 41 blocks freed, %d bytes kept (%d blocks); want at most %d", kept, n, keptTotal)
	}
}
