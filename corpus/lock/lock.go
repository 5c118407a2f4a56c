// Package lock holds the advisory file locks that let many gutcount
// processes, on one machine or on many sharing a volume, use one store and
// one batch folder: one writer per book, one runner per journal.
//
// A lock is flock(2) on a lock file (github.com/gofrs/flock; LockFileEx on
// Windows). The kernel releases it when the process dies, however it dies,
// so no lock is ever left stale. On Linux, flock on NFS is carried out as a
// byte-range lock that the server enforces between clients (Linux 2.6.12
// and later), so the locks hold across the machines of a cluster too. Lock
// files are opened without following symbolic links. A lock file may be
// removed by its holder (Remove): whoever was waiting on the removed file
// sees, once it has the lock, that the path no longer names that file, and
// starts again on the new one.
//
// An exclusive holder writes who it is (process, host, time) into the lock
// file, so that the one refused can say who holds it.
//
//	l, err := lock.Exclusive(ctx, "books/KEY.lock", lock.Wait{Notify: func(o lock.Owner) { fmt.Println("waiting for", o) }})
//	if err != nil { ... }
//	defer l.Unlock()
//
// Layering: lock imports internal/fsx only, nothing else of the module.
package lock

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gofrs/flock"

	"github.com/gutcount/gutcount/internal/fsx"
)

// Owner is who holds an exclusive lock.
type Owner struct {
	PID   int       `json:"pid"`
	Host  string    `json:"host"`
	Since time.Time `json:"since"`
}

func (o Owner) String() string {
	if o.PID == 0 {
		return "another process"
	}
	return fmt.Sprintf("pid %d on %s since %s", o.PID, o.Host, o.Since.Local().Format("2006-01-02 15:04:05"))
}

// BusyError is returned by TryExclusive when someone else holds the lock.
type BusyError struct {
	Path  string
	Owner Owner
}

func (e *BusyError) Error() string { return e.Path + " is locked by " + e.Owner.String() }

// Lock is a held lock.
type Lock struct {
	f *flock.Flock
}

// Unlock releases the lock.
func (l *Lock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	return l.f.Unlock()
}

// Wait says what Exclusive and Shared do while they wait for a lock.
type Wait struct {
	// Notify, when set, is called once, with the holder, when the lock
	// has been waited for Notice.
	Notify func(Owner)
	Notice time.Duration // 0: DefaultNotice
	Poll   time.Duration // how often to try again; 0: DefaultPoll
}

// The defaults of Wait.
const (
	DefaultNotice = time.Second
	DefaultPoll   = 20 * time.Millisecond
)

func open(path string) *flock.Flock {
	return flock.New(path, flock.SetFlag(os.O_CREATE|os.O_RDWR|fsx.ONoFollow|fsx.ONonblock), flock.SetPermissions(0o644))
}

// TryExclusive takes the exclusive lock of path at once, or returns a
// *BusyError naming its holder.
func TryExclusive(path string) (*Lock, error) {
	var l *Lock
	for {
		f := open(path)
		ok, err := f.TryLock()
		if err != nil {
			return nil, lockError(path, err)
		}
		if !ok {
			return nil, &BusyError{Path: path, Owner: ReadOwner(path)}
		}
		if l, err = current(f, path); err != nil {
			return nil, err
		}
		if l != nil {
			break
		}
	}
	if err := writeOwner(path); err != nil {
		l.Unlock()
		return nil, err
	}
	return l, nil
}

// Exclusive takes the exclusive lock of path, waiting for it as long as it
// takes or until ctx is done, as wait says.
func Exclusive(ctx context.Context, path string, wait Wait) (*Lock, error) {
	l, err := acquire(ctx, path, wait, (*flock.Flock).TryLock)
	if err != nil {
		return nil, err
	}
	if err := writeOwner(path); err != nil {
		l.Unlock()
		return nil, err
	}
	return l, nil
}

// Shared takes a shared lock of path, which excludes only exclusive
// holders, waiting as Exclusive does. On a store that cannot be written
// (read-only volume, no permission to create the lock file) there is no
// writer to exclude: it returns a nil *Lock and no error.
func Shared(ctx context.Context, path string, wait Wait) (*Lock, error) {
	l, err := acquire(ctx, path, wait, (*flock.Flock).TryRLock)
	if err != nil && (errors.Is(err, os.ErrPermission) || fsx.IsReadOnly(err)) {
		return nil, nil
	}
	return l, err
}

