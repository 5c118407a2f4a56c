package fsx_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/gutcount/gutcount/internal/fsx"
)

// WillNeed asks for a file of many readahead windows (the kernel takes
// every request: EINVAL would say one was malformed) and changes nothing
// in it.
func TestWillNeed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	want := bytes.Repeat([]byte("the whale "), 100_000)
	if err := os.WriteFile(path, want, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := fsx.WillNeed(f, int64(len(want))); err != nil {
		t.Errorf("WillNeed(%s) = %v", path, err)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want) {
		t.Errorf("the file changed: %d bytes, %v; want %d", len(got), err, len(want))
	}
}
