//go:build !unix

package fsx

import (
	"errors"
	"fmt"
	"os"
)

// This system has neither O_NOFOLLOW nor O_NONBLOCK: OpenNoFollow checks
// with Lstat first.
const (
	ONoFollow = 0
	ONonblock = 0
)

// errLink is what OpenNoFollow returns for a symbolic link here.
var errLink = errors.New("a symbolic link")

// OpenNoFollow opens name with flag and perm as os.OpenFile does, except
// that a symbolic link at name is an error (IsLink), never followed
// (checked first: this system has no O_NOFOLLOW).
func OpenNoFollow(name string, flag int, perm os.FileMode) (*os.File, error) {
	if fi, err := os.Lstat(name); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return nil, &os.PathError{Op: "open", Path: name, Err: errLink}
	}
	return os.OpenFile(name, flag, perm)
}

// IsLink reports whether err says that an open met a symbolic link it was
// told not to follow.
func IsLink(err error) bool { return errors.Is(err, errLink) }

// IsReadOnly reports whether err says that the file system is read-only
// (never known here).
func IsReadOnly(err error) bool { return false }

// Stamp is what says that a file is still the file it was: its
// modification time (this system gives no inode).
func Stamp(fi os.FileInfo) string {
	return fmt.Sprintf("0.%d", fi.ModTime().UnixNano())
}

// links is the number of names of a file: not known here.
func links(fi os.FileInfo) uint64 { return 1 }
