//go:build unix

package lock_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/gutcount/gutcount/corpus/lock"
	"github.com/gutcount/gutcount/internal/fsx"
)

// Cases 1 and 7 of issue 19: a hard link or a FIFO planted at a lock file
// is an *fsx.NotPlainError naming it, at once: the hard link's target
// keeps its bytes (no owner line written into it), the FIFO blocks no one,
// and reading the owner of either returns nothing rather than waits.
func TestLockNotPlain(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "precious")
	os.WriteFile(target, []byte("precious\n"), 0o644)
	hard := filepath.Join(dir, "hard.lock")
	if err := os.Link(target, hard); err != nil {
		t.Skip(err)
	}
	fifo := filepath.Join(dir, "fifo.lock")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	for _, p := range []string{hard, fifo} {
		_, err := lock.TryExclusive(p)
		var np *fsx.NotPlainError
		if !errors.As(err, &np) || np.Path != p {
			t.Errorf("TryExclusive(%s) = %v; want an *fsx.NotPlainError naming it", filepath.Base(p), err)
		}
		if _, err := lock.Exclusive(context.Background(), p, lock.Wait{}); !errors.As(err, &np) {
			t.Errorf("Exclusive(%s) = %v; want an *fsx.NotPlainError", filepath.Base(p), err)
		}
		if o := lock.ReadOwner(p); o != (lock.Owner{}) {
			t.Errorf("ReadOwner(%s) = %v; want none", filepath.Base(p), o)
		}
	}
	if b, _ := os.ReadFile(target); string(b) != "precious\n" {
		t.Errorf("the hard link's target now holds %q", b)
	}
}
