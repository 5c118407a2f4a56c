//go:build !unix

package fsx

// newBlock allocates a block from the Go heap.
func newBlock(n int) (b []byte, mapped bool) { return make([]byte, n), false }

// unmapBlock is never called here: no block is mapped.
func unmapBlock(b []byte) {}
