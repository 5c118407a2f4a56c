package lock_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gutcount/gutcount/corpus/lock"
)

// TestMain lets the test binary act as a second process that takes a lock
// and sleeps, so that the tests can kill it.
func TestMain(m *testing.M) {
	if path := os.Getenv("LOCK_TEST_HOLD"); path != "" {
		if _, err := lock.TryExclusive(path); err != nil {
			os.Stderr.WriteString(err.Error())
			os.Exit(1)
		}
		os.Stdout.WriteString("held\n")
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestExclusiveAndShared(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.lock")
	a, err := lock.TryExclusive(path)
	if err != nil {
		t.Fatal(err)
	}
	var busy *lock.BusyError
	if _, err := lock.TryExclusive(path); !errors.As(err, &busy) || busy.Owner.PID != os.Getpid() {
		t.Fatalf("second TryExclusive: %v; want a BusyError naming this process", err)
	}
	if !strings.Contains(busy.Error(), "pid ") {
		t.Errorf("BusyError = %q; want the holder's pid", busy)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := lock.Shared(ctx, path, lock.Wait{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Shared while exclusively held: %v; want to wait until the deadline", err)
	}
	a.Unlock()
	r1, err := lock.Shared(context.Background(), path, lock.Wait{})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := lock.Shared(context.Background(), path, lock.Wait{})
	if err != nil {
		t.Fatalf("two shared holders: %v", err)
	}
	if _, err := lock.TryExclusive(path); !errors.As(err, &busy) {
		t.Errorf("TryExclusive with shared holders: %v; want busy", err)
	}
	// A writer waits for the readers, and is told so after Notice; it
	// gets the lock once they let go.
	waited := make(chan lock.Owner, 1)
	got := make(chan error)
	go func() {
		l, err := lock.Exclusive(context.Background(), path, lock.Wait{Notice: time.Millisecond, Notify: func(o lock.Owner) { waited <- o }})
		l.Unlock()
		got <- err
	}()
	<-waited // the writer is waiting
	select {
	case err := <-got:
		t.Fatalf("Exclusive returned (%v) while two readers held the lock", err)
	default:
	}
	r1.Unlock()
	r2.Unlock()
	if err := <-got; err != nil {
		t.Fatal(err)
	}
}

// The kernel releases the lock of a killed process.
func TestKilledHolderReleases(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.lock")
	c := exec.Command(os.Args[0], "-test.run=XXX")
	c.Env = append(os.Environ(), "LOCK_TEST_HOLD="+path)
	out, _ := c.StdoutPipe()
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 5)
	if _, err := out.Read(buf); err != nil || string(buf) != "held\n" {
		t.Fatalf("holder: %q, %v", buf, err)
	}
	var busy *lock.BusyError
	if _, err := lock.TryExclusive(path); !errors.As(err, &busy) || busy.Owner.PID != c.Process.Pid {
		t.Fatalf("TryExclusive while another process holds it: %v; want busy, pid %d", err, c.Process.Pid)
	}
	c.Process.Kill()
	c.Wait()
	l, err := lock.Exclusive(context.Background(), path, lock.Wait{})
	if err != nil {
		t.Fatalf("after the holder was killed: %v", err)
	}
	l.Unlock()
}

// A symbolic link planted at the lock's path is not followed: its target
// is neither created nor written.
func TestLinkNotFollowed(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "outside")
	path := filepath.Join(dir, "k.lock")
	os.Symlink(target, path)
	if _, err := lock.TryExclusive(path); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("TryExclusive through a link: %v; want an error naming the link", err)
	}
	if _, err := os.Lstat(target); err == nil {
		t.Errorf("the link's target was created")
	}
}

// A lock file removed by its holder while another waits: the waiter ends
// up holding the new file, and never alongside a third process. (The
// waiter opens the path again on each try, so it mostly finds the new
// file at once; TestLockedFileRemoved, inside the package, takes the
// branch where the file it locked was removed meanwhile.)
func TestRemoveWhileWaiting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.lock")
	a, err := lock.TryExclusive(path)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan *lock.Lock)
	waiting := make(chan lock.Owner, 1)
	go func() {
		l, err := lock.Exclusive(context.Background(), path, lock.Wait{Notice: time.Millisecond, Notify: func(o lock.Owner) { waiting <- o }})
		if err != nil {
			t.Error(err)
		}
		got <- l
	}()
	<-waiting
	if err := a.Remove(); err != nil {
		t.Fatal(err)
	}
	b := <-got
	defer b.Unlock()
	var busy *lock.BusyError
	if _, err := lock.TryExclusive(path); !errors.As(err, &busy) {
		t.Errorf("a third process got the lock beside the waiter: %v", err)
	}
}
