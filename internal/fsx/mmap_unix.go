//go:build unix

package fsx

import (
	"errors"
	"os"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Mapped is a file mapped into memory.
type Mapped struct {
	Data   []byte
	region *MapRegion // when mapped into one (MapRegion.Map)
}

// Map maps the regular file at path read-only. The caller must call
// Close when done with Data.
func Map(path string) (*Mapped, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return MapFile(f)
}

// MapFile maps the open file f, read-only: the file already opened (as
// OpenPlain opens it, say), not whatever its path names by now. f may be
// closed afterwards.
func MapFile(f *os.File) (*Mapped, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return mapOwn(f, fi)
}

// errNotMappable is MapFile's error for a file that is not regular, is
// empty or is larger than the address space.
var errNotMappable = errors.New("not a mappable file")

// mappable reports whether a file of info fi can be mapped.
func mappable(fi os.FileInfo) bool {
	return fi.Mode().IsRegular() && fi.Size() > 0 && fi.Size() == int64(int(fi.Size()))
}

// mapOwn is MapFile of f, of info fi: a mapping of its own.
func mapOwn(f *os.File, fi os.FileInfo) (*Mapped, error) {
	if !mappable(fi) {
		return nil, errNotMappable
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	unix.Madvise(b, unix.MADV_SEQUENTIAL) // read ahead: the file is read once, in order
	return &Mapped{Data: b}, nil
}

// Close unmaps the file (in a MapRegion, once the region is cleared).
func (m *Mapped) Close() error {
	if m.region != nil {
		return m.region.release(m)
	}
	return syscall.Munmap(m.Data)
}

// Release gives back the pages of b (a part of Data already read) that
// lie wholly inside it: they leave the process's memory, and are read
// again from the page cache if touched.
func (m *Mapped) Release(b []byte) {
	page := uintptr(os.Getpagesize())
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo := (start + page - 1) &^ (page - 1)
	hi := (start + uintptr(len(b))) &^ (page - 1)
	if hi <= lo {
		return
	}
	off := int(lo - uintptr(unsafe.Pointer(unsafe.SliceData(m.Data))))
	unix.Madvise(m.Data[off:off+int(hi-lo)], unix.MADV_DONTNEED)
}
