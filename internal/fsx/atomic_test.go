package fsx_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/internal/fsx"
)

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// leftovers lists what is in dir besides want.
func leftovers(t *testing.T, dir string, want ...string) []string {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	var extra []string
	for _, e := range ents {
		if !strings.Contains(strings.Join(want, "/"), e.Name()) {
			extra = append(extra, e.Name())
		}
	}
	return extra
}

func TestCommitAndAbort(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.txt")
	os.WriteFile(name, []byte("old"), 0o644)
	f, err := fsx.Create(name, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("new")
	if got := read(t, name); got != "old" {
		t.Errorf("before Commit the file reads %q; want the old content", got)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	f.Abort() // no-op after Commit
	if got := read(t, name); got != "new" {
		t.Errorf("after Commit: %q; want new", got)
	}
	if fi, _ := os.Stat(name); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v; want 0644", fi.Mode())
	}
	g, _ := fsx.Create(name, 0o644)
	g.WriteString("half")
	g.Abort()
	if got := read(t, name); got != "new" {
		t.Errorf("after Abort: %q; want new", got)
	}
	if extra := leftovers(t, dir, "a.txt"); len(extra) > 0 {
		t.Errorf("left behind: %q", extra)
	}
	if err := g.Commit(); err == nil {
		t.Errorf("Commit after Abort succeeded")
	}
}

// A symbolic link planted at the destination is replaced, and its target
// is untouched.
func TestNeverThroughLinks(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "victim")
	os.WriteFile(target, []byte("precious"), 0o644)
	for _, write := range []func(string) error{
		func(n string) error { return fsx.WriteFile(n, []byte("data"), 0o644) },
		func(n string) error { return fsx.CopyFile(n, strings.NewReader("data"), 0o644) },
	} {
		link := filepath.Join(dir, "link")
		os.Remove(link)
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
		if err := write(link); err != nil {
			t.Fatal(err)
		}
		if got := read(t, target); got != "precious" {
			t.Errorf("target of the link now holds %q", got)
		}
		if fi, err := os.Lstat(link); err != nil || !fi.Mode().IsRegular() || read(t, link) != "data" {
			t.Errorf("the link was not replaced by a regular file: %v, %v", fi, err)
		}
	}
}

func TestIsTemp(t *testing.T) {
	dir := t.TempDir()
	f, err := fsx.Create(filepath.Join(dir, "book.json"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	if base := filepath.Base(f.Name()); !fsx.IsTemp(base) {
		t.Errorf("IsTemp(%q) = false", base)
	}
	for _, n := range []string{"book.json", "abc.txt", "abc.txt.part"} {
		if fsx.IsTemp(n) {
			t.Errorf("IsTemp(%q) = true", n)
		}
	}
}

// A file that cannot be created is named as the caller gave it, not as
// the temporary file it never heard of.
func TestCreateErrorNamesTheFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "no-such-dir", "z.png")
	_, err := fsx.Create(name, 0o644)
	if err == nil {
		t.Fatalf("Create(%q) = nil error; want one", name)
	}
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != name || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Create(%q) = %v; want a *fs.PathError for %q, not exist", name, err, name)
	}
}
