package batch

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
)

// ListProblem says why a list is no list of items (see CheckList).
type ListProblem int

const (
	ListEmpty   ListProblem = iota + 1 // no item: blank lines and comments at most
	ListBinary                         // a NUL byte: an executable, an image, ...
	ListNoItems                        // none of its first lines is an item check takes
)

// ListError is a list that CheckList refuses.
type ListError struct {
	Problem ListProblem
	Line    int    // ListNoItems: the first line refused
	Text    string // that line, cut to 60 bytes
	Err     error  // check's error for it
}

func (e *ListError) Error() string {
	switch e.Problem {
	case ListEmpty:
		return "the list has no items"
	case ListBinary:
		return "the list is a binary file"
	}
	return "none of the first lines of the list is an item: " + e.Err.Error()
}

func (e *ListError) Unwrap() error { return e.Err }

// listSample is how many items CheckList reads at most for one that check
// takes, and how much of the list it looks at for a NUL byte.
const (
	listSample = 20
	binarySize = 64 << 10
)

// errEnough stops eachItem once CheckList has seen enough.
var errEnough = errors.New("enough")

// CheckList reads the start of a list, as Run reads it, and refuses one
// that cannot be meant as a list, before Run writes anything: one with no
// item, a binary file (a NUL byte in its first 64 KiB), or one none of
// whose first 20 items check takes (a book given instead of a list of
// books). A list with some bad lines among good ones is a list: those run
// as failed items.
func CheckList(r io.Reader, check func(string) error) error {
	br := bufio.NewReaderSize(r, binarySize)
	head, err := br.Peek(binarySize)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return err
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return &ListError{Problem: ListBinary}
	}
	var first *ListError
	n := 0
	err = eachItem(br, byText(check), func(it Item) error {
		if it.Err == nil {
			first = nil
			return errEnough
		}
		if first == nil {
			text := it.Text
			if len(text) > 60 {
				text = strings.ToValidUTF8(text[:60], "") + "…"
			}
			first = &ListError{Problem: ListNoItems, Line: it.Line, Text: text, Err: it.Err}
		}
		if n++; n == listSample {
			return errEnough
		}
		return nil
	})
	switch {
	case err != nil && err != errEnough:
		return err
	case first != nil:
		return first
	case n == 0 && err != errEnough:
		return &ListError{Problem: ListEmpty}
	}
	return nil
}
