//go:build !linux

package fsx

import "os"

// WillNeed does nothing here: the file is read from the disk when it is
// read (Linux reads it ahead, see advise_linux.go).
func WillNeed(f *os.File, size int64) error { return nil }
