package fsx

import (
	"runtime"
	"sync"
)

// A Block is memory for a file's bytes or a text decoded from them: big,
// used for a while, then given back with Free to serve the next. Blocks
// are kept across garbage collections, so that a run over many books
// faults their pages in once, not once a book (the Go heap gives a freed
// buffer's pages back to the system and faults them in anew, a page at a
// time). On Unix a block lies outside the Go heap, in huge pages where the
// system gives them.
type Block struct {
	B []byte // len(B) is the size asked for; cap(B) may be more
	// mapped is set when B's memory was mapped by newBlock (it is unmapped
	// when given back), unset when it is of the Go heap.
	mapped bool
}

// Blocks larger than keptMax are given back to the system when freed,
// and at most keptTotal bytes of blocks are kept.
const (
	keptMax   = 16 << 20
	keptTotal = 64 << 20
)

// blocks holds the blocks kept for reuse.
var blocks struct {
	sync.Mutex
	free  []*Block
	bytes int
}

// Alloc returns a block of n bytes (n > 0), whose contents are undefined:
// the smallest kept block that holds n bytes, or a new one.
func Alloc(n int) *Block {
	if b := takeBlock(n); b != nil {
		b.B = b.B[:n]
		return b
	}
	b, mapped := newBlock(n)
	return &Block{B: b[:n], mapped: mapped}
}

// takeBlock takes the smallest kept block of at least n bytes, or nil.
func takeBlock(n int) *Block {
	blocks.Lock()
	defer blocks.Unlock()
	best := -1
	for i, b := range blocks.free {
		if cap(b.B) >= n && (best < 0 || cap(b.B) < cap(blocks.free[best].B)) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	b := blocks.free[best]
	last := len(blocks.free) - 1
	blocks.free[best] = blocks.free[last]
	blocks.free[last] = nil
	blocks.free = blocks.free[:last]
	blocks.bytes -= cap(b.B)
	return b
}

// Free gives b back, to be kept for the next Alloc or, when it is large
// or enough are kept, to the system. b must not be used afterwards.
func (b *Block) Free() {
	if cap(b.B) <= keptMax && b.keep() {
		return
	}
	if b.mapped {
		unmapBlock(b.B[:cap(b.B)])
	}
	b.B = nil
}

// keep keeps b unless that would pass keptTotal, or as many blocks as two
// for each core (each counts a text and decodes another) are kept.
func (b *Block) keep() bool {
	blocks.Lock()
	defer blocks.Unlock()
	if blocks.bytes+cap(b.B) > keptTotal || len(blocks.free) >= 2*runtime.GOMAXPROCS(0) {
		return false
	}
	blocks.free = append(blocks.free, b)
	blocks.bytes += cap(b.B)
	return true
}
