//go:build !unix

package fsx

import (
	"errors"
	"os"
)

// Mapped is a file mapped into memory.
type Mapped struct {
	Data []byte
}

// Map is not available on this system: the caller reads the file.
func Map(path string) (*Mapped, error) { return nil, errors.New("mmap not supported") }

// MapFile is not available on this system: the caller reads the file.
func MapFile(f *os.File) (*Mapped, error) { return nil, errors.New("mmap not supported") }

// Close does nothing here.
func (m *Mapped) Close() error { return nil }

// Release does nothing here.
func (m *Mapped) Release(b []byte) {}
