package batch

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"
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

// A worker runs the next items while the records of those it finished
// wait for a slow sync (up to inFlight of them), and none of them counts
// as done (Progress) until its record is synced; then all are.
func TestWorkerRunsAheadOfSync(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "list.txt")
	if err := os.WriteFile(list, []byte("a\nb\nc\nd\ne\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	j, err := openJournal(dir, filepath.Join(dir, "journal.jsonl"), filepath.Join(dir, "data.bin"), All, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.close()
	syncing, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	j.sync = func(f *os.File) error {
		once.Do(func() { close(syncing); <-release })
		return f.Sync()
	}
	processed := make(chan string)
	var mu sync.Mutex
	doneEarly := 0 // items Progress said done before the sync went on
	released := false
	cfg := Config{
		Jobs: 1, Shard: All,
		Process: func(ctx context.Context, it Item) (Output, error) {
			processed <- it.Text
			return Output{Result: json.RawMessage(`{}`), Data: []byte(it.Text)}, nil
		},
		Progress: func(done, failed, todo int) {
			mu.Lock()
			defer mu.Unlock()
			if !released && done > 0 {
				doneEarly = done
			}
		},
	}
	n := make(chan int)
	go func() {
		done, err := runItems(context.Background(), listCopy{path: list, shard: cfg.Shard}, cfg, j, 5, nil)
		if err != nil {
			t.Error(err)
		}
		n <- done
	}()
	if it := <-processed; it != "a" {
		t.Fatalf("first item run %q; want a", it)
	}
	<-syncing // a's data, held there
	for _, want := range []string{"b", "c", "d"} {
		if it := <-processed; it != want {
			t.Fatalf("item run while a's sync waits: %q; want %q", it, want)
		}
	}
	mu.Lock()
	released = true
	mu.Unlock()
	close(release)
	if it := <-processed; it != "e" {
		t.Fatalf("last item run %q; want e", it)
	}
	if done := <-n; done != 5 {
		t.Errorf("runItems = %d done; want 5", done)
	}
	if doneEarly > 0 {
		t.Errorf("Progress told %d done before any record was synced", doneEarly)
	}
	for _, it := range []string{"a", "b", "c", "d", "e"} {
		if e, ok := j.lookup(keyOf(it)); !ok || e.failed {
			t.Errorf("item %s not journaled done (%+v, %v)", it, e, ok)
		}
	}
}

// Records sent within a beat of the last commit wait to share the next
// one; a caller that waits for one of them has them committed at once,
// not at the beat (an hour here: the test would hang).
func TestJournalHurry(t *testing.T) {
	dir := t.TempDir()
	j, err := openJournal(dir, filepath.Join(dir, "journal.jsonl"), filepath.Join(dir, "data.bin"), All, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.close()
	var mu sync.Mutex
	syncs := 0
	j.pace = time.Hour
	j.sync = func(f *os.File) error {
		mu.Lock()
		syncs++
		mu.Unlock()
		return f.Sync()
	}
	if err := j.append(Record{Item: "a", Status: "done"}, []byte("a's data")); err != nil {
		t.Fatal(err)
	}
	// a's wait rang hurry as a's commit began; a ring left like that
	// (made sure of here) must not cut b's gather short once nobody waits.
	select {
	case j.hurry <- struct{}{}:
	default:
	}
	b := j.send(Record{Item: "b", Status: "done"}, []byte("b's data"))
	for len(j.hurry) > 0 { // the writer has taken b and, gathering, the ring
		runtime.Gosched()
	}
	c := j.send(Record{Item: "c", Status: "done"}, []byte("c's data"))
	if err := j.wait(c); err != nil {
		t.Fatal(err)
	}
	if err := <-b; err != nil {
		t.Fatal(err)
	}
	for _, item := range []string{"a", "b", "c"} {
		if _, ok := j.lookup(keyOf(item)); !ok {
			t.Errorf("item %s not done after its record was waited for", item)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if syncs != 4 {
		t.Errorf("%d syncs; want 4: a's data and record, then b's and c's together", syncs)
	}
}
