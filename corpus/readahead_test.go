package corpus_test

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/fetch"
)

// ReadAhead only reads: whatever the source (a stored book by ID, URL or
// key, one not stored, a local file, a store with no books at all), it
// makes and changes no file and asks the mirror for nothing, and a stored
// book opens as before.
func TestReadAheadOnlyReads(t *testing.T) {
	lib, st, requests := mirrorOfBook11(t)
	src11, _ := corpus.ParseSource("11")
	e, err := lib.Get(context.Background(), st, src11)
	if err != nil {
		t.Fatal(err)
	}
	mirror := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("ReadAhead asked the mirror for %s", r.URL)
		http.NotFound(w, r)
	}))
	defer mirror.Close()
	local := filepath.Join(t.TempDir(), "local.txt")
	if err := os.WriteFile(local, []byte(book11), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := corpus.NewStore(filepath.Join(t.TempDir(), "none"))
	client := fetch.New(fetch.Options{Retries: -1})
	libs := map[string]*corpus.Library{
		"stored":  {Store: st, Client: client, Mirror: mirror.URL},
		"empty":   {Store: empty, Client: client, Mirror: mirror.URL},
		"nocache": {Store: st, Client: client, Mirror: mirror.URL, NoCache: true},
	}
	before := tree(t, st.Dir)
	for name, l := range libs {
		for _, arg := range []string{"11", "12", e.URL, mirror.URL + "/files/12/12-0.txt", local, "-"} {
			src, err := corpus.ParseSource(arg)
			if err != nil {
				t.Fatalf("ParseSource(%q): %v", arg, err)
			}
			l.ReadAhead(src)
		}
		l.Store.ReadAhead(e.Key)
		l.Store.ReadAhead("not a key")
		if after := tree(t, st.Dir); !bytes.Equal(after, before) {
			t.Errorf("%s: the store changed:\n%s\nwant\n%s", name, after, before)
		}
	}
	if _, err := os.Stat(empty.Dir); err == nil {
		t.Errorf("ReadAhead made the empty store's folder %s", empty.Dir)
	}
	if b, err := os.ReadFile(local); err != nil || string(b) != book11 {
		t.Errorf("the local file holds %q, %v; want it as it was", b, err)
	}
	n := *requests
	b, err := lib.Open(context.Background(), src11)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if text, err := io.ReadAll(b); err != nil || string(text) != book11 || *requests != n {
		t.Errorf("Open(11) after ReadAhead read %q, %v, with %d requests; want the book, none", text, err, *requests-n)
	}
}

// tree lists every file under dir with its mode, size, modification time
// and content.
func tree(t *testing.T, dir string) []byte {
	t.Helper()
	var b bytes.Buffer
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		b.WriteString(path + " " + fi.Mode().String() + " " + fi.ModTime().String() + "\n")
		if fi.Mode().IsRegular() {
			data, err := os.ReadFile(path)
			b.Write(data)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
