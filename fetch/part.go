package fetch

import (
	"encoding/json"
	"errors"
	"io"
	"os"

	"github.com/gutcount/gutcount/internal/fsx"
)

// openPart opens the .part to read and write it, creating it. Whatever is
// there and is not a regular file (a symbolic link, a FIFO, a device) is
// removed and replaced by a fresh file, never followed nor written into.
func openPart(name string) (*os.File, error) {
	for range 3 {
		if err := removeIrregular(name); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|fsx.ONoFollow|fsx.ONonblock, 0o644)
		if err != nil {
			if fi, lerr := os.Lstat(name); lerr == nil && !fi.Mode().IsRegular() {
				continue // planted since the Lstat: remove it again
			}
			return nil, err
		}
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			return f, nil
		}
		f.Close()
	}
	return nil, &os.PathError{Op: "open", Path: name, Err: errors.New("not a regular file, and cannot be replaced")}
}

// removeIrregular removes name if it is anything but a regular file.
func removeIrregular(name string) error {
	fi, err := os.Lstat(name)
	if err != nil || fi.Mode().IsRegular() {
		return nil
	}
	return os.Remove(name)
}

// readSidecar reads the sidecar of a .part: only a regular file, never
// through a link, never blocking on a FIFO.
func readSidecar(name string) (partInfo, bool) {
	var info partInfo
	f, err := os.OpenFile(name, os.O_RDONLY|fsx.ONoFollow|fsx.ONonblock, 0)
	if err != nil {
		return info, false
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return info, false
	}
	b, err := io.ReadAll(io.LimitReader(f, 1<<16))
	if err != nil || json.Unmarshal(b, &info) != nil {
		return info, false
	}
	return info, true
}
