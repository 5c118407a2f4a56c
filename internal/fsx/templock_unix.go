//go:build unix

package fsx

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// renameOpen says a temporary file is renamed into place before it is
// closed, so that its lock (lockTemp) is held until it has its final name.
const renameOpen = true

// lockTemp takes an exclusive flock of the temporary file f, held until f
// is closed: TempInUse tells it from one a killed process left. It is
// advice only, and a file it cannot lock is written all the same.
func lockTemp(f *os.File) {
	unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
}

// TempInUse reports whether the temporary file at path (one Create made)
// is still being written: its writer holds its lock until it commits or
// aborts it, and the lock goes with the writer when it dies. ok is false
// when it cannot tell (the file is gone, not a regular file, or the
// system has no locks), and the caller must judge by other signs.
func TempInUse(path string) (inUse, ok bool) {
	f, err := OpenPlain(path, os.O_RDONLY, 0)
	if err != nil {
		return false, false
	}
	defer f.Close()
	switch err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); {
	case errors.Is(err, unix.EWOULDBLOCK):
		return true, true
	case err != nil:
		return false, false
	}
	return false, true // locked by nobody: closing lets go at once
}
