package fsx

import "golang.org/x/sys/unix"

// adviseHuge asks for b to be backed by transparent huge pages.
func adviseHuge(b []byte) { unix.Madvise(b, unix.MADV_HUGEPAGE) }
