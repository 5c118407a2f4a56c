package main

import (
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"
)

// A folder gutcount may not create (a volume mounted into the container
// from the host, owned by root) is said in one line with what to do.
func TestErrorTextPermission(t *testing.T) {
	err := fmt.Errorf("store: %w", &fs.PathError{Op: "mkdir", Path: "/data/corpus", Err: fs.ErrPermission})
	got := errorText(err)
	want := fmt.Sprintf(`store: mkdir /data/corpus: permission denied (gutcount runs as uid %d, which cannot write there: give a folder it can write, or run the container with --user "$(id -u):$(id -g)")`, os.Getuid())
	if got != want {
		t.Errorf("errorText(%v) =\n%s\nwant\n%s", err, got, want)
	}
	// Reading a file it may not read is no matter of folders.
	read := &fs.PathError{Op: "open", Path: "/root/book.txt", Err: fs.ErrPermission}
	if got := errorText(read); strings.Contains(got, "--user") {
		t.Errorf("errorText(%v) = %q; want no container hint", read, got)
	}
}
