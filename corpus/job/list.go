package job

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/gutcount/gutcount/corpus/batch"
)

// ListOpenError is a batch's list that could not be opened (Err), or that
// is a directory (Dir).
type ListOpenError struct {
	Name string
	Dir  bool
	Err  error
}

func (e *ListOpenError) Error() string {
	if e.Dir {
		return fmt.Sprintf("the list %s is a directory", e.Name)
	}
	return e.Err.Error()
}

func (e *ListOpenError) Unwrap() error { return e.Err }

// OpenList opens the list of a batch, the file name or stdin for "-", and
// refuses, before anything is written, one that is no list of sources
// (batch.CheckList with Books.Check: a *batch.ListError). It returns the
// list at its start; standard input, a pipe or a FIFO is read whole, as
// it cannot be read twice. A file that cannot be opened or is a directory
// is a *ListOpenError; an error reading is wrapped with the list's name.
func OpenList(name string, stdin io.Reader) (io.ReadSeekCloser, error) {
	var list io.ReadSeekCloser
	if name == "-" {
		b, err := io.ReadAll(stdin)
		if err != nil {
			return nil, fmt.Errorf("reading the list from standard input: %w", err)
		}
		list = nopSeekCloser{bytes.NewReader(b)}
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, &ListOpenError{Name: name, Err: err}
		}
		fi, err := f.Stat()
		if err == nil && fi.IsDir() {
			f.Close()
			return nil, &ListOpenError{Name: name, Dir: true}
		}
		list = f
		if err == nil && !fi.Mode().IsRegular() {
			b, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return nil, fmt.Errorf("reading the list %s: %w", name, err)
			}
			list = nopSeekCloser{bytes.NewReader(b)}
		}
	}
	err := batch.CheckList(list, (&Books{}).Check)
	if err == nil {
		_, err = list.Seek(0, io.SeekStart)
	}
	if err == nil {
		return list, nil
	}
	list.Close()
	var le *batch.ListError
	if !errors.As(err, &le) {
		return nil, fmt.Errorf("reading the list %s: %w", name, err)
	}
	return nil, err
}

type nopSeekCloser struct{ io.ReadSeeker }

func (nopSeekCloser) Close() error { return nil }
