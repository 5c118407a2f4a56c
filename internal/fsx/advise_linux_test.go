package fsx

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// cached tells a file whose pages are all in the page cache from one
// whose pages were dropped (POSIX_FADV_DONTNEED drops clean pages).
func TestCached(t *testing.T) {
	var cs unix.Cachestat_t
	if err := unix.Cachestat(0, &unix.CachestatRange{}, &cs, 0); errors.Is(err, unix.ENOSYS) {
		t.Skip("no cachestat here (Linux before 6.5): WillNeed asks for every window")
	}
	path := filepath.Join(t.TempDir(), "f")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data := bytes.Repeat([]byte("the whale "), 100_000)
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(); err != nil { // clean pages, which DONTNEED can drop
		t.Fatal(err)
	}
	fd, size := int(f.Fd()), int64(len(data))
	if !cached(fd, size) {
		t.Error("cached = false for a file just written")
	}
	if err := unix.Fadvise(fd, 0, 0, unix.FADV_DONTNEED); err != nil {
		t.Fatal(err)
	}
	if cached(fd, size) {
		t.Error("cached = true for a file whose pages were dropped")
	}
	if err := WillNeed(f, size); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, data) {
		t.Errorf("the file changed: %d bytes, %v; want %d", len(got), err, len(data))
	}
	if !cached(fd, size) {
		t.Error("cached = false for a file read again")
	}
}