func acquire(ctx context.Context, path string, wait Wait, try func(*flock.Flock) (bool, error)) (*Lock, error) {
	if wait.Notice <= 0 {
		wait.Notice = DefaultNotice
	}
	if wait.Poll <= 0 {
		wait.Poll = DefaultPoll
	}
	f := open(path)
	start := time.Now()
	told := wait.Notify == nil
	for {
		ok, err := try(f)
		if err != nil {
			return nil, lockError(path, err)
		}
		if ok {
			l, err := current(f, path)
			if err != nil || l != nil {
				return l, err
			}
			f = open(path) // removed while we waited: lock the new one
			continue
		}
		if !told && time.Since(start) >= wait.Notice {
			told = true
			wait.Notify(ReadOwner(path))
		}
		t := time.NewTimer(wait.Poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// current returns the held f as a Lock if path still names the file f
// locked; if the file was removed (or replaced) meanwhile, it unlocks f and
// returns nil, and the caller tries again. A lock file that is not a plain
// file (a hard link to a file elsewhere, a FIFO) is an *fsx.NotPlainError:
// the owner line would be written into it.
func current(f *flock.Flock, path string) (*Lock, error) {
	held, err1 := f.Stat()
	now, err2 := os.Lstat(path)
	if err1 == nil && err2 == nil && os.SameFile(held, now) {
		if what := fsx.NotPlain(held); what != "" {
			f.Unlock()
			return nil, &fsx.NotPlainError{Path: path, What: what}
		}
		return &Lock{f}, nil
	}
	f.Unlock()
	return nil, nil
}

// Remove removes the lock file while l holds it, then releases l. Only
// the holder may remove a lock file: a process waiting on it notices and
// locks the file created after it.
func (l *Lock) Remove() error {
	err := removeFiles(l.f.Path(), ownerApart)
	if uerr := l.Unlock(); err == nil {
		err = uerr
	}
	return err
}

func lockError(path string, err error) error {
	if fsx.IsLink(err) {
		return &fsx.NotPlainError{Path: path, What: "a symbolic link"}
	}
	if errors.As(err, new(*fsx.NotPlainError)) {
		return err
	}
	return fmt.Errorf("lock %s: %w", path, err)
}

func hostname() string {
	h, err := os.Hostname()
	if err != nil {
		return "unknown host"
	}
	return h
}

// OwnerSuffix names, added to a lock file's path, the file that records
// its exclusive holder on systems where the lock file cannot hold it:
// Windows' LockFileEx locks the file's first byte against every other
// handle, so that neither a write of the owner through a second handle
// nor a read by the process refused would succeed.
const OwnerSuffix = ".owner"

// writeOwner records this process as the holder of the lock at path.
func writeOwner(path string) error { return writeOwnerTo(path, ownerApart) }

// writeOwnerTo records this process as the holder: in the file beside
// the lock file (apart, written atomically), or in the lock file itself
// (the lock belongs to the other descriptor, which keeps it).
func writeOwnerTo(path string, apart bool) error {
	b, _ := json.Marshal(Owner{PID: os.Getpid(), Host: hostname(), Since: time.Now().UTC().Truncate(time.Second)})
	b = append(b, '\n')
	if apart {
		if err := fsx.WriteFile(path+OwnerSuffix, b, 0o644); err != nil {
			return lockError(path, err)
		}
		return nil
	}
	f, err := fsx.OpenPlain(path, os.O_WRONLY, 0)
	if err != nil {
		return lockError(path, err)
	}
	defer f.Close()
	if err := f.Truncate(0); err != nil {
		return lockError(path, err)
	}
	_, err = f.Write(b)
	return err
}

// ReadOwner returns the last exclusive holder recorded for the lock file
// at path (the zero Owner when none is).
func ReadOwner(path string) Owner { return readOwnerFrom(path, ownerApart) }

func readOwnerFrom(path string, apart bool) Owner {
	var o Owner
	if apart {
		path += OwnerSuffix
	}
	f, err := fsx.OpenPlain(path, os.O_RDONLY, 0)
	if err != nil {
		return o
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, 4096))
	json.Unmarshal(b, &o)
	return o
}

// removeFiles removes the lock file at path and, apart, its owner file.
func removeFiles(path string, apart bool) error {
	err := os.Remove(path)
	if apart {
		if oerr := os.Remove(path + OwnerSuffix); err == nil && !errors.Is(oerr, os.ErrNotExist) {
			err = oerr
		}
	}
	return err
}
