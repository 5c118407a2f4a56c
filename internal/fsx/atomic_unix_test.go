//go:build unix

package fsx_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/gutcount/gutcount/internal/fsx"
)

func TestCopyFileIntoDevicesAndFolders(t *testing.T) {
	dir := t.TempDir()
	// Missing folders are made.
	deep := filepath.Join(dir, "a", "b", "c.txt")
	if err := fsx.CopyFile(deep, strings.NewReader("deep"), 0o644); err != nil || read(t, deep) != "deep" {
		t.Errorf("CopyFile into missing folders: %v", err)
	}
	// /dev/null stays a device.
	if err := fsx.CopyFile("/dev/null", strings.NewReader("x"), 0o644); err != nil {
		t.Errorf("CopyFile to /dev/null: %v", err)
	}
	if fi, err := os.Stat("/dev/null"); err != nil || fi.Mode()&os.ModeDevice == 0 {
		t.Fatalf("/dev/null is no longer a device: %v", fi)
	}
	// A device that fails every write reports it, and stays.
	if _, err := os.Stat("/dev/full"); err == nil {
		err := fsx.CopyFile("/dev/full", bytes.NewReader(make([]byte, 1<<16)), 0o644)
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
	if err := fsx.CopyFile(fifo, strings.NewReader("through the fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "through the fifo" {
		t.Errorf("read from the FIFO: %q", s)
	}
	if fi, _ := os.Lstat(fifo); fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v", fi.Mode())
	}
	if err := fsx.CopyFile(dir, strings.NewReader("x"), 0o644); err == nil {
		t.Errorf("CopyFile onto a directory succeeded")
	}
}

// AppendLine adds whole lines, from many writers at once; a link planted
// at the name is refused and its target untouched; a FIFO with no reader
// fails at once instead of blocking.
func TestAppendLine(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "history.txt")
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			if err := fsx.AppendLine(name, strings.Repeat(string(rune('a'+i)), 1000), 0o644); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(read(t, name), "\n"), "\n")
	if len(lines) != 20 {
		t.Fatalf("%d lines; want 20", len(lines))
	}
	for _, l := range lines {
		if len(l) != 1000 || strings.Count(l, l[:1]) != 1000 {
			t.Errorf("a line of mixed writers: %.20q…", l)
		}
	}

	target := filepath.Join(dir, "target.txt")
	os.WriteFile(target, []byte("kept\n"), 0o644)
	link := filepath.Join(dir, "link.txt")
	os.Symlink(target, link)
	if err := fsx.AppendLine(link, "x", 0o644); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("through a link: %v; want it refused", err)
	}
	if got := read(t, target); got != "kept\n" {
		t.Errorf("the link's target became %q", got)
	}

	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := fsx.AppendLine(fifo, "x", 0o644); err == nil {
		t.Error("a FIFO with no reader: no error")
	}
}

// A temporary file is locked while it is written: TempInUse tells it from
// one whose writer died (a file no process holds), and Commit renames it
// while it is still locked, so its temporary name is never there unlocked.
func TestTempInUse(t *testing.T) {
	dir := t.TempDir()
	f, err := fsx.Create(filepath.Join(dir, "out.txt"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	tmp := f.Name()
	if inUse, ok := fsx.TempInUse(tmp); !inUse || !ok {
		t.Errorf("TempInUse of a file being written = %v, %v; want true, true", inUse, ok)
	}
	if _, err := f.WriteString("x"); err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, ok := fsx.TempInUse(tmp); ok {
		t.Errorf("TempInUse of a committed file's temporary name: ok; want it gone")
	}
	// A temporary file its writer left, dying: nobody holds it.
	left := filepath.Join(dir, ".out.txt"+".tmp123")
	if err := os.WriteFile(left, []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	if inUse, ok := fsx.TempInUse(left); inUse || !ok {
		t.Errorf("TempInUse of a file nobody holds = %v, %v; want false, true", inUse, ok)
	}
	// Nor is a FIFO planted under such a name opened for long.
	fifo := filepath.Join(dir, ".fifo"+".tmp1")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := fsx.TempInUse(fifo); ok {
		t.Errorf("TempInUse of a FIFO: ok; want false (not a file it can tell of)")
	}
}
