//go:build unix

package fsx

import "syscall"

// hugePage is the size of a huge page on amd64 and arm64 (Linux's
// transparent huge pages), to which blocks are rounded up.
const hugePage = 2 << 20

// newBlock maps n bytes or more of anonymous memory, asking for huge
// pages: a block is faulted in a huge page at a time (a few faults where a
// heap buffer of a book takes hundreds), and read with fewer TLB misses.
// Should the mapping fail, the block comes from the Go heap (mapped is
// false).
func newBlock(n int) (b []byte, mapped bool) {
	size := (n + hugePage - 1) &^ (hugePage - 1)
	b, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return make([]byte, n), false
	}
	adviseHuge(b) // advice only: small pages otherwise
	return b, true
}

// unmapBlock gives a block's memory, as newBlock mapped it, back to the
// system.
func unmapBlock(b []byte) { syscall.Munmap(b) }
