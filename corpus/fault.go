package corpus

import (
	"runtime/debug"

	"github.com/gutcount/gutcount/count"
)

// ShrankError is a mapped file that became shorter while it was read
// (another program truncated or rewrote it in place): its missing pages
// fault, and the text read is not the file's.
type ShrankError struct{ Path string }

func (e *ShrankError) Error() string {
	return e.Path + ": the file shrank while it was read (changed by another program?)"
}

// catchFault is deferred, and called, by the functions that read a
// mapped file: `defer catchFault(path, &err)()`. Until they return, a
// fault on the file's pages (here, or passed on by count's goroutines)
// is a panic, which it turns into a *ShrankError.
func catchFault(path string, err *error) func() {
	old := debug.SetPanicOnFault(true)
	return func() {
		debug.SetPanicOnFault(old)
		if r := recover(); r != nil {
			if !count.IsFault(r) {
				panic(r)
			}
			*err = &ShrankError{Path: path}
		}
	}
}
