// Package freelist keeps values for reuse, as sync.Pool does, but keeps
// them across garbage collections: a buffer or a table that a pool would
// drop at each collection has its pages faulted in anew by the next user,
// which costs more than the memory kept. It is a leaf: it imports nothing
// of the module.
package freelist

import "sync"

// A List keeps values for reuse. Its zero value is an empty list, safe
// for concurrent use.
type List[T any] struct {
	mu    sync.Mutex
	items []T
}

// Get takes the value put last, or returns ok false when none is kept.
func (l *List[T]) Get() (v T, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := len(l.items)
	if n == 0 {
		return v, false
	}
	v = l.items[n-1]
	var zero T
	l.items[n-1] = zero
	l.items = l.items[:n-1]
	return v, true
}

// Put keeps v, unless most values are kept already (most <= 0: no limit);
// it reports whether v is kept.
func (l *List[T]) Put(v T, most int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if most > 0 && len(l.items) >= most {
		return false
	}
	l.items = append(l.items, v)
	return true
}

// Bytes keeps byte buffers for reuse, each user given the smallest kept
// buffer with room for what it is to hold: a list that gave the buffer
// put last, whatever its size, saw a book's block outgrow the small one
// it was given (a new, larger buffer, its pages faulted in anew, and the
// small one lost) for one book in four. Its zero value is empty, safe for
// concurrent use.
type Bytes struct {
	mu   sync.Mutex
	bufs [][]byte
}

// Get returns an empty buffer with room for n bytes: the smallest kept
// one that has it, or a new one.
func (l *Bytes) Get(n int) []byte {
	l.mu.Lock()
	best := -1
	for i, b := range l.bufs {
		if cap(b) >= n && (best < 0 || cap(b) < cap(l.bufs[best])) {
			best = i
		}
	}
	if best < 0 {
		l.mu.Unlock()
		return make([]byte, 0, n)
	}
	b := l.bufs[best]
	last := len(l.bufs) - 1
	l.bufs[best] = l.bufs[last]
	l.bufs[last] = nil
	l.bufs = l.bufs[:last]
	l.mu.Unlock()
	return b[:0]
}

// Put keeps b for a later Get. When most buffers are kept already (most
// > 0), b takes the place of the smallest kept if it is larger, and the
// one not kept is left to the garbage collector; Put reports whether b is
// kept.
func (l *Bytes) Put(b []byte, most int) bool {
	if cap(b) == 0 {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if most <= 0 || len(l.bufs) < most {
		l.bufs = append(l.bufs, b)
		return true
	}
	small := 0
	for i, k := range l.bufs {
		if cap(k) < cap(l.bufs[small]) {
			small = i
		}
	}
	if cap(l.bufs[small]) >= cap(b) {
		return false
	}
	l.bufs[small] = b
	return true
}
