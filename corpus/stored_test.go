package corpus_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/store"
	"github.com/gutcount/gutcount/fetch"
)

// Stored finds a book that Get stored by its ID, its URL and its key,
// without a download, and tells what is not stored from what is no book
// reference at all; Stats sums it.
func TestStoredAndStats(t *testing.T) {
	lib, st, requests := mirrorOfBook11(t)
	src, _ := corpus.ParseSource("11")
	e, err := lib.Get(context.Background(), st, src)
	if err != nil {
		t.Fatal(err)
	}
	before := *requests
	for _, arg := range []string{"11", e.URL, e.Key} {
		got, err := corpus.Stored(st, arg)
		if err != nil || got.Key != e.Key {
			t.Errorf("Stored(%q) = %v, %v; want the entry of key %s", arg, got, err, e.Key)
		}
	}
	if _, err := corpus.Stored(st, "12"); !errors.Is(err, store.ErrNotStored) {
		t.Errorf("Stored(12) = %v; want ErrNotStored", err)
	}
	var bad *corpus.BadSourceError
	if _, err := corpus.Stored(st, "moby dick"); !errors.As(err, &bad) || bad.Reason != corpus.NotAStoredBook {
		t.Errorf("Stored(moby dick) = %v; want a *BadSourceError, NotAStoredBook", err)
	}
	if *requests != before {
		t.Errorf("Stored made %d requests; want none", *requests-before)
	}
	sum, err := lib.Stats(context.Background())
	if err != nil || sum.Books != 1 || sum.Tokens != 4 || sum.Bytes != int64(len(book11)) || sum.Languages["unknown"] != 1 || sum.NotCounted != 0 {
		t.Errorf("Stats = %+v, %v; want 1 book of %d bytes, 4 tokens, language unknown", sum, err, len(book11))
	}
	if !strings.Contains(e.URL, "/cache/epub/11/") {
		t.Errorf("stored URL %s", e.URL)
	}
}

// Open serves a book stored by its ID without a request; a stored text
// damaged since (a size its sidecar does not give) is fetched again, and a
// book the store lacks is fetched.
func TestOpenStoredID(t *testing.T) {
	lib, st, requests := mirrorOfBook11(t)
	src, _ := corpus.ParseSource("11")
	open := func(what string, wantRequests int) {
		t.Helper()
		before := *requests
		b, err := lib.Open(context.Background(), src)
		if err != nil {
			t.Fatalf("Open(11) %s: %v", what, err)
		}
		defer b.Close()
		text, err := io.ReadAll(b)
		if err != nil || string(text) != book11 || b.Entry == nil || b.Entry.Size != int64(len(book11)) {
			t.Errorf("Open(11) %s read %q, %v, entry %+v; want the book and its entry", what, text, err, b.Entry)
		}
		if *requests-before != wantRequests {
			t.Errorf("Open(11) %s made %d requests; want %d", what, *requests-before, wantRequests)
		}
	}
	open("not stored", 1)
	open("stored", 0)
	e, err := st.LookupID(11)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(st.TextPath(e.Key), []byte("the whale\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	open("damaged", 1)
	open("stored again", 0)
}

const book11 = "*** START OF THE PROJECT GUTENBERG EBOOK X ***\nthe whale the sea\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\n"

// mirrorOfBook11 returns a library whose mirror (a test server, closed
// with the test) serves book11 as book 11 and nothing else, its store (in
// a temporary directory), and the count of requests the mirror took.
func mirrorOfBook11(t *testing.T) (*corpus.Library, *store.Store, *int) {
	requests := new(int)
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*requests++
		if r.URL.Path != "/cache/epub/11/pg11.txt" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(book11))
	}))
	t.Cleanup(s.Close)
	st := corpus.NewStore(t.TempDir())
	return &corpus.Library{Store: st, Client: fetch.New(fetch.Options{Retries: -1}), Mirror: s.URL}, st, requests
}
