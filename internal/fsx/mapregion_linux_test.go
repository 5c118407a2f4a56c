package fsx

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unsafe"
)

// regionFile writes a file of n bytes, each byte its offset's low byte
// plus seed, and opens it.
func regionFile(t *testing.T, name string, n int, seed byte) (*os.File, []byte) {
	t.Helper()
	data := make([]byte, n)
	for i := range data {
		data[i] = byte(i) + seed
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, data
}

// A region maps files one after another from its start, each readable
// till it is closed; once full with none open, it starts again from its
// start (the files before are unmapped); a file is mapped on its own
// when it is too large for half the region, or when the region is full
// while a file in it is open, which stays as it was.
func TestMapRegion(t *testing.T) {
	page := os.Getpagesize()
	r := NewMapRegion(8 * page)
	var maps []*Mapped
	for k := range 4 { // 4 files of 1.5 pages: two pages each
		f, data := regionFile(t, fmt.Sprintf("f%d", k), page+page/2, byte(k))
		m, err := r.Map(f)
		if err != nil {
			t.Fatal(err)
		}
		if m.region != r {
			t.Fatalf("file %d is not in the region", k)
		}
		if want := unsafe.Add(r.mem.base, 2*k*page); unsafe.Pointer(unsafe.SliceData(m.Data)) != want {
			t.Errorf("file %d mapped at %p; want %p, after the file before", k, unsafe.SliceData(m.Data), want)
		}
		if !bytes.Equal(m.Data, data) {
			t.Fatalf("file %d mapped reads other bytes than its own", k)
		}
		maps = append(maps, m)
	}
	// Full, and file 3 still open: the next is mapped on its own.
	for _, m := range maps[:3] {
		if err := m.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := maps[0].Close(); err == nil {
		t.Error("a second Close of a mapping in a region is not an error")
	}
	f, data := regionFile(t, "own", page, 9)
	own, err := r.Map(f)
	if err != nil {
		t.Fatal(err)
	}
	if own.region != nil || !bytes.Equal(own.Data, data) {
		t.Errorf("a file mapped while the full region has one open: in the region %v, its bytes %v", own.region != nil, bytes.Equal(own.Data, data))
	}
	if err := own.Close(); err != nil {
		t.Fatal(err)
	}
	want3 := bytes.Clone(maps[3].Data)
	for i := range want3 {
		if want3[i] != byte(i)+3 {
			t.Fatal("the open file's bytes changed while the region was full")
		}
	}
	maps[3].Close()
	// None open: the next starts the region again.
	f, data = regionFile(t, "again", 100, 7)
	m, err := r.Map(f)
	if err != nil {
		t.Fatal(err)
	}
	if m.region != r || unsafe.Pointer(unsafe.SliceData(m.Data)) != r.mem.base || !bytes.Equal(m.Data, data) {
		t.Errorf("the region, cleared, did not map the next file at its start with its bytes")
	}
	m.Close()
	// Larger than half the region: on its own.
	f, data = regionFile(t, "large", 4*page+1, 5)
	m, err = r.Map(f)
	if err != nil {
		t.Fatal(err)
	}
	if m.region != nil || !bytes.Equal(m.Data, data) {
		t.Error("a file larger than half the region was mapped into it")
	}
	m.Close()
	// An empty file is MapFile's error.
	f, _ = regionFile(t, "empty", 0, 0)
	if _, err := r.Map(f); err == nil {
		t.Error("an empty file mapped")
	}
}
