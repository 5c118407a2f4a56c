//go:build linux && (amd64 || arm64)

package fsx

import (
	"errors"
	"os"
	"sync"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// An io_uring ring, written by hand: only what Sync and WriteAt need. The
// layouts and numbers below are the kernel's, from
// include/uapi/linux/io_uring.h (Linux 6.x; the fields used are those of
// Linux 5.6, where IORING_OP_WRITE and the probe came). golang.org/x/sys
// has the system call numbers (the same on amd64 and arm64) but none of
// the structures.

// uringParams is struct io_uring_params (120 bytes).
type uringParams struct {
	sqEntries, cqEntries uint32
	flags                uint32
	sqThreadCPU          uint32
	sqThreadIdle         uint32
	features             uint32
	wqFd                 uint32
	resv                 [3]uint32
	sqOff                sqringOffsets
	cqOff                cqringOffsets
}

// sqringOffsets is struct io_sqring_offsets (40 bytes).
type sqringOffsets struct {
	head, tail, ringMask, ringEntries, flags, dropped, array, resv1 uint32
	userAddr                                                        uint64
}

// cqringOffsets is struct io_cqring_offsets (40 bytes).
type cqringOffsets struct {
	head, tail, ringMask, ringEntries, overflow, cqes, flags, resv1 uint32
	userAddr                                                        uint64
}

// uringSQE is struct io_uring_sqe (64 bytes), with the union members used
// here: off, addr, len, fsync_flags (rwFlags), user_data.
type uringSQE struct {
	opcode      uint8
	flags       uint8
	ioprio      uint16
	fd          int32
	off         uint64
	addr        uint64
	len         uint32
	rwFlags     uint32
	userData    uint64
	bufIndex    uint16
	personality uint16
	spliceFdIn  int32
	addr3       uint64
	pad2        uint64
}

// uringCQE is struct io_uring_cqe (16 bytes; no IORING_SETUP_CQE32).
type uringCQE struct {
	userData uint64
	res      int32
	flags    uint32
}

// uringProbe is struct io_uring_probe with room for probeOps ops; each op
// is struct io_uring_probe_op {u8 op; u8 resv; u16 flags; u32 resv2}.
type uringProbe struct {
	lastOp uint8
	opsLen uint8
	resv   uint16
	resv2  [3]uint32
	ops    [probeOps]struct {
		op    uint8
		resv  uint8
		flags uint16
		resv2 uint32
	}
}

const probeOps = 64

// Kernel constants (io_uring.h).
const (
	opFsync = 3  // IORING_OP_FSYNC
	opRead  = 22 // IORING_OP_READ
	opWrite = 23 // IORING_OP_WRITE

	offSQRing = 0          // IORING_OFF_SQ_RING
	offSQEs   = 0x10000000 // IORING_OFF_SQES

	featSingleMmap = 1 << 0 // IORING_FEAT_SINGLE_MMAP
	featNoDrop     = 1 << 1 // IORING_FEAT_NODROP

	registerEventfd = 4 // IORING_REGISTER_EVENTFD
	registerProbe   = 8 // IORING_REGISTER_PROBE

	enterGetEvents = 1 << 0 // IORING_ENTER_GETEVENTS

	opSupported = 1 << 0 // IO_URING_OP_SUPPORTED
)

// Checked at compile time: the sizes the kernel expects.
var (
	_ [120 - unsafe.Sizeof(uringParams{})]byte
	_ [unsafe.Sizeof(uringParams{}) - 120]byte
	_ [64 - unsafe.Sizeof(uringSQE{})]byte
	_ [unsafe.Sizeof(uringSQE{}) - 64]byte
	_ [16 - unsafe.Sizeof(uringCQE{})]byte
	_ [unsafe.Sizeof(uringCQE{}) - 16]byte
	_ [16 + 8*probeOps - unsafe.Sizeof(uringProbe{})]byte
	_ [unsafe.Sizeof(uringProbe{}) - 16 - 8*probeOps]byte
)

// ringEntries is the size of the submission queue: more than the
// operations a batch has under way at once (a journal fsync, a table's
// write or fsync).
const ringEntries = 16

// ring is an io_uring instance whose completions are announced on an
// eventfd read through the netpoller: a goroutine waiting for its
// operation is parked, holding no P, while the kernel works.
type ring struct {
	fd   int
	mem  []byte // the SQ and CQ rings (one mapping)
	sqes []uringSQE

	sqTail, sqHead *uint32
	sqMask         uint32
	cqHead, cqTail *uint32
	cqMask         uint32
	cqes           []uringCQE

	mu   sync.Mutex  // submission
	free chan uint32 // the waiters' slots not in use: user_data
	done []chan int32
	efd  *os.File
}

// newRing sets up a ring, or says why there is none: the system call
// refused (ENOSYS, EPERM under seccomp or io_uring_disabled), a kernel
// too old (no single mapping, or without fsync and write).
func newRing() (*ring, error) {
	var p uringParams
	fd, _, e := unix.Syscall(unix.SYS_IO_URING_SETUP, ringEntries, uintptr(unsafe.Pointer(&p)), 0)
	if e != 0 {
		return nil, os.NewSyscallError("io_uring_setup", e)
	}
	r := &ring{fd: int(fd)}
	if err := r.init(&p); err != nil {
		if r.mem != nil {
			unix.Munmap(r.mem)
		}
		if r.efd != nil {
			r.efd.Close()
		}
		unix.Close(r.fd)
		return nil, err
	}
	go r.reap()
	return r, nil
}

var errOldKernel = errors.New("io_uring: kernel without a single ring mapping, fsync or write")

func (r *ring) init(p *uringParams) error {
	if p.features&(featSingleMmap|featNoDrop) != featSingleMmap|featNoDrop {
		return errOldKernel
	}
	var probe uringProbe
	if _, _, e := unix.Syscall6(unix.SYS_IO_URING_REGISTER, uintptr(r.fd), registerProbe, uintptr(unsafe.Pointer(&probe)), probeOps, 0, 0); e != 0 {
		return os.NewSyscallError("io_uring_register", e)
	}
	for _, op := range []int{opFsync, opRead, opWrite} {
		if op >= int(probe.opsLen) || probe.ops[op].flags&opSupported == 0 {
			return errOldKernel
		}
	}
	size := max(uintptr(p.sqOff.array)+uintptr(p.sqEntries)*4, uintptr(p.cqOff.cqes)+uintptr(p.cqEntries)*unsafe.Sizeof(uringCQE{}))
	var err error
	if r.mem, err = unix.Mmap(r.fd, offSQRing, int(size), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE); err != nil {
		return err
	}
	sqes, err := unix.Mmap(r.fd, offSQEs, int(p.sqEntries)*int(unsafe.Sizeof(uringSQE{})), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE)
	if err != nil {
		return err
	}
	r.sqes = unsafe.Slice((*uringSQE)(unsafe.Pointer(&sqes[0])), p.sqEntries)
	at := func(off uint32) *uint32 { return (*uint32)(unsafe.Pointer(&r.mem[off])) }
	r.sqHead, r.sqTail, r.sqMask = at(p.sqOff.head), at(p.sqOff.tail), *at(p.sqOff.ringMask)
	r.cqHead, r.cqTail, r.cqMask = at(p.cqOff.head), at(p.cqOff.tail), *at(p.cqOff.ringMask)
	r.cqes = unsafe.Slice((*uringCQE)(unsafe.Pointer(&r.mem[p.cqOff.cqes])), p.cqEntries)
	// The SQ array maps each ring slot to the SQE of the same index.
	array := unsafe.Slice((*uint32)(unsafe.Pointer(&r.mem[p.sqOff.array])), p.sqEntries)
	for i := range array {
		array[i] = uint32(i)
	}

	efd, err := unix.Eventfd(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
	if err != nil {
		return os.NewSyscallError("eventfd", err)
	}
	// Non-blocking, so that os.File reads it through the netpoller.
	r.efd = os.NewFile(uintptr(efd), "io_uring eventfd")
	efd32 := int32(efd)
	if _, _, e := unix.Syscall6(unix.SYS_IO_URING_REGISTER, uintptr(r.fd), registerEventfd, uintptr(unsafe.Pointer(&efd32)), 1, 0, 0); e != 0 {
		return os.NewSyscallError("io_uring_register", e)
	}

	// As many waiters as SQ entries: never more operations under way
	// than the CQ (twice as large) holds.
	r.free = make(chan uint32, p.sqEntries)
	r.done = make([]chan int32, p.sqEntries)
	for i := range r.done {
		r.done[i] = make(chan int32, 1)
		r.free <- uint32(i)
	}
	return nil
}

// do submits one operation and waits for its result (a CQE's res: a count
// or a negative errno), parked. ok is false when it could not be
// submitted: the caller does the plain call instead. What addr points to
// must stay referenced by the caller until do returns.
func (r *ring) do(op uint8, fd int, addr unsafe.Pointer, n uint32, off uint64) (res int32, ok bool) {
	slot := <-r.free
	defer func() { r.free <- slot }()
	r.mu.Lock()
	tail := *r.sqTail // only this side writes it
	r.sqes[tail&r.sqMask] = uringSQE{opcode: op, fd: int32(fd), off: off, addr: uint64(uintptr(addr)), len: n, userData: uint64(slot)}
	atomic.StoreUint32(r.sqTail, tail+1)
	for {
		_, _, e := unix.Syscall6(unix.SYS_IO_URING_ENTER, uintptr(r.fd), 1, 0, 0, 0, 0)
		if atomic.LoadUint32(r.sqHead) == tail+1 {
			break // consumed: its CQE will come
		}
		if e != unix.EINTR {
			// Not taken (EAGAIN, EBUSY...): take it back.
			atomic.StoreUint32(r.sqTail, tail)
			r.mu.Unlock()
			return 0, false
		}
	}
	r.mu.Unlock()
	return <-r.done[slot], true
}

// appends reports whether fd was opened with O_APPEND (where a
// positional write appends).
func appends(fd int) bool {
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	return err == nil && fl&unix.O_APPEND != 0
}

// reap hands each completion to its waiter, woken by the eventfd, which
// the kernel signals after posting a CQE: a CQE posted after a drain has
// a signal to come.
func (r *ring) reap() {
	var b [8]byte
	for {
		if _, err := r.efd.Read(b[:]); err != nil {
			// Cannot happen (the eventfd is never closed); should it,
			// wait in the kernel instead, holding a thread.
			unix.Syscall6(unix.SYS_IO_URING_ENTER, uintptr(r.fd), 0, 1, enterGetEvents, 0, 0)
		}
		head := *r.cqHead // only this side writes it
		for tail := atomic.LoadUint32(r.cqTail); head != tail; head++ {
			if c := r.cqes[head&r.cqMask]; c.userData < uint64(len(r.done)) {
				r.done[c.userData] <- c.res
			}
		}
		atomic.StoreUint32(r.cqHead, head)
	}
}
