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

// A region holds at most maxRegionFiles files, however small: each is a
// mapping of its own, of which a process may have only so many. The next
// one, none open, starts the region again.
func TestMapRegionFiles(t *testing.T) {
	page := os.Getpagesize()
	r := NewMapRegion(4 * maxRegionFiles * page)
	for k := range maxRegionFiles + 1 {
		f, data := regionFile(t, fmt.Sprintf("f%d", k), 10, byte(k))
		m, err := r.Map(f)
		if err != nil {
			t.Fatal(err)
		}
		want := unsafe.Add(r.mem.base, k%maxRegionFiles*page)
		if m.region != r || unsafe.Pointer(unsafe.SliceData(m.Data)) != want || !bytes.Equal(m.Data, data) {
			t.Errorf("file %d: in the region %v, at %p; want %p, its bytes", k, m.region == r, unsafe.SliceData(m.Data), want)
		}
		m.Close()
	}
}

// A file the region cannot map at its place (opened for writing only, so
// not readable) breaks the region: the file is MapFile's (and its error),
// a file in the region still open stays as it was, the next is mapped on
// its own, and once none is open the region gives its address space back
// and the next file starts a new one.
func TestMapRegionBroken(t *testing.T) {
	page := os.Getpagesize()
	r := NewMapRegion(16 * page)
	fa, dataA := regionFile(t, "a", page, 1)
	a, err := r.Map(fa)
	if err != nil || a.region != r {
		t.Fatalf("first file: %v, in the region %v", err, a != nil && a.region == r)
	}
	path := filepath.Join(t.TempDir(), "writeonly")
	if err := os.WriteFile(path, []byte("the whale"), 0o644); err != nil {
		t.Fatal(err)
	}
	wo, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer wo.Close()
	if m, err := r.Map(wo); err == nil {
		m.Close()
		t.Fatal("a file open for writing only mapped for reading")
	}
	if !r.mem.broken {
		t.Fatal("the region is not broken after a mapping at its place failed")
	}
	if !bytes.Equal(a.Data, dataA) {
		t.Error("the open file's bytes changed when the region broke")
	}
	fc, dataC := regionFile(t, "c", 100, 3)
	c, err := r.Map(fc)
	if err != nil || c.region != nil || !bytes.Equal(c.Data, dataC) {
		t.Errorf("a file while the broken region has one open: %v, in the region %v", err, c != nil && c.region != nil)
	}
	if c != nil {
		c.Close()
	}
	a.Close()
	if r.mem.broken || r.mem.base != nil {
		t.Fatal("the broken region kept its address space once none of its files was open")
	}
	fd, dataD := regionFile(t, "d", 100, 4)
	d, err := r.Map(fd)
	if err != nil || d.region != r || !bytes.Equal(d.Data, dataD) {
		t.Fatalf("after the broken region was given back: %v, in a region %v", err, d != nil && d.region == r)
	}
	if unsafe.Pointer(unsafe.SliceData(d.Data)) != r.mem.base || r.mem.base == nil {
		t.Error("the next file did not start a new region")
	}
	d.Close()
}
