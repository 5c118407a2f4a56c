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
// next file does not fit (or the region holds maxRegionFiles) and none is
// still in use, one mmap over the whole stretch puts the reservation back
// in their place. A file mapped on its own is unmapped by its own munmap,
// and each flushed the mapping from the TLB of every core the process had
// run on, an interrupt to each: a batch over 400 stored books spent 2.6%
// of its CPU unmapping them one at a time. A file too large for half the
// region is mapped on its own (MapFile), as is one that comes while the
// region is full and a file in it is open. A MapRegion is for one
// goroutine at a time; its address space is given back once it is
// unreachable.
type MapRegion struct {
	mem   *regionMem
	next  int // where the next file goes
	files int // files mapped since the region was last cleared
	live  int // files mapped into it and not closed
}

// maxRegionFiles is the most files a region holds: each is a mapping of
// its own, and a process may have only so many (vm.max_map_count, 65,530
// by default), which regions of small files held till they were full
// used up with many workers (-j 128 over files of a few kilobytes), and
// the Go runtime could then map no memory.
const maxRegionFiles = 16

// regionMem is a region's reserved address space: nil base until a Map
// reserves it. When a mapping at a fixed address in it fails, the kernel
// may have left a hole [hole, holeEnd) that another mapping can take
// since: the region is broken, and what lies around the hole, its own, is
// given back once none of its files is open (free); the next Map then
// reserves address space elsewhere.
type regionMem struct {
	base          unsafe.Pointer
	size          int // bytes of address space, a multiple of the page size
	broken        bool
	hole, holeEnd int
}

// free gives back m's address space, all of it or, broken, around its
// hole; m is then unreserved.
func (m *regionMem) free() {
	if m.base == nil {
		return
	}
	if !m.broken {
		unix.MunmapPtr(m.base, uintptr(m.size))
	} else {
		if m.hole > 0 {
			unix.MunmapPtr(m.base, uintptr(m.hole))
		}
		if m.holeEnd < m.size {
			unix.MunmapPtr(unsafe.Add(m.base, m.holeEnd), uintptr(m.size-m.holeEnd))
		}
	}
	m.base, m.broken = nil, false
}

// NewMapRegion returns a region of size bytes (rounded up to pages),
// reserved when it first maps a file.
func NewMapRegion(size int) *MapRegion {
	page := os.Getpagesize()
	size = (size + page - 1) &^ (page - 1)
	r := &MapRegion{mem: &regionMem{size: size}}
	runtime.AddCleanup(r, (*regionMem).free, r.mem)
	return r
}

// Map maps the open file f read-only, as MapFile does, into the region
// when it fits. f may be closed afterwards; the mapping lasts until its
// Close.
func (r *MapRegion) Map(f *os.File) (*Mapped, error) {
	if r == nil {
		return MapFile(f)
	}
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !mappable(fi) || fi.Size() > int64(r.mem.size/2) || r.mem.broken {
		return mapOwn(f, fi) // its error, or a mapping of its own
	}
	n := int(fi.Size())
	page := os.Getpagesize()
	room := (n + page - 1) &^ (page - 1)
	if r.next+room > r.mem.size || r.files == maxRegionFiles {
		if r.live > 0 {
			return mapOwn(f, fi)
		}
		if err := r.clear(); err != nil {
			return mapOwn(f, fi)
		}
	}
	m := r.mem
	if m.base == nil {
		p, err := unix.MmapPtr(-1, 0, nil, uintptr(r.mem.size), unix.PROT_NONE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS|unix.MAP_NORESERVE)
		if err != nil {
			return mapOwn(f, fi)
		}
		m.base, r.next, r.files = p, 0, 0
	}
	p, err := unix.MmapPtr(int(f.Fd()), 0, unsafe.Add(m.base, r.next), uintptr(n), unix.PROT_READ, unix.MAP_SHARED|unix.MAP_FIXED)
	if err != nil {
		m.broken, m.hole, m.holeEnd = true, r.next, r.next+room
		r.freeIfIdle()
		return mapOwn(f, fi)
	}
	b := unsafe.Slice((*byte)(p), n)
	unix.Madvise(b, unix.MADV_SEQUENTIAL) // read ahead: the file is read once, in order
	r.next += room
	r.files++
	r.live++
	return &Mapped{Data: b, region: r}, nil
}

// clear unmaps every file of the region at once, none in use: reserved
// address space again, from its start. Should that fail, the region is
// broken everywhere: none of it is given back.
func (r *MapRegion) clear() error {
	if m := r.mem; m.base != nil {
		if _, err := unix.MmapPtr(-1, 0, m.base, uintptr(m.size), unix.PROT_NONE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS|unix.MAP_NORESERVE|unix.MAP_FIXED); err != nil {
			m.broken, m.hole, m.holeEnd = true, 0, m.size
			r.freeIfIdle()
			return err
		}
	}
	r.next, r.files = 0, 0
	return nil
}

// freeIfIdle gives back a broken region's address space around its hole
// once none of its files is open.
func (r *MapRegion) freeIfIdle() {
	if r.mem.broken && r.live == 0 {
		r.mem.free()
		r.next, r.files = 0, 0
	}
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
	r.freeIfIdle()
	return nil
}
