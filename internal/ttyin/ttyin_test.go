package ttyin_test

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/gutcount/gutcount/internal/ttyin"
)

// terminal answers its reads from a script of lines, an empty one being
// an end of input (Ctrl-D); past the script it waits for ever, as a
// terminal waits for keys.
type terminal struct {
	script []string
	reads  int
}

func (t *terminal) Read(p []byte) (int, error) {
	t.reads++
	if len(t.script) == 0 {
		select {} // waits for keys that never come
	}
	s := t.script[0]
	t.script = t.script[1:]
	if s == "" {
		return 0, io.EOF
	}
	return copy(p, s), nil
}

func TestOneEndOfInput(t *testing.T) {
	term := &terminal{script: []string{"the whale\n", "", "more\n"}}
	hints := 0
	r := ttyin.New(context.Background(), term, func() { hints++ })
	b, err := io.ReadAll(r)
	if string(b) != "the whale\n" || err != nil {
		t.Fatalf("ReadAll = %q, %v; want the first line, nil", b, err)
	}
	// The end stays the end: the terminal is not read again.
	if n, err := r.Read(make([]byte, 8)); n != 0 || err != io.EOF || term.reads != 2 {
		t.Errorf("Read after the end = %d, %v (%d reads of the terminal); want 0, EOF, 2 reads", n, err, term.reads)
	}
	if hints != 1 {
		t.Errorf("hint called %d times; want 1", hints)
	}
}

func TestCancelledWait(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	hinted := make(chan struct{})
	r := ttyin.New(ctx, &terminal{}, func() { close(hinted) })
	done := make(chan error, 1)
	go func() {
		_, err := r.Read(make([]byte, 8))
		done <- err
	}()
	<-hinted // the read has started
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Read after cancel = %v; want context.Canceled", err)
	}
}

func TestSkipHint(t *testing.T) {
	hints := 0
	r := ttyin.New(context.Background(), &terminal{script: []string{"5\n", ""}}, func() { hints++ })
	r.SkipHint()
	if b, err := io.ReadAll(r); string(b) != "5\n" || err != nil || hints != 0 {
		t.Errorf("ReadAll = %q, %v, %d hints; want 5, nil, no hint", b, err, hints)
	}
}
