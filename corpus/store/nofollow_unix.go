//go:build unix

package store

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// openNoFollow opens name for reading; a symbolic link there is an error
// (ELOOP), never followed.
func openNoFollow(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
}

func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }

// stampOf is what says that a stored text is the file it was: its inode
// and modification time (an edit in place changes the time, a new file
// the inode).
func stampOf(fi os.FileInfo) string {
	var ino uint64
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		ino = uint64(st.Ino)
	}
	return fmt.Sprintf("%d.%d", ino, fi.ModTime().UnixNano())
}
