package lock

import (
	"os"
	"path/filepath"
	"testing"
)

// The file a waiter has just locked was removed (or replaced) by the
// holder before: current lets it go, and the caller tries again on the
// file the path names now.
func TestLockedFileRemoved(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.lock")
	f := open(path)
	if ok, err := f.TryLock(); !ok || err != nil {
		t.Fatalf("TryLock: %v, %v", ok, err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if l, _ := current(f, path); l != nil {
		t.Fatal("current kept the lock of a removed file")
	}
	if f.Locked() {
		t.Error("current did not unlock the removed file")
	}
	// Replaced by a new file: the same.
	g := open(path)
	if ok, err := g.TryLock(); !ok || err != nil {
		t.Fatalf("TryLock: %v, %v", ok, err)
	}
	os.Remove(path)
	os.WriteFile(path, nil, 0o644)
	if l, _ := current(g, path); l != nil {
		t.Fatal("current kept the lock of a replaced file")
	}
	// Still there: kept.
	h := open(path)
	if ok, err := h.TryLock(); !ok || err != nil {
		t.Fatalf("TryLock: %v, %v", ok, err)
	}
	l, _ := current(h, path)
	if l == nil {
		t.Fatal("current let go of the file the path names")
	}
	l.Unlock()
}

// The owner kept apart from the lock file, as on Windows (where
// LockFileEx bars other handles from the locked file's bytes): it is
// written beside the lock file, atomically, read back from there, the
// lock file itself is never written, and Remove takes both away. The same
// logic runs here, on Linux, with the lock held through flock.
func TestOwnerApart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.lock")
	f := open(path)
	if ok, err := f.TryLock(); !ok || err != nil {
		t.Fatalf("TryLock: %v, %v", ok, err)
	}
	if err := writeOwnerTo(path, true); err != nil {
		t.Fatal(err)
	}
	if o := readOwnerFrom(path, true); o.PID != os.Getpid() || o.Host == "" || o.Since.IsZero() {
		t.Errorf("owner read back from %s = %+v; want this process", OwnerSuffix, o)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
		t.Errorf("the lock file was written (%v, %v): its first byte is what Windows locks", fi, err)
	}
	if o := readOwnerFrom(path, false); o.PID != 0 {
		t.Errorf("owner in the lock file = %+v; want none", o)
	}
	// A second holder overwrites the record whole.
	if err := os.WriteFile(path+OwnerSuffix, []byte(`{"pid":1,"host":"a much longer host name than this one","since":"2020-01-01T00:00:00Z"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeOwnerTo(path, true); err != nil {
		t.Fatal(err)
	}
	if o := readOwnerFrom(path, true); o.PID != os.Getpid() {
		t.Errorf("owner after a rewrite = %+v; want this process", o)
	}
	if err := removeFiles(path, true); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + OwnerSuffix} {
		if _, err := os.Lstat(p); !os.IsNotExist(err) {
			t.Errorf("%s left after Remove: %v", p, err)
		}
	}
	f.Unlock()
	// A lock file without an owner file is removed all the same.
	os.WriteFile(path, nil, 0o644)
	if err := removeFiles(path, true); err != nil {
		t.Errorf("removeFiles without an owner file: %v", err)
	}
}
