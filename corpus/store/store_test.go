package store_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gutcount/gutcount/corpus/lock"
	"github.com/gutcount/gutcount/corpus/store"
	"github.com/gutcount/gutcount/fetch"
)

// book is what the test server serves at /book.txt: made here, so that
// the tests need nothing from outside.
var book = func() []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < 300_000; i++ {
		fmt.Fprintf(&b, "Line %d of a book about whales and the sea.\n", i)
	}
	return b.Bytes()
}()

// server serves book (and other bodies by path), counting the requests for
// each path; delay slows each write of the body down.
type server struct {
	*httptest.Server
	mu    sync.Mutex
	gets  map[string]int
	delay time.Duration
	// hold, when set, holds the book's body until it is closed.
	hold chan struct{}
}

func newServer(t *testing.T, delay time.Duration) *server {
	return newHeldServer(t, delay, nil)
}

// newHeldServer is newServer whose book's body waits for hold to close.
func newHeldServer(t *testing.T, delay time.Duration, hold chan struct{}) *server {
	s := &server{gets: map[string]int{}, delay: delay, hold: hold}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.gets[r.URL.Path]++
		s.mu.Unlock()
		switch r.URL.Path {
		case "/book.txt":
			w.Header().Set("ETag", `"v1"`)
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("Content-Length", fmt.Sprint(len(book)))
			if s.hold != nil {
				select {
				case <-s.hold:
				case <-r.Context().Done():
					return
				}
			}
			for off := 0; off < len(book); off += 50_000 {
				w.Write(book[off:min(off+50_000, len(book))])
				w.(http.Flusher).Flush()
				time.Sleep(s.delay)
			}
		case "/blocked.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte("<html><body>Access blocked</body></html>"))
		case "/blocked.txt":
			w.Header().Set("Content-Type", "text/plain")
			w.Write([]byte("\n  <!DOCTYPE html>\n<html>Access blocked</html>"))
		case "/empty.txt":
			w.Header().Set("Content-Type", "text/plain")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gets[path]
}

func client() *fetch.Client {
	return fetch.New(fetch.Options{Retries: 2, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestKey(t *testing.T) {
	// md5("www.gutenberg.org/cache/epub/2701/pg2701.txt"), as nginx computes
	// ngx.md5($host$request_uri).
	sum := md5.Sum([]byte("www.gutenberg.org/cache/epub/2701/pg2701.txt"))
	want := hex.EncodeToString(sum[:])
	a, _ := store.Key("https://www.gutenberg.org/cache/epub/2701/pg2701.txt")
	b, _ := store.Key("http://www.gutenberg.org/cache/epub/2701/pg2701.txt")
	if a != want || b != want {
		t.Errorf("Key of https and http = %s, %s; want %s", a, b, want)
	}
	if c, _ := store.Key("https://www.gutenberg.org/cache/epub/2701/pg2701.txt?x=1"); c == a {
		t.Errorf("the query is part of the request URI, so of the key")
	}
	if !store.ValidKey(want) {
		t.Errorf("ValidKey(%q) = false", want)
	}
	for _, k := range []string{"", "../../x", strings.ToUpper(want), want + "0", want[:31] + "g", want[:31] + "/"} {
		if store.ValidKey(k) {
			t.Errorf("ValidKey(%q) = true", k)
		}
	}
}

func TestFetchLookupOpen(t *testing.T) {
	srv := newServer(t, 0)
	st := &store.Store{Dir: t.TempDir()}
	ctx := context.Background()
	e, err := st.Fetch(ctx, client(), srv.URL+"/book.txt", store.FetchOptions{ID: 7})
	if err != nil {
		t.Fatal(err)
	}
	if e.Size != int64(len(book)) || e.SHA256 != sha(book) || e.ETag != `"v1"` || e.ID != 7 {
		t.Errorf("entry = %+v", e)
	}
	f, got, err := st.Open(ctx, e.Key)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if got.SHA256 != e.SHA256 {
		t.Errorf("Open's entry differs from Fetch's")
	}
	if b, _ := os.ReadFile(st.TextPath(e.Key)); !bytes.Equal(b, book) {
		t.Errorf("stored text differs from the served book")
	}
	byID, err := st.LookupID(7)
	if err != nil || byID.Key != e.Key || byID.ID != 7 {
		t.Errorf("LookupID(7) = %+v, %v; want the book, its sidecar naming ID 7 (its text has no header)", byID, err)
	}
	// Stored: no second request.
	if _, err := st.Fetch(ctx, client(), srv.URL+"/book.txt", store.FetchOptions{}); err != nil || srv.requests("/book.txt") != 1 {
		t.Errorf("second Fetch: %v, %d requests; want 1", err, srv.requests("/book.txt"))
	}
	// Revalidated: a conditional GET answered 304 keeps the book.
	if _, err := st.Fetch(ctx, client(), srv.URL+"/book.txt", store.FetchOptions{Revalidate: true}); err != nil || srv.requests("/book.txt") != 2 {
		t.Errorf("revalidate: %v, %d requests; want 2", err, srv.requests("/book.txt"))
	}
	if _, err := st.Lookup(e.Key); err != nil {
		t.Errorf("after a 304: %v", err)
	}
	if _, err := st.Lookup("../../etc/passwd"); !errors.Is(err, store.ErrBadKey) {
		t.Errorf("Lookup of a path: %v; want ErrBadKey", err)
	}
}

// storedBook is a store holding the test server's book.
func storedBook(t *testing.T) (*server, *store.Store, *store.Entry) {
	t.Helper()
	srv := newServer(t, 0)
	st := &store.Store{Dir: t.TempDir()}
	e, err := st.Fetch(context.Background(), client(), srv.URL+"/book.txt", store.FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return srv, st, e
}

// A stored text edited in place (same size) is not served: Lookup and
// Open say it is corrupt, and a Fetch stores the book again. A text only
// touched (same bytes, new time) is served.
func TestEditedInPlace(t *testing.T) {
	srv, st, e := storedBook(t)
	ctx := context.Background()
	path := st.TextPath(e.Key)
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Lookup(e.Key); err != nil {
		t.Errorf("a touched text: %v; want it served", err)
	}
	// Verify stamps it anew: the sidecar holds the touched file's stamp.
	before, _ := os.ReadFile(st.SidecarPath(e.Key))
	if _, err := st.Verify(ctx, e.Key); err != nil {
		t.Errorf("Verify of a touched text: %v", err)
	}
	if after, _ := os.ReadFile(st.SidecarPath(e.Key)); bytes.Equal(before, after) {
		t.Error("Verify left the old stamp")
	}
	if again, _ := st.Verify(ctx, e.Key); again == nil {
		t.Error("second Verify: no entry")
	}
	edited := bytes.Replace(book, []byte("whales"), []byte("whalez"), -1)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(edited) // in place: same inode, same size
	f.Close()
	var ce *store.CorruptError
	if _, err := st.Lookup(e.Key); !errors.As(err, &ce) {
		t.Errorf("Lookup of an edited text: %v; want CorruptError", err)
	}
	if _, _, err := st.Open(ctx, e.Key); !errors.As(err, &ce) {
		t.Errorf("Open of an edited text: %v; want CorruptError", err)
	}
	if _, err := st.Fetch(ctx, client(), srv.URL+"/book.txt", store.FetchOptions{}); err != nil || srv.requests("/book.txt") != 2 {
		t.Fatalf("Fetch after the edit: %v, %d requests; want 2", err, srv.requests("/book.txt"))
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, book) {
		t.Error("the edited text is still stored after Fetch")
	}
	if _, err := st.Lookup(e.Key); err != nil {
		t.Errorf("after Fetch: %v", err)
	}
}

// A book stored before stamps (a sidecar without one) and edited since is
// not blessed by a 304: revalidating hashes it first and downloads it again.
func TestRevalidateStampless(t *testing.T) {
	srv, st, e := storedBook(t)
	edited := bytes.Replace(book, []byte("whales"), []byte("whalez"), -1)
	if err := os.WriteFile(st.TextPath(e.Key), edited, 0o644); err != nil {
		t.Fatal(err)
	}
	// The sidecar as gutcount 0.1 wrote it: no stamp.
	var side map[string]any
	b, _ := os.ReadFile(st.SidecarPath(e.Key))
	if err := json.Unmarshal(b, &side); err != nil || side["stamp"] == nil {
		t.Fatalf("sidecar %s: %v", b, err)
	}
	delete(side, "stamp")
	b, _ = json.Marshal(side)
	if err := os.WriteFile(st.SidecarPath(e.Key), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Lookup(e.Key); err != nil {
		t.Fatalf("a stampless entry of the right size: %v; want it served, as before stamps", err)
	}
	if _, err := st.Fetch(context.Background(), client(), srv.URL+"/book.txt", store.FetchOptions{Revalidate: true}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(st.TextPath(e.Key)); !bytes.Equal(b, book) {
		t.Error("the edited, stampless text was kept after revalidation")
	}
}

// Eight fetchers of one book at once: one download, each gets the book,
// nothing is left over. The download is held until a fetcher has been
// told it waits, so that one is, however the machine schedules them.
func TestOneWriterPerBook(t *testing.T) {
	hold := make(chan struct{})
	srv := newHeldServer(t, 20*time.Millisecond, hold)
	st := &store.Store{Dir: t.TempDir()}
	var waited atomic.Int32
	st.Wait = func(string, lock.Owner) {
		if waited.Add(1) == 1 {
			close(hold)
		}
	}
	st.WaitNotice = 50 * time.Millisecond
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e, err := st.Fetch(context.Background(), client(), srv.URL+"/book.txt", store.FetchOptions{})
			if err == nil && e.SHA256 != sha(book) {
				err = fmt.Errorf("entry %+v", e)
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("fetcher %d: %v", i, err)
		}
	}
	if n := srv.requests("/book.txt"); n != 1 {
		t.Errorf("%d downloads; want 1", n)
	}
	if waited.Load() == 0 {
		t.Errorf("nobody was told of the wait")
	}
	key, _ := store.Key(srv.URL + "/book.txt")
	if b, _ := os.ReadFile(st.TextPath(key)); !bytes.Equal(b, book) {
		t.Errorf("stored book differs from the source")
	}
	left, _ := filepath.Glob(filepath.Join(st.Dir, "books", "*.part*"))
	tmps, _ := filepath.Glob(filepath.Join(st.Dir, "books", ".*"))
	if len(left)+len(tmps) > 0 {
		t.Errorf("left behind: %q %q", left, tmps)
	}
}

// Links planted where the store writes are replaced, never followed; a
// link at a file the store reads is reported, never followed.
func TestPlantedLinks(t *testing.T) {
	srv := newServer(t, 0)
	dir := t.TempDir()
	st := &store.Store{Dir: filepath.Join(dir, "store")}
	outside := filepath.Join(dir, "outside")
	os.MkdirAll(outside, 0o755)
	url := srv.URL + "/book.txt"
	key, _ := store.Key(url)
	books := filepath.Join(st.Dir, "books")
	os.MkdirAll(books, 0o755)
	targets := map[string]string{}
	for _, name := range []string{key + ".txt.part", key + ".txt.part.json", key + ".txt", key + ".json"} {
		target := filepath.Join(outside, name)
		os.WriteFile(target, []byte("precious "+name), 0o644)
		targets[target] = "precious " + name
		if err := os.Symlink(target, filepath.Join(books, name)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.Lookup(key); err == nil {
		t.Errorf("Lookup through a planted sidecar link succeeded")
	}
	e, err := st.Fetch(context.Background(), client(), url, store.FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for target, want := range targets {
		if b, _ := os.ReadFile(target); string(b) != want {
			t.Errorf("%s was written through a link: %q", target, b)
		}
	}
	if b, _ := os.ReadFile(st.TextPath(e.Key)); !bytes.Equal(b, book) {
		t.Errorf("the book was not stored in place of the link")
	}
	for _, p := range []string{st.TextPath(key), st.SidecarPath(key)} {
		if fi, err := os.Lstat(p); err != nil || !fi.Mode().IsRegular() {
			t.Errorf("%s is still not a regular file: %v", p, err)
		}
	}
	// A link planted at a stored text is reported, never read.
	os.Remove(st.TextPath(key))
	os.WriteFile(filepath.Join(outside, "big"), bytes.Repeat([]byte("x"), len(book)), 0o644)
	os.Symlink(filepath.Join(outside, "big"), st.TextPath(key))
	var ce *store.CorruptError
	if _, _, err := st.Open(context.Background(), key); !errors.As(err, &ce) {
		t.Errorf("Open of a linked text: %v; want a CorruptError", err)
	}
	r, err := st.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(fmt.Sprint(r.Problems), "symbolic link") {
		t.Errorf("Check did not report the planted link: %v", r.Problems)
	}
	removed, err := st.GC(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(fmt.Sprint(removed), "symbolic link") {
		t.Errorf("GC did not remove the planted link: %v", removed)
	}
	if _, err := os.Stat(filepath.Join(outside, "big")); err != nil {
		t.Errorf("GC removed the link's target: %v", err)
	}
}

// Paths come from keys, never from what files say.
func TestKeysFromFilesAreIgnored(t *testing.T) {
	srv := newServer(t, 0)
	dir := t.TempDir()
	st := &store.Store{Dir: filepath.Join(dir, "store")}
	e, err := st.Fetch(context.Background(), client(), srv.URL+"/book.txt", store.FetchOptions{ID: 5})
	if err != nil {
		t.Fatal(err)
	}
	// x.txt and x.json sit outside the store, where ../../x would lead.
	for _, n := range []string{"x.txt", "x.json"} {
		os.WriteFile(filepath.Join(dir, n), []byte("keep me"), 0o644)
	}
	side, _ := os.ReadFile(st.SidecarPath(e.Key))
	os.WriteFile(st.SidecarPath(e.Key), bytes.Replace(side, []byte(e.Key), []byte("../../x"), 1), 0o644)
	got, err := st.Lookup(e.Key)
	if err != nil || got.Key != e.Key {
		t.Errorf("Lookup with a sidecar naming ../../x: %+v, %v; want its own key", got, err)
	}
	os.WriteFile(filepath.Join(st.Dir, "ids", "9"), []byte("../../x\n"), 0o644)
	var ce *store.CorruptError
	if _, err := st.LookupID(9); !errors.As(err, &ce) {
		t.Errorf("LookupID of an ids file holding ../../x: %v; want a CorruptError", err)
	}
	if err := st.Remove(context.Background(), e.Key); err != nil {
		t.Fatal(err)
	}
	if err := st.Remove(context.Background(), "../../x"); !errors.Is(err, store.ErrBadKey) {
		t.Errorf("Remove(../../x) = %v; want ErrBadKey", err)
	}
	for _, n := range []string{"x.txt", "x.json"} {
		if b, err := os.ReadFile(filepath.Join(dir, n)); err != nil || string(b) != "keep me" {
			t.Errorf("%s outside the store: %q, %v", n, b, err)
		}
	}
	if _, err := os.Stat(filepath.Join(st.Dir, "ids", "5")); err == nil {
		t.Errorf("ids/5 still points at the removed book")
	}
	if _, err := st.Lookup(e.Key); !errors.Is(err, store.ErrNotStored) {
		t.Errorf("after Remove: %v", err)
	}
}

// A web page or an empty body is refused and nothing is stored.
func TestOnlyBooks(t *testing.T) {
	srv := newServer(t, 0)
	st := &store.Store{Dir: t.TempDir()}
	for _, path := range []string{"/blocked.html", "/blocked.txt", "/empty.txt"} {
		_, err := st.Fetch(context.Background(), client(), srv.URL+path, store.FetchOptions{})
		if !errors.Is(err, store.ErrNotABook) {
			t.Errorf("%s: %v; want ErrNotABook", path, err)
		}
		if n := srv.requests(path); n != 1 {
			t.Errorf("%s: %d requests; want 1 (no retry)", path, n)
		}
	}
	ents, _ := os.ReadDir(filepath.Join(st.Dir, "books"))
	for _, de := range ents {
		if !strings.HasSuffix(de.Name(), ".lock") {
			t.Errorf("stored after refusals: %s", de.Name())
		}
	}
	for _, c := range []struct {
		ct   string
		head string
		ok   bool
	}{
		{"text/plain", "The Project Gutenberg EBook", true},
		{"", "\ufeff<!doctype html>", false},
		{"application/xhtml+xml", "x", false},
		{"text/plain", "<HTML>", false},
		{"text/plain", "< html", true}, // not a tag
	} {
		if err := store.CheckBook(c.ct, []byte(c.head)); (err == nil) != c.ok {
			t.Errorf("CheckBook(%q, %q) = %v; want ok %v", c.ct, c.head, err, c.ok)
		}
	}
}

// Check finds a changed byte; Repair fetches the book again.
func TestCheckAndRepair(t *testing.T) {
	_, st, e := storedBook(t)
	ctx := context.Background()
	r, err := st.Check(ctx)
	if err != nil || r.Books != 1 || len(r.Problems) != 0 {
		t.Fatalf("Check of a sound store: %+v, %v", r, err)
	}
	b := bytes.Clone(book)
	b[1000] ^= 1
	os.WriteFile(st.TextPath(e.Key), b, 0o644)
	r, _ = st.Check(ctx)
	if len(r.Problems) != 1 || !strings.Contains(r.Problems[0].Reason, "SHA-256") || r.Problems[0].URL != e.URL {
		t.Fatalf("Check of a changed byte: %+v", r.Problems)
	}
	fixed := st.Repair(ctx, client(), r.Problems)
	if len(fixed) != 1 || fixed[0].Err != nil {
		t.Fatalf("Repair: %+v", fixed)
	}
	if got, _ := os.ReadFile(st.TextPath(e.Key)); !bytes.Equal(got, book) {
		t.Errorf("after Repair the text differs from the book")
	}
}

func TestGC(t *testing.T) {
	srv := newServer(t, 0)
	st := &store.Store{Dir: t.TempDir()}
	ctx := context.Background()
	e, err := st.Fetch(ctx, client(), srv.URL+"/book.txt", store.FetchOptions{ID: 3})
	if err != nil {
		t.Fatal(err)
	}
	books := filepath.Join(st.Dir, "books")
	write := func(name string, age time.Duration) string {
		p := filepath.Join(books, name)
		os.WriteFile(p, []byte("x"), 0o644)
		old := time.Now().Add(-age)
		os.Chtimes(p, old, old)
		return p
	}
	k := func(c byte) string { return strings.Repeat(string(c), 32) }
	freshPart := write(k('a')+".txt.part", time.Minute)
	oldPart := write(k('b')+".txt.part", 48*time.Hour)
	busyPart := write(k('c')+".txt.part", 48*time.Hour)
	orphanText := write(k('d')+".txt", 0)
	orphanSide := write(k('e')+".json", 0)
	temp := write("."+k('f')+".json.tmp123", 0)
	stray := write("notes.txt", 0)
	os.WriteFile(filepath.Join(st.Dir, "ids", "4"), []byte(k('9')+"\n"), 0o644)
	busy, err := lock.TryExclusive(filepath.Join(books, k('c')+".lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Unlock()
	removed, err := st.GC(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	gone := func(p string) bool { _, err := os.Lstat(p); return err != nil }
	for p, want := range map[string]bool{
		freshPart: false, oldPart: true, busyPart: false, orphanText: true, orphanSide: true,
		temp: true, stray: true, filepath.Join(st.Dir, "ids", "4"): true, filepath.Join(st.Dir, "ids", "3"): false,
		st.TextPath(e.Key): false, st.SidecarPath(e.Key): false,
		filepath.Join(books, k('b')+".lock"): true,
	} {
		if gone(p) != want {
			t.Errorf("after GC, %s gone = %v; want %v (removed: %v)", filepath.Base(p), gone(p), want, removed)
		}
	}
	if _, err := st.GC(ctx, true); err != nil {
		t.Fatal(err)
	}
	if !gone(freshPart) || gone(busyPart) {
		t.Errorf("GC --all: fresh part gone %v (want true), busy part gone %v (want false)", gone(freshPart), gone(busyPart))
	}
	if _, err := st.Lookup(e.Key); err != nil {
		t.Errorf("GC harmed the stored book: %v", err)
	}
	// What verify reports, gc removes (issue 19, case 13).
	if r, err := st.Check(ctx); err != nil || len(r.Problems) != 0 {
		t.Errorf("Check after GC: %v, %v; want no problem", r.Problems, err)
	}
}
