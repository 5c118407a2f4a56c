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
	bufs   [2][]byte
	cur    int // the buffer being filled
	n      int // its bytes
	// direct is set while writes are direct. Those are positional
	// (through waiter, parked while the disk works), from off (pos set),
	// then the file's offset is moved to the end by Flush.
	direct  bool
	pos     bool
	off     int64
	pending chan error // the write of the other buffer, when one is under way
	err     error
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

// start writes out the full buffer on a goroutine of its own, after the
// write of the other one has ended, and moves to the other.
func (w *DirectWriter) start() {
	if w.wait(); w.err != nil {
		return
	}
	b, off := w.bufs[w.cur], w.off
	w.off += int64(len(b))
	ch := make(chan error, 1)
	go func() { ch <- w.write(b, off) }()
	w.pending = ch
	w.cur, w.n = 1-w.cur, 0
}

// wait waits for the write under way, if any, and keeps its error.
func (w *DirectWriter) wait() {
	if w.pending != nil {
		if err := <-w.pending; w.err == nil {
			w.err = err
		}
		w.pending = nil
	}
}

// write writes b at off (or at the file's offset, without pos): directly
// while it may (b a whole number of aligned blocks), else through the
// page cache.
func (w *DirectWriter) write(b []byte, off int64) error {
	if w.direct {
		n, err := w.waiter.WriteAt(w.f, b, off)
		if !errors.Is(err, syscall.EINVAL) {
			return err
		}
		// Some file systems refuse direct writes only when one
		// is made: write through the page cache from here on.
		w.direct = !setDirect(w.f, false)
		if w.direct {
			return err
		}
		b, off = b[n:], off+int64(n)
	}
	return w.plain(b, off)
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
		if w.err = w.write(b[:whole], w.off); w.err != nil {
			return w.err
		}
		w.off += int64(whole)
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

// Close waits for the write under way, if any, and drops what w holds.
func (w *DirectWriter) Close() {
	w.wait()
	w.n = 0
	if w.err == nil {
		w.err = errors.New("fsx: DirectWriter closed")
	}
}
