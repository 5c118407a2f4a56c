package fsx

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// NotPlainError is a file that is not a plain file where one was expected
// (in the store, a run folder): a symbolic link, a hard link, a FIFO, a
// device, a directory. Someone planted it; it is neither followed, nor
// read, nor written through.
type NotPlainError struct {
	Path string
	What string // "a symbolic link", "a hard link (2 names)", "a FIFO", ...
}

func (e *NotPlainError) Error() string {
	return fmt.Sprintf("%s is %s, not a plain file: not followed (planted? remove it)", e.Path, e.What)
}

// NotPlain says what fi (from Lstat, or Stat of an open file) is when it
// is not a plain file, a regular file with one name; "" when it is.
func NotPlain(fi os.FileInfo) string {
	if what := NotRegular(fi.Mode()); what != "" {
		return what
	}
	if n := links(fi); n > 1 {
		return fmt.Sprintf("a hard link (%d names)", n)
	}
	return ""
}

// NotRegular says what a file of mode m is when it is not a regular file
// (a symbolic link, a directory, a FIFO, a device...); "" when it is.
func NotRegular(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case !m.IsRegular():
		return "not a regular file"
	}
	return ""
}

// OpenPlain opens name with flag and perm as os.OpenFile does, but only a
// plain file: it never follows a symbolic link, never waits on a FIFO
// (O_NONBLOCK), and once open refuses anything but a regular file with
// one name, before a byte is read or written. The refusal is a
// *NotPlainError naming the path.
func OpenPlain(name string, flag int, perm os.FileMode) (*os.File, error) {
	f, err := OpenNoFollow(name, flag|ONonblock, perm)
	if err != nil {
		if IsLink(err) {
			return nil, &NotPlainError{Path: name, What: "a symbolic link"}
		}
		if fi, lerr := os.Lstat(name); lerr == nil && NotPlain(fi) != "" && !errors.Is(err, fs.ErrNotExist) {
			// A FIFO with no reader (ENXIO), a directory (EISDIR)...
			return nil, &NotPlainError{Path: name, What: NotPlain(fi)}
		}
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if what := NotPlain(fi); what != "" {
		f.Close()
		return nil, &NotPlainError{Path: name, What: what}
	}
	return f, nil
}

// NotRegularError is OpenRegular's refusal of a file that is not a
// regular one.
type NotRegularError struct {
	Path string
	What string // "a FIFO", "a device", "a directory", ...
}

func (e *NotRegularError) Error() string {
	return e.Path + " is " + e.What + ": only a regular file is read here"
}

// OpenRegular opens name for reading, through symbolic links, but only if
// it is a regular file once open: a FIFO is opened without waiting for a
// writer (O_NONBLOCK) and, like a device or a directory, closed again at
// once with a *NotRegularError, before a byte is read. What was checked
// before (a stat of the path) may have been replaced since; what is open
// cannot be.
func OpenRegular(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|ONonblock, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if what := NotRegular(fi.Mode()); what != "" {
		f.Close()
		return nil, &NotRegularError{Path: name, What: what}
	}
	return f, nil
}
