package count

import (
	"runtime/debug"
	"sync"
)

// A mapped file that shrinks while it is read faults (SIGBUS) where its
// pages are gone, which ends the process with a crash dump unless the
// goroutine that touched them asked for a panic instead
// (debug.SetPanicOnFault). The goroutines of this package read the
// caller's bytes, which may be such a file: they ask for the panic, and
// the first fault among them is passed to the caller's goroutine, which
// panics with it in turn, as it would had it read the bytes itself. A
// caller that maps a file recovers it there (see IsFault).

// faults keeps the first fault of a group of goroutines.
type faults struct {
	mu    sync.Mutex
	fault any
}

// guard runs fn in a goroutine of the group, keeping a fault it meets.
func (f *faults) guard(fn func()) {
	defer func() {
		if r := recover(); r != nil {
			if !IsFault(r) {
				panic(r)
			}
			f.mu.Lock()
			if f.fault == nil {
				f.fault = r
			}
			f.mu.Unlock()
		}
	}()
	fn()
}

// start begins a goroutine of the group: its faults are panics.
func (f *faults) start() { debug.SetPanicOnFault(true) }

// rethrow panics, in the caller's goroutine, with the first fault kept.
func (f *faults) rethrow() {
	if f.fault != nil {
		panic(f.fault)
	}
}

// IsFault reports whether r, a value recovered from a panic, is a memory
// fault at an address that is not near nil: what reading a mapped file
// that shrank raises in a goroutine that set debug.SetPanicOnFault. A nil
// dereference stays the bug it is.
func IsFault(r any) bool {
	e, ok := r.(interface{ Addr() uintptr })
	return ok && e.Addr() >= 4096
}

// EachPart calls fn(0) to fn(n-1), each on a goroutine of its own, and
// returns when all have returned: for work on parts of the caller's bytes
// on every core. A fault one of them meets in a mapped file that shrank
// is raised in the caller's goroutine, as if it had read the bytes itself.
func EachPart(n int, fn func(k int)) {
	var wg sync.WaitGroup
	var f faults
	for k := range n {
		wg.Go(func() {
			f.start()
			f.guard(func() { fn(k) })
		})
	}
	wg.Wait()
	f.rethrow()
}
