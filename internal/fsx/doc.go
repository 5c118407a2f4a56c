// Package fsx owns the file-system safety every other package relies on:
// atomic writes (Create, WriteFile, CopyFile, AppendLine, SyncDir), opens
// that never follow a symbolic link or wait on a FIFO (OpenNoFollow and the
// ONoFollow and ONonblock flags), what says a file is still the one it was
// (Stamp), mapping a file into memory (Map; MapRegion, many files one after
// another, unmapped together), asking for one to be read ahead
// (WillNeed), blocks of memory kept for reuse (Block), and fsyncs and
// direct writes that wait for the disk without holding a core (Sync,
// Waiter: an io_uring ring on Linux).
//
// It is a leaf: it imports nothing of this module, so that the store, the
// batch engine, the lock, downloads and the commands can all use it.
// Unix-only system calls live in the _unix files, with a portable fallback
// beside each.
package fsx
