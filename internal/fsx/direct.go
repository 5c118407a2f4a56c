package fsx

import (
	"errors"
	"io"
	"os"
	"syscall"
	"unsafe"
)

// directAlign is what a direct write's memory, offset and length are
// multiples of: the largest logical block size of common disks.
const directAlign = 4096

// directBuf is the size of a DirectWriter's buffers: large writes, few
// system calls, little memory to fault in.
const directBuf = 1 << 20

// directBufs is how many buffers a DirectWriter fills in turn: while one
// is filled, the writes of the others may be under way. With one write at
// a time, the writer of a 2,000-book counts table waited for them 3 of
// its 5.4 s: a write's completion is seen when Go next polls the ring's
// eventfd, up to about 10 ms late while both cores count.
const directBufs = 4

// DirectWriter writes a large file (a batch's counts table) around the
// page cache where the system allows it (O_DIRECT on Linux): the bytes go
// from its buffers to the disk, a buffer at a time, while the caller fills
// the other. Through the page cache every byte is copied into pages the
// kernel must first find (a third of a merge's time, on a virtual machine,
// went into that copy), and the file's Sync then waits for all of them to
// reach the disk; here they are there already, and Sync writes only the
// last few kilobytes and the file's metadata. The direct writes go
// through the process's Waiter (Uring): their goroutine is parked while
// the disk works, and its core counts. Where direct writes are refused, it
// writes through the page cache as any writer does.
//
// Use it on a file opened for writing at offset 0 (as Create opens it),
// and nothing else on that file until Flush; then Sync or Commit the file.
// Close stops it without writing what it holds (the file is then to be
// aborted).
type DirectWriter struct {
	f      *os.File
	waiter *Waiter // makes the direct writes (Uring)
	bufs   [directBufs][]byte
	cur    int // the buffer being filled
	n      int // its bytes
	// direct is set while writes are direct. Those are positional
	// (through waiter, parked while the disk works), from off (pos set),
	// then the file's offset is moved to the end by Flush.
	direct  bool
	pos     bool
	off     int64
	pending []directWrite // the direct writes under way, oldest first
	err     error
}

// directWrite is a direct write under way: of b at off, its result to
// come on done.
type directWrite struct {
	b    []byte
	off  int64
	done chan directResult
}

type directResult struct {
	n   int
	err error
}

// NewDirectWriter starts writing f, which is at offset 0.
func NewDirectWriter(f *os.File) *DirectWriter { return newDirectWriter(f, Uring()) }

// newDirectWriter is NewDirectWriter with the direct writes made by waiter.
func newDirectWriter(f *os.File, waiter *Waiter) *DirectWriter {
	w := &DirectWriter{f: f, waiter: waiter}
	if off, err := f.Seek(0, 1); err == nil && off == 0 {
		w.direct = setDirect(f, true)
		w.pos = w.direct
	}
	for i := range w.bufs {
		w.bufs[i] = alignedBuf(directBuf)
	}
	return w
}

// alignedBuf is n bytes of memory starting at a multiple of directAlign.
func alignedBuf(n int) []byte {
	b := make([]byte, n+directAlign)
	skip := int(-uintptr(unsafe.Pointer(unsafe.SliceData(b))) & (directAlign - 1))
	return b[skip : skip+n : skip+n]
}

// Room returns the next n bytes of w's buffer, for the caller to fill and
// then Write, whole or a first part of them: written from there, they are
// not copied. It is nil when they do not fit in what the buffer has left.
// The room is the caller's until its next Write.
func (w *DirectWriter) Room(n int) []byte {
	if w.err != nil || n <= 0 || n > directBuf-w.n {
		return nil
	}
	return w.bufs[w.cur][w.n : w.n+n : w.n+n]
}

