//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

// openNoFollow opens name for reading; a symbolic link there is an error
// (ELOOP), never followed.
func openNoFollow(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
}

func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }
