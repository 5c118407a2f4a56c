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
