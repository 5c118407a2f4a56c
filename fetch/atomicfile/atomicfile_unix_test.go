//go:build unix

package atomicfile_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gutcount/gutcount/fetch/atomicfile"
)

func TestCopyFileIntoDevicesAndFolders(t *testing.T) {
	dir := t.TempDir()
	// Missing folders are made.
	deep := filepath.Join(dir, "a", "b", "c.txt")
	if err := atomicfile.CopyFile(deep, strings.NewReader("deep"), 0o644); err != nil || read(t, deep) != "deep" {
		t.Errorf("CopyFile into missing folders: %v", err)
	}
	// /dev/null stays a device.
	if err := atomicfile.CopyFile("/dev/null", strings.NewReader("x"), 0o644); err != nil {
		t.Errorf("CopyFile to /dev/null: %v", err)
	}
	if fi, err := os.Stat("/dev/null"); err != nil || fi.Mode()&os.ModeDevice == 0 {
		t.Fatalf("/dev/null is no longer a device: %v", fi)
	}
	// A device that fails every write reports it, and stays.
	if _, err := os.Stat("/dev/full"); err == nil {
		err := atomicfile.CopyFile("/dev/full", bytes.NewReader(make([]byte, 1<<16)), 0o644)
		if err == nil || !strings.Contains(err.Error(), "no space left") {
			t.Errorf("CopyFile to /dev/full: %v; want no space left", err)
		}
	}
	// A FIFO is written into.
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs:", err)
	}
	got := make(chan string)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- string(b)
	}()
	if err := atomicfile.CopyFile(fifo, strings.NewReader("through the fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "through the fifo" {
		t.Errorf("read from the FIFO: %q", s)
	}
	if fi, _ := os.Lstat(fifo); fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v", fi.Mode())
	}
	if err := atomicfile.CopyFile(dir, strings.NewReader("x"), 0o644); err == nil {
		t.Errorf("CopyFile onto a directory succeeded")
	}
}
