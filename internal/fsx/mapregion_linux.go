package fsx

import (
	"errors"
	"os"
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A MapRegion maps files read-only, one after another, into a stretch of
// address space reserved for it, and unmaps them all at once: when the
// next file does not fit and none is still in use, one mmap over the
// whole stretch puts the reservation back in their place. A file mapped
// on its own is unmapped by its own munmap, and each flushed the mapping
// from the TLB of every core the process had run on, an interrupt to
// each: a batch over 400 stored books spent 2.6% of its CPU unmapping them
// one at a time. A file too large for half the region is mapped on its
// own (MapFile). A MapRegion is for one goroutine at a time; its address
// space is given back once it is unreachable.
type MapRegion struct {
	size int // bytes of address space, a multiple of the page size
	mem  *regionMem
	next int // where the next file goes
	live int // files mapped into it and not closed
}

// regionMem is a region's reserved address space: nil base until the
// first Map. broken is set when a mapping at a fixed address failed, and
// the kernel may have left a hole in the reservation that another mapping
// can take: the region is not used, nor unmapped, again.
type regionMem struct {
	base   unsafe.Pointer
	size   int
	broken bool
}

// NewMapRegion returns a region of size bytes (rounded up to pages),
// reserved when it first maps a file.
func NewMapRegion(size int) *MapRegion {
	page := os.Getpagesize()
	size = (size + page - 1) &^ (page - 1)
	r := &MapRegion{size: size, mem: &regionMem{size: size}}
	runtime.AddCleanup(r, func(m *regionMem) {
		if m.base != nil && !m.broken {
			unix.MunmapPtr(m.base, uintptr(m.size))
		}
	}, r.mem)
	return r
}

// Map maps the open file f read-only, as MapFile does, into the region
// when it fits. f may be closed afterwards; the mapping lasts until its
// Close.
func (r *MapRegion) Map(f *os.File) (*Mapped, error) {
	if r == nil || r.mem.broken {
		return MapFile(f)
	}
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() == 0 || fi.Size() > int64(r.size/2) {
		return MapFile(f) // its error, or a mapping of its own
	}
	n := int(fi.Size())
	page := os.Getpagesize()
	room := (n + page - 1) &^ (page - 1)
	if r.next+room > r.size {
		if r.live > 0 {
			return MapFile(f)
		}
		if err := r.clear(); err != nil {
			return MapFile(f)
		}
	}
	if r.mem.base == nil {
		p, err := unix.MmapPtr(-1, 0, nil, uintptr(r.size), unix.PROT_NONE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS|unix.MAP_NORESERVE)
		if err != nil {
			return MapFile(f)
		}
		r.mem.base = p
	}
	p, err := unix.MmapPtr(int(f.Fd()), 0, unsafe.Add(r.mem.base, r.next), uintptr(n), unix.PROT_READ, unix.MAP_SHARED|unix.MAP_FIXED)
	if err != nil {
		r.mem.broken = true
		return MapFile(f)
	}
	b := unsafe.Slice((*byte)(p), n)
	unix.Madvise(b, unix.MADV_SEQUENTIAL) // read ahead: the file is read once, in order
	r.next += room
	r.live++
	return &Mapped{Data: b, region: r}, nil
}

// clear unmaps every file of the region at once, none in use: reserved
// address space again, from its start.
func (r *MapRegion) clear() error {
	if r.mem.base != nil {
		if _, err := unix.MmapPtr(-1, 0, r.mem.base, uintptr(r.size), unix.PROT_NONE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS|unix.MAP_NORESERVE|unix.MAP_FIXED); err != nil {
			r.mem.broken = true
			return err
		}
	}
	r.next = 0
	return nil
}

// errClosed is the error of a second Close of a mapping in a region.
var errClosed = errors.New("fsx: mapping closed already")

// release is Close of m, a mapping in r: it stays mapped until r clears
// it.
func (r *MapRegion) release(m *Mapped) error {
	if m.Data == nil {
		return errClosed
	}
	r.live--
	m.Data = nil
	return nil
}
