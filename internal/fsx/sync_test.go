package fsx

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Commit syncs the file before the rename and the directory after it; a
// failed sync leaves the destination as it was.
func TestCommitSyncs(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "f.txt")
	os.WriteFile(name, []byte("old"), 0o644)
	var order []string
	f, err := Create(name, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.sync = func(g *os.File) error {
		if _, err := os.Stat(name); err == nil {
			if b, _ := os.ReadFile(name); string(b) != "old" {
				t.Error("the file was renamed before its sync")
			}
		}
		order = append(order, "file")
		return g.Sync()
	}
	f.syncDir = func(d string) error {
		if d != dir {
			t.Errorf("synced directory %s; want %s", d, dir)
		}
		if b, _ := os.ReadFile(name); string(b) != "new" {
			t.Error("the directory was synced before the rename")
		}
		order = append(order, "dir")
		return SyncDir(d)
	}
	f.WriteString("new")
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if len(order) != 2 || order[0] != "file" || order[1] != "dir" {
		t.Errorf("syncs %v; want [file dir]", order)
	}

	// A sync that fails: no rename, the temporary file gone.
	g, err := Create(name, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	bad := errors.New("disk gone")
	g.sync = func(*os.File) error { return bad }
	g.WriteString("newer")
	if err := g.Commit(); !errors.Is(err, bad) {
		t.Errorf("Commit with a failing sync = %v; want its error", err)
	}
	if b, _ := os.ReadFile(name); string(b) != "new" {
		t.Errorf("destination = %q after a failed sync; want it unchanged", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("%d files left; want the destination alone", len(ents))
	}
}
