//go:build unix

package fsx

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// OpenRegular opens a regular file, also through a link, and refuses a
// FIFO with no writer (without waiting for one), a device and a
// directory, naming what each is.
func TestOpenRegular(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "book.txt")
	if err := os.WriteFile(file, []byte("a whale\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	for _, name := range []string{file, link} {
		f, err := OpenRegular(name)
		if err != nil {
			t.Fatalf("OpenRegular(%s): %v", name, err)
		}
		b := make([]byte, 16)
		n, _ := f.Read(b)
		f.Close()
		if string(b[:n]) != "a whale\n" {
			t.Errorf("OpenRegular(%s) read %q", name, b[:n])
		}
	}
	for name, what := range map[string]string{fifo: "a FIFO", "/dev/null": "a device", dir: "a directory"} {
		f, err := OpenRegular(name)
		var nr *NotRegularError
		if !errors.As(err, &nr) || nr.What != what || nr.Path != name {
			if f != nil {
				f.Close()
			}
			t.Errorf("OpenRegular(%s) = %v; want a *NotRegularError saying it is %s", name, err, what)
		}
	}
}
