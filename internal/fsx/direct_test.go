package fsx_test

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/gutcount/gutcount/internal/fsx"
)

// A DirectWriter's file holds exactly what was written to it, in writes
// of any size, copied or filled in its Room, whatever the total's size against its buffers and blocks;
// on the test's file system and, where there is one, on tmpfs (which may
// refuse direct writes).
func TestDirectWriter(t *testing.T) {
	dirs := []string{t.TempDir()}
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if d, err := os.MkdirTemp("/dev/shm", "fsxtest"); err == nil {
			t.Cleanup(func() { os.RemoveAll(d) })
			dirs = append(dirs, d)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, dir := range dirs {
		for _, size := range []int{0, 1, 4095, 4096, 4097, 1 << 20, 1<<20 + 1, 3<<20 + 12345} {
			want := make([]byte, size)
			for i := range want {
				want[i] = byte(r.Uint32())
			}
			name := filepath.Join(dir, "counts.parquet")
			f, err := fsx.Create(name, 0o644)
			if err != nil {
				t.Fatal(err)
			}
			w := fsx.NewDirectWriter(f.File)
			for rest := want; len(rest) > 0; {
				n := min(len(rest), []int{1, 7, 4096, 100000, 1 << 20}[r.IntN(5)])
				p := rest[:n]
				// Some filled in the writer's Room, with more after them
				// (a block's footer), or left unwritten (a block that
				// failed its check): what follows takes their place.
				if room := w.Room(n + r.IntN(8)); room != nil && r.IntN(2) == 0 {
					for i := range room {
						room[i] = 0xee
					}
					if r.IntN(4) == 0 {
						continue
					}
					copy(room, p)
					p = room[:n]
				}
				if k, err := w.Write(p); err != nil || k != n {
					t.Fatalf("Write of %d bytes = %d, %v", n, k, err)
				}
				rest = rest[n:]
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if err := f.Commit(); err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(name); !bytes.Equal(got, want) {
				t.Errorf("%s: a file of %d bytes read back as %d bytes, not the same", dir, size, len(got))
			}
		}
	}
}

// A DirectWriter closed before Flush writes nothing more, and the file
// aborted leaves nothing behind.
func TestDirectWriterClose(t *testing.T) {
	dir := t.TempDir()
	f, err := fsx.Create(filepath.Join(dir, "counts.parquet"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	w := fsx.NewDirectWriter(f.File)
	w.Write(make([]byte, 5<<20+3))
	w.Close()
	if _, err := w.Write([]byte("x")); err == nil {
		t.Errorf("Write after Close succeeded")
	}
	f.Abort()
	if extra := leftovers(t, dir); len(extra) > 0 {
		t.Errorf("left %v", extra)
	}
}
