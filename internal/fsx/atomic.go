// Atomic writes: a file is written to a fresh temporary file beside its
// destination (created with O_EXCL, so nothing planted there is followed),
// synced, closed and renamed over the destination; then the directory is
// synced so that the rename itself survives a crash. Two writers of one
// name each rename a whole file: the last rename wins, and nobody sees a
// mix.
//
//	f, err := fsx.Create("freq.txt", 0o644)
//	if err != nil { ... }
//	defer f.Abort()
//	... write to f ...
//	return f.Commit()

package fsx

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// File is a file being written: a temporary file that Commit renames to
// its destination.
type File struct {
	*os.File
	dest string
	perm os.FileMode
	done bool

	// sync and syncDir make the file's bytes and the rename durable
	// (Sync and SyncDir); a test replaces them to see them
	// called.
	sync    func(*os.File) error
	syncDir func(string) error
}

// tmpInfix marks the temporary files of this package: ".NAME.tmp" and
// random digits, in the destination's directory.
const tmpInfix = ".tmp"

// Create starts writing the file name, which gets permissions perm when
// committed. Until then name keeps its old content, if any.
func Create(name string, perm os.FileMode) (*File, error) {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+tmpInfix+"*")
	if err != nil {
		// The error names the file the caller asked for, not the
		// temporary one it never heard of.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, &fs.PathError{Op: "create", Path: name, Err: pe.Err}
		}
		return nil, err
	}
	lockTemp(f) // until Commit or Abort: TempInUse
	return &File{File: f, dest: name, perm: perm, sync: Sync, syncDir: SyncDir}, nil
}

// Commit makes the written bytes the content of the destination: it syncs
// and closes the temporary file, renames it into place (replacing a file or
// a symbolic link there, never following it) and syncs the directory. On
// error the temporary file is removed and the destination is unchanged
// (where the file is renamed while still open, renameOpen, an error in
// closing it, its bytes synced already, is returned with it in place).
func (f *File) Commit() error {
	if f.done {
		return errors.New("fsx: " + f.dest + " already committed or aborted")
	}
	// Through the open file, not its name: a link put in its place
	// since would be followed.
	err := f.Chmod(f.perm)
	if err == nil {
		err = f.sync(f.File)
	}
	if renameOpen {
		// Renamed while open, so locked (lockTemp) until it has its
		// name: a cleaner never takes it for one a dead writer left.
		if err == nil {
			err = os.Rename(f.Name(), f.dest)
		}
		if err != nil {
			os.Remove(f.Name())
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	} else {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(f.Name(), f.dest)
		}
		if err != nil {
			os.Remove(f.Name())
		}
	}
	f.done = true
	if err != nil {
		return err
	}
	return f.syncDir(filepath.Dir(f.dest))
}

// Abort removes the temporary file, leaving the destination as it was. It
// does nothing after Commit, so it can be deferred.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.Close()
	os.Remove(f.Name())
}

// WriteFile writes b to name atomically, with permissions perm.
func WriteFile(name string, b []byte, perm os.FileMode) error {
	f, err := Create(name, perm)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(b); err != nil {
		return err
	}
	return f.Commit()
}

// CopyFile writes what r holds to name. A regular file, or nothing, at name
// is replaced atomically; so is a symbolic link to a regular file (the link
// itself is replaced: nothing is written through it). A device, a FIFO or
// a terminal at name (or behind a link there, as /dev/stdout is) is
// written into, never replaced. Missing directories are made.
func CopyFile(name string, r io.Reader, perm os.FileMode) error {
	if fi, err := os.Stat(name); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return &os.PathError{Op: "write", Path: name, Err: syscall.EISDIR}
		}
		w, err := os.OpenFile(name, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		_, err = io.Copy(w, r)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		return err
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return Replace(name, r, perm)
}

// Replace writes what r holds to name atomically, replacing whatever is
// there (a file, a link, a FIFO: never written into nor followed), with
// permissions perm.
func Replace(name string, r io.Reader, perm os.FileMode) error {
	f, err := Create(name, perm)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := io.Copy(f, r); err != nil {
		return err
	}
	return f.Commit()
}

// IsTemp reports whether the file name (a base name) is a temporary file
// left by an interrupted write of this package.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, tmpInfix)
}

// SyncDir fsyncs a directory so that a rename in it is durable. File
// systems that cannot sync a directory (EINVAL) are taken as done.
func SyncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := Sync(f); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) {
		return err
	}
	return nil
}

// AppendLine appends line and a newline to name, created if missing, in
// one write on a file opened with O_APPEND, so the lines of writers at
// once never interleave. Only a plain file is appended to (OpenPlain): a
// symbolic link, a hard link, a FIFO or a device at name is refused.
func AppendLine(name, line string, perm os.FileMode) error {
	f, err := OpenPlain(name, os.O_WRONLY|os.O_APPEND|os.O_CREATE, perm)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(line + "\n"); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
