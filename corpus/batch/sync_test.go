package batch

import (
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
}
