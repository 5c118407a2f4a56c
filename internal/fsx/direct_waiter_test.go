package fsx

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// A DirectWriter through either waiter writes the same file, and leaves
// its offset at the end (what is written after Flush follows).
func TestDirectWriterWaiters(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	want := make([]byte, 3<<20+777)
	rand.NewChaCha8([32]byte{8}).Read(want)
	for name, waiter := range waiters(t) {
		path := filepath.Join(t.TempDir(), "counts")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w := newDirectWriter(f, waiter)
		for rest := want; len(rest) > 0; {
			n := min(len(rest), 1+r.IntN(300000))
			if _, err := w.Write(rest[:n]); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString("tail"); err != nil {
			t.Fatal(err)
		}
		if err := waiter.Sync(f); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if got, _ := os.ReadFile(path); !bytes.Equal(got, append(want[:len(want):len(want)], "tail"...)) {
			t.Errorf("%s: read back %d bytes, not the %d written", name, len(got), len(want)+4)
		}
	}
}

// Direct writes refused when made (EINVAL: here, at an offset that is not
// a multiple of the block size) are made through the page cache instead,
// the writes under way too, each at its place.
func TestDirectWriterRefused(t *testing.T) {
	want := make([]byte, 5<<20+3)
	rand.NewChaCha8([32]byte{9}).Read(want)
	want[0] = 9
	for name, waiter := range waiters(t) {
		f, err := os.Create(filepath.Join(t.TempDir(), "counts"))
		if err != nil {
			t.Fatal(err)
		}
		// Its first byte written already (the file's offset left
		// at 0): every direct write is then one byte off.
		if _, err := f.WriteAt(want[:1], 0); err != nil {
			t.Fatal(err)
		}
		w := newDirectWriter(f, waiter)
		if !w.direct {
			f.Close()
			t.Skip("no direct writes on this file system")
		}
		w.off = 1
		for rest := want[1:]; len(rest) > 0; {
			n := min(len(rest), 1<<19)
			if _, err := w.Write(rest[:n]); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if w.direct {
			t.Errorf("%s: still direct after refused writes", name)
		}
		f.Close()
		if got, _ := os.ReadFile(f.Name()); !bytes.Equal(got, want) {
			t.Errorf("%s: read back %d bytes, not the %d written", name, len(got), len(want))
		}
	}
}
