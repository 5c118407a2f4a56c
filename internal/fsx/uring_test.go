package fsx

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// waiters are the process's Waiter (a ring where the system has one) and
// the plain one, which every test runs with: the same results.
func waiters(t *testing.T) map[string]*Waiter {
	t.Helper()
	if ok, err := Uring().Ring(); !ok {
		t.Logf("no io_uring here (%v): both waiters make the plain calls", err)
	}
	return map[string]*Waiter{"uring": Uring(), "plain": Plain()}
}

// On Linux amd64 or arm64 where io_uring is allowed (as here and in CI),
// the process's Waiter has a ring: the other tests go through it.
func TestUringSetUp(t *testing.T) {
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" && runtime.GOARCH != "arm64" {
		t.Skip("io_uring is used on Linux amd64 and arm64 only")
	}
	if b, err := os.ReadFile("/proc/sys/kernel/io_uring_disabled"); err == nil && strings.TrimSpace(string(b)) != "0" {
		t.Skipf("io_uring_disabled is %s", b)
	}
	ok, err := Uring().Ring()
	if errors.Is(err, syscall.ENOSYS) || errors.Is(err, syscall.EPERM) {
		t.Skipf("io_uring refused: %v", err)
	}
	if !ok {
		t.Fatalf("no ring: %v", err)
	}
	if ok, _ := Plain().Ring(); ok {
		t.Error("Plain has a ring")
	}
}

// Writes at offsets, in any order and overlapping, then a Sync, leave the
// file as the same writes applied to a slice in memory.
func TestWaiterWriteAt(t *testing.T) {
	for name, w := range waiters(t) {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(3, 4))
			fill := rand.NewChaCha8([32]byte{7})
			f, err := os.Create(filepath.Join(t.TempDir(), "f"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var want []byte
			for range 100 {
				off := r.IntN(3 << 20)
				b := make([]byte, []int{0, 1, 4095, 4096, 70000, 1 << 20}[r.IntN(6)])
				fill.Read(b)
				if n, err := w.WriteAt(f, b, int64(off)); err != nil || n != len(b) {
					t.Fatalf("WriteAt of %d bytes at %d = %d, %v", len(b), off, n, err)
				}
				if len(b) > 0 {
					for len(want) < off+len(b) {
						want = append(want, 0)
					}
					copy(want[off:], b)
				}
			}
			if err := w.Sync(f); err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(f.Name()); !bytes.Equal(got, want) {
				t.Errorf("read back %d bytes, not the %d written", len(got), len(want))
			}
		})
	}
}

// Goroutines writing and syncing at once, into one file and each into
// its own, all get their own results back.
func TestWaiterConcurrent(t *testing.T) {
	for name, w := range waiters(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			shared, err := os.Create(filepath.Join(dir, "shared"))
			if err != nil {
				t.Fatal(err)
			}
			defer shared.Close()
			const workers, rounds, chunk = 8, 40, 5000
			var wg sync.WaitGroup
			errs := make(chan error, workers)
			for g := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					own, err := os.Create(filepath.Join(dir, fmt.Sprint(g)))
					if err != nil {
						errs <- err
						return
					}
					defer own.Close()
					for i := range rounds {
						b := bytes.Repeat([]byte{byte(g*rounds + i)}, chunk)
						if _, err := w.WriteAt(shared, b, int64((i*workers+g)*chunk)); err != nil {
							errs <- err
							return
						}
						if _, err := w.WriteAt(own, b, int64(i*chunk)); err != nil {
							errs <- err
							return
						}
						if err := w.Sync(own); err != nil {
							errs <- err
							return
						}
					}
					errs <- w.Sync(shared)
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			got, _ := os.ReadFile(shared.Name())
			if len(got) != workers*rounds*chunk {
				t.Fatalf("shared file of %d bytes; want %d", len(got), workers*rounds*chunk)
			}
			for g := range workers {
				own, _ := os.ReadFile(filepath.Join(dir, fmt.Sprint(g)))
				if len(own) != rounds*chunk {
					t.Fatalf("file %d of %d bytes; want %d", g, len(own), rounds*chunk)
				}
				for i := range rounds {
					want := byte(g*rounds + i)
					s := got[(i*workers+g)*chunk:][:chunk]
					o := own[i*chunk:][:chunk]
					if bytes.Count(s, []byte{want}) != chunk || bytes.Count(o, []byte{want}) != chunk {
						t.Fatalf("worker %d round %d: bytes not its own", g, i)
					}
				}
			}
		})
	}
}

// Failures give the error of the plain call, with its errno: a file
// opened read-only (EBADF), closed, opened for appends, a pipe (EINVAL).
func TestWaiterErrors(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "f")
	if err := os.WriteFile(name, []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	ro, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	closed, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	closed.Close()
	app, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()

	same := func(what string, got, want error, errno error) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: %v; the plain call gives %v", what, got, want)
		}
		if errno != nil && !errors.Is(got, errno) {
			t.Errorf("%s: %v is not %v", what, got, errno)
		}
		var pe, ppe *os.PathError
		if errors.As(want, &ppe) && (!errors.As(got, &pe) || pe.Op != ppe.Op || pe.Path != ppe.Path) {
			t.Errorf("%s: %#v; want a *os.PathError as %#v", what, got, want)
		}
	}
	for wname, w := range waiters(t) {
		_, err := w.WriteAt(ro, []byte("x"), 0)
		_, plain := ro.WriteAt([]byte("x"), 0)
		same(wname+": WriteAt read-only", err, plain, syscall.EBADF)

		_, err = w.WriteAt(closed, []byte("x"), 0)
		_, plain = closed.WriteAt([]byte("x"), 0)
		same(wname+": WriteAt closed", err, plain, os.ErrClosed)
		same(wname+": Sync closed", w.Sync(closed), closed.Sync(), os.ErrClosed)

		_, err = w.WriteAt(app, []byte("x"), 0)
		_, plain = app.WriteAt([]byte("x"), 0)
		same(wname+": WriteAt append", err, plain, nil)

		_, err = w.WriteAt(ro, []byte("x"), -1)
		_, plain = ro.WriteAt([]byte("x"), -1)
		same(wname+": WriteAt negative", err, plain, nil)

		same(wname+": Sync pipe", w.Sync(pw), pw.Sync(), syscall.EINVAL)
		same(wname+": Sync read-only", w.Sync(ro), ro.Sync(), nil)
	}
	if b, _ := os.ReadFile(name); string(b) != "0123456789" {
		t.Errorf("the file holds %q after failed writes", b)
	}
}
