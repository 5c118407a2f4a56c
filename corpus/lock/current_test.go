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
