//go:build !unix

package store

import (
	"errors"
	"fmt"
	"os"
)

// openNoFollow opens name for reading, refusing a symbolic link (checked
// first: this system has no O_NOFOLLOW).
func openNoFollow(name string) (*os.File, error) {
	if fi, err := os.Lstat(name); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return nil, fmt.Errorf("%s: %w", name, errLink)
	}
	return os.Open(name)
}

var errLink = errors.New("a symbolic link")

func isLoop(err error) bool { return errors.Is(err, errLink) }

// stampOf is what says that a stored text is the file it was: its
// modification time (this system gives no inode).
func stampOf(fi os.FileInfo) string {
	return fmt.Sprintf("0.%d", fi.ModTime().UnixNano())
}
