package fsx

import (
	"io"
	"os"
	"runtime"
	"sync"
	"syscall"
	"unsafe"
)

// Waiter does fsyncs and positional writes. Where the system has io_uring
// (Linux), it submits them to a ring and waits for their completion
// parked, as a goroutine waits on a socket, holding no P: a goroutine in
// an fsync or a direct write otherwise keeps its P (its core) while the
// disk works, and the program's other goroutines wait for that core. Where
// there is no ring, it makes the plain call (f.Sync, f.WriteAt). The
// results are those of the plain call: the same errors (an
// *os.PathError around the syscall.Errno), durable when it returns.
type Waiter struct {
	r   *ring
	err error // why there is no ring
}

var shared struct {
	once sync.Once
	w    *Waiter
}

// Uring returns the process's Waiter: its ring is set up on first use,
// once; when that fails, it makes the plain calls from then on.
func Uring() *Waiter {
	shared.once.Do(func() {
		r, err := newRing()
		shared.w = &Waiter{r: r, err: err}
	})
	return shared.w
}

// Plain returns a Waiter that makes the plain calls.
func Plain() *Waiter { return &Waiter{err: errPlain} }

var errPlain = &os.SyscallError{Syscall: "io_uring_setup", Err: syscall.ENOSYS}

// Ring reports whether w submits to a ring, and if not, why.
func (w *Waiter) Ring() (bool, error) { return w.r != nil, w.err }

// Sync makes f's written bytes durable, as f.Sync does, through the
// process's Waiter.
func Sync(f *os.File) error { return Uring().Sync(f) }

// Sync makes f's written bytes durable, as f.Sync does.
func (w *Waiter) Sync(f *os.File) error {
	if w.r == nil {
		return f.Sync()
	}
	var res int32
	ok := false
	if err := w.control(f, func(fd int) {
		for res, ok = w.r.do(opFsync, fd, nil, 0, 0); ok && res == -int32(syscall.EINTR); {
			res, ok = w.r.do(opFsync, fd, nil, 0, 0)
		}
	}); err != nil || !ok || notDone(res) {
		// A file closed, or a ring that took nothing or gave up: the
		// plain call says the same thing, or does the work.
		return f.Sync()
	}
	if res < 0 {
		return &os.PathError{Op: "sync", Path: f.Name(), Err: syscall.Errno(-res)}
	}
	return nil
}

// WriteAt writes b at offset off of f, as f.WriteAt does: a short write
// is continued, and one that writes nothing is io.ErrShortWrite.
func (w *Waiter) WriteAt(f *os.File, b []byte, off int64) (int, error) {
	if w.r == nil || off < 0 {
		return f.WriteAt(b, off)
	}
	written := 0
	var res int32
	ok := true
	if err := w.control(f, func(fd int) {
		if appends(fd) {
			ok = false // f.WriteAt refuses it
			return
		}
		for ok && written < len(b) {
			p := b[written:min(len(b), written+1<<30)]
			res, ok = w.r.do(opWrite, fd, unsafe.Pointer(unsafe.SliceData(p)), uint32(len(p)), uint64(off)+uint64(written))
			switch {
			case !ok || res == -int32(syscall.EINTR):
			case notDone(res):
				ok = false
			case res <= 0:
				return
			default:
				written += int(res)
			}
		}
	}); err != nil {
		return f.WriteAt(b, off)
	}
	runtime.KeepAlive(b)
	switch {
	case !ok:
		// The ring took nothing, or gave up: the rest with the
		// plain call.
		n, err := f.WriteAt(b[written:], off+int64(written))
		return written + n, err
	case res < 0:
		return written, &os.PathError{Op: "write", Path: f.Name(), Err: syscall.Errno(-res)}
	case written < len(b):
		return written, io.ErrShortWrite
	}
	return written, nil
}

// notDone reports whether res, an operation's result, says the ring
// did not do it where the plain call would have (EAGAIN: out of
// resources; ECANCELED: cancelled): the plain call is made instead.
func notDone(res int32) bool {
	return res == -int32(syscall.EAGAIN) || res == -int32(syscall.ECANCELED)
}

// control calls fn with f's descriptor, which stays open until fn
// returns (a Close meanwhile waits): the kernel is given a descriptor
// that is f's until its operation completes.
func (w *Waiter) control(f *os.File, fn func(fd int)) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	return rc.Control(func(fd uintptr) { fn(int(fd)) })
}
