package batch

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// An item counts as done only once its data and then its record are
// synced; a failed sync fails the append and leaves the item not done.
func TestJournalSyncsBeforeDone(t *testing.T) {
	dir := t.TempDir()
	path, data := filepath.Join(dir, "journal.jsonl"), filepath.Join(dir, "data.bin")
	j, err := openJournal(dir, path, data, All, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.close()
	var synced []string
	fail := false
	j.sync = func(f *os.File) error {
		synced = append(synced, filepath.Base(f.Name()))
		if fail {
			return errors.New("disk gone")
		}
		return f.Sync()
	}
	if err := j.append(Record{Item: "a", Status: "done"}, []byte("the data")); err != nil {
		t.Fatal(err)
	}
	if len(synced) != 2 || synced[0] != "data.bin" || synced[1] != "journal.jsonl" {
		t.Errorf("synced %v; want the data, then the journal", synced)
	}
	if _, ok := j.lookup(keyOf("a")); !ok {
		t.Error("item a not done after its append")
	}
	synced, fail = nil, true
	if err := j.append(Record{Item: "b", Status: "done"}, nil); err == nil {
		t.Error("append with a failing sync = nil; want its error")
	}
	if len(synced) != 1 || synced[0] != "journal.jsonl" {
		t.Errorf("synced %v; want the journal", synced)
	}
	if _, ok := j.lookup(keyOf("b")); ok {
		t.Error("item b counts as done though its record was not synced")
	}
	// The failed appends are undone: the files are as the journal
	// keeps them, and the next item's data lies where its record says.
	synced, fail = nil, true
	if err := j.append(Record{Item: "c", Status: "done"}, []byte("lost data")); err == nil {
		t.Error("append of c with a failing sync = nil; want its error")
	}
	fail = false
	if err := j.append(Record{Item: "d", Status: "done"}, []byte("d's data")); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		path string
		size int64
	}{{data, j.dsize}, {path, j.size}} {
		if fi, err := os.Stat(f.path); err != nil || fi.Size() != f.size {
			t.Errorf("%s: %v, %v; want %d bytes, as the journal keeps", filepath.Base(f.path), fi.Size(), err, f.size)
		}
	}
	e, ok := j.lookup(keyOf("d"))
	jb, _ := os.ReadFile(path)
	db, _ := os.ReadFile(data)
	var rec Record
	if !ok || e.off+int64(e.len) > int64(len(jb)) || json.Unmarshal(jb[e.off:e.off+int64(e.len)], &rec) != nil {
		t.Fatalf("d's record not found in the journal (%+v, %v)", e, ok)
	}
	if len(rec.Data) != 2 || rec.Data[0]+rec.Data[1] > int64(len(db)) || string(db[rec.Data[0]:rec.Data[0]+rec.Data[1]]) != "d's data" {
		t.Errorf("d's record points at %v of %q; want d's data", rec.Data, db)
	}
}
