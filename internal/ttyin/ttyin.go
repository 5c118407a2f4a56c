// Package ttyin reads standard input from a terminal as cat and wc do: it
// says once, before the first read, that it is reading (a command that
// waits silently looks hung), takes the first end of input (one Ctrl-D)
// as the end, and stops waiting as soon as a context is done (one Ctrl-C).
//
//	in := ttyin.New(ctx, os.Stdin, func() { fmt.Fprintln(os.Stderr, "reading standard input") })
//
// Only wrap a terminal: a pipe or a file needs none of this.
//
// Layering: a leaf; it imports nothing of the module.
package ttyin

import (
	"context"
	"io"
	"sync"
)

// Reader reads a terminal; see the package comment.
type Reader struct {
	ctx  context.Context
	r    io.Reader
	hint func()
	once sync.Once

	mu      sync.Mutex
	err     error       // sticky: io.EOF once the terminal said so
	pending chan result // a read still in flight after a cancelled wait
	buf     []byte      // read but not yet returned
}

type result struct {
	b   []byte
	err error
}

// New returns a reader of r that calls hint before its first read (nil
// for none) and whose reads end with ctx.Err() once ctx is done.
func New(ctx context.Context, r io.Reader, hint func()) *Reader {
	return &Reader{ctx: ctx, r: r, hint: hint}
}

// SkipHint keeps the hint from being shown: for a command that prompts
// for what it reads.
func (t *Reader) SkipHint() { t.once.Do(func() {}) }

// Read reads from the terminal. The wait for the terminal happens in a
// goroutine of its own, so that a done context ends it at once; a read
// still waiting then is taken up by the next Read, if any.
func (t *Reader) Read(p []byte) (int, error) {
	if t.hint != nil {
		t.once.Do(t.hint)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.buf) > 0 {
		n := copy(p, t.buf)
		t.buf = t.buf[n:]
		return n, nil
	}
	if t.err != nil {
		return 0, t.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if t.pending == nil {
		t.pending = make(chan result, 1)
		go func(got chan<- result, n int) {
			b := make([]byte, n)
			k, err := t.r.Read(b)
			got <- result{b[:k], err}
		}(t.pending, len(p))
	}
	select {
	case res := <-t.pending:
		t.pending = nil
		if res.err != nil {
			t.err = res.err // the end, once: a terminal would wait again
		}
		n := copy(p, res.b)
		t.buf = res.b[n:]
		if n > 0 || t.err == nil {
			return n, nil
		}
		return 0, t.err
	case <-t.ctx.Done():
		return 0, t.ctx.Err()
	}
}
