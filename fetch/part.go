package fetch

import (
	"encoding/json"
	"errors"
	"io"
	"os"

	"github.com/gutcount/gutcount/internal/fsx"
)

// openPart opens the .part to read and write it, creating it. Whatever is
// there and is not a plain file (a symbolic link, a hard link, a FIFO, a
// device) is removed and replaced by a fresh file, never followed nor
// written into.
func openPart(name string) (*os.File, error) {
	for range 3 {
		if err := removeNotPlain(name); err != nil {
			return nil, err
		}
		f, err := fsx.OpenPlain(name, os.O_RDWR|os.O_CREATE, 0o644)
		if errors.As(err, new(*fsx.NotPlainError)) {
			continue // planted since the Lstat: remove it again
		}
		return f, err
	}
	return nil, &fsx.NotPlainError{Path: name, What: "something replaced three times over as it was removed"}
}

// removeNotPlain removes name if it is anything but a plain file.
func removeNotPlain(name string) error {
	fi, err := os.Lstat(name)
	if err != nil || fsx.NotPlain(fi) == "" {
		return nil
	}
	return os.Remove(name)
}

// readSidecar reads the sidecar of a .part: only a plain file, never
// through a link, never blocking on a FIFO.
func readSidecar(name string) (partInfo, bool) {
	var info partInfo
	f, err := fsx.OpenPlain(name, os.O_RDONLY, 0)
	if err != nil {
		return info, false
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 1<<16))
	if err != nil || json.Unmarshal(b, &info) != nil {
		return info, false
	}
	return info, true
}