// Write buffers p, writing out each buffer it fills.
func (w *DirectWriter) Write(p []byte) (int, error) {
	if buf := w.bufs[w.cur]; w.err == nil && len(p) > 0 && len(p) <= directBuf-w.n && &p[0] == &buf[w.n] {
		// Filled in its Room: in place already.
		if w.n += len(p); w.n == directBuf {
			w.start()
		}
		return len(p), w.err
	}
	written := 0
	for len(p) > 0 {
		if w.err != nil {
			return written, w.err
		}
		c := copy(w.bufs[w.cur][w.n:], p)
		w.n += c
		written += c
		p = p[c:]
		if w.n == directBuf {
			w.start()
		}
	}
	return written, w.err
}

// start writes out the full buffer and moves to the next one, once that
// one's write has ended: directly, on a goroutine of its own, or through
// the page cache.
func (w *DirectWriter) start() {
	for len(w.pending) >= len(w.bufs)-1 && w.err == nil {
		w.waitOne()
	}
	if w.err != nil {
		return
	}
	b := w.bufs[w.cur]
	w.write(b)
	w.cur, w.n = (w.cur+1)%len(w.bufs), 0
}

// write writes b at the end of what was written: directly while it may (b
// a whole number of aligned blocks, the write left under way), else
// through the page cache once the writes under way have ended.
func (w *DirectWriter) write(b []byte) {
	off := w.off
	w.off += int64(len(b))
	if !w.direct {
		if w.wait(); w.err == nil {
			w.err = w.plain(b, off)
		}
		return
	}
	dw := directWrite{b: b, off: off, done: make(chan directResult, 1)}
	f, waiter := w.f, w.waiter
	go func() {
		n, err := waiter.WriteAt(f, b, off)
		dw.done <- directResult{n, err}
	}()
	w.pending = append(w.pending, dw)
}

// wait waits for the writes under way, keeping the first error.
func (w *DirectWriter) wait() {
	for len(w.pending) > 0 {
		w.waitOne()
	}
}

// waitOne waits for the oldest write under way.
func (w *DirectWriter) waitOne() {
	dw := w.pending[0]
	w.pending = append(w.pending[:0], w.pending[1:]...)
	r := <-dw.done
	if r.err == nil || w.err != nil {
		return
	}
	if errors.Is(r.err, syscall.EINVAL) {
		// Some file systems refuse direct writes only when one is
		// made: write through the page cache from here on.
		if w.direct && setDirect(w.f, false) {
			w.direct = false
		}
		if !w.direct {
			w.err = w.plain(dw.b[r.n:], dw.off+int64(r.n))
			return
		}
	}
	w.err = r.err
}

// plain writes b through the page cache, at off or at the file's offset.
func (w *DirectWriter) plain(b []byte, off int64) error {
	var err error
	if w.pos {
		_, err = w.f.WriteAt(b, off)
	} else {
		_, err = w.f.Write(b)
	}
	return err
}

// Flush writes out everything written to w: the whole blocks of its last
// buffer directly, the rest through the page cache (a direct write is of
// whole blocks), which leaves the file open as a plain one.
func (w *DirectWriter) Flush() error {
	if w.wait(); w.err != nil {
		return w.err
	}
	b := w.bufs[w.cur][:w.n]
	w.n = 0
	if whole := len(b) &^ (directAlign - 1); w.direct && whole > 0 {
		w.write(b[:whole])
		if w.wait(); w.err != nil {
			return w.err
		}
		b = b[whole:]
	}
	if w.direct {
		if !setDirect(w.f, false) {
			w.err = errors.New("fsx: " + w.f.Name() + ": cannot leave direct writes")
			return w.err
		}
		w.direct = false
	}
	if len(b) > 0 {
		w.err = w.plain(b, w.off)
		w.off += int64(len(b))
	}
	if w.pos && w.err == nil {
		_, w.err = w.f.Seek(w.off, io.SeekStart)
	}
	return w.err
}

// Close waits for the writes under way and drops what w holds.
func (w *DirectWriter) Close() {
	w.wait()
	w.n = 0
	if w.err == nil {
		w.err = errors.New("fsx: DirectWriter closed")
	}
}
