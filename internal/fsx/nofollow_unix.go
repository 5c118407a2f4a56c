//go:build unix

package fsx

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// ONoFollow makes an open fail (ELOOP) on a symbolic link; ONonblock makes
// the open of a FIFO without a reader fail (ENXIO) rather than wait. Both
// are 0 on systems without them.
const (
	ONoFollow = syscall.O_NOFOLLOW
	ONonblock = syscall.O_NONBLOCK
)

// OpenNoFollow opens name with flag and perm as os.OpenFile does, except
// that a symbolic link at name is an error (IsLink), never followed.
func OpenNoFollow(name string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(name, flag|syscall.O_NOFOLLOW, perm)
}

// IsLink reports whether err says that an open met a symbolic link it was
// told not to follow.
func IsLink(err error) bool { return errors.Is(err, syscall.ELOOP) }

// IsReadOnly reports whether err says that the file system is read-only.
func IsReadOnly(err error) bool { return errors.Is(err, syscall.EROFS) }

// Stamp is what says that a file is still the file it was: its inode and
// modification time (an edit in place changes the time, a new file the
// inode).
func Stamp(fi os.FileInfo) string {
	var ino uint64
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		ino = uint64(st.Ino)
	}
	return fmt.Sprintf("%d.%d", ino, fi.ModTime().UnixNano())
}

// links is the number of names of the file fi describes.
func links(fi os.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}
