package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

// cancelAtEOF is standard input that, as it ends, cancels the run: a
// Ctrl-C that reaches gutcount together with the end of a pipe (as `cat |
// gutcount freq` and a Ctrl-C signal both processes).
type cancelAtEOF struct {
	r      io.Reader
	cancel context.CancelFunc
}

func (c *cancelAtEOF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err == io.EOF {
		c.cancel()
	}
	return n, err
}

// A run interrupted as its input ends exits 130, whatever the command made
// of the input it had: a count of a cut stream that found nothing is no
// answer (exit 1), nor a frequency table of part of it (exit 0).
func TestInterruptedAsInputEnds(t *testing.T) {
	for _, args := range [][]string{{"count", "whale"}, {"freq"}, {"kwic", "whale"}} {
		ctx, cancel := context.WithCancel(context.Background())
		var out, errb bytes.Buffer
		in := &cancelAtEOF{r: strings.NewReader("call me ishmael\n"), cancel: cancel}
		ios := &IOStreams{In: in, Out: &out, Err: &errb, Width: 80}
		code := execute(ctx, ios, append(args, "-"), fastRetries)
		cancel()
		if code != exitInterrupted || !strings.Contains(errb.String(), "interrupted") {
			t.Errorf("%v interrupted as its input ended: exit %d, stderr %q; want 130 and 'interrupted'", args, code, errb.String())
		}
	}
}

// cancelOnWrite is standard output that cancels the run at its first
// write: a Ctrl-C that arrives as the command gives its answer.
type cancelOnWrite struct {
	bytes.Buffer
	cancel context.CancelFunc
}

func (c *cancelOnWrite) Write(p []byte) (int, error) {
	c.cancel()
	return c.Buffer.Write(p)
}

// A count interrupted as it says it found nothing exits 130, not 1: the
// text it read may have been cut short.
func TestInterruptedAsItAnswers(t *testing.T) {
	for _, args := range [][]string{{"count", "whale", "-"}, {"freq", "-"}} {
		ctx, cancel := context.WithCancel(context.Background())
		out := &cancelOnWrite{cancel: cancel}
		var errb bytes.Buffer
		ios := &IOStreams{In: strings.NewReader("call me ishmael\n"), Out: out, Err: &errb, Width: 80}
		code := execute(ctx, ios, args, fastRetries)
		cancel()
		if code != exitInterrupted {
			t.Errorf("%v interrupted as it answered: exit %d, stderr %q; want 130", args, code, errb.String())
		}
	}
}
