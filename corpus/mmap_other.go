//go:build !unix

package corpus

import "errors"

// Mapped is a file mapped into memory.
type Mapped struct {
	Data []byte
}

// MapFile is not available on this system: the caller reads the file.
func MapFile(path string) (*Mapped, error) { return nil, errors.New("mmap not supported") }

// Close does nothing here.
func (m *Mapped) Close() error { return nil }

// Release does nothing here.
func (m *Mapped) Release(b []byte) {}
