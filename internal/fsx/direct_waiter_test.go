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
