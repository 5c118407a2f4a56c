package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// madeBook is a Gutenberg-like book made here, so these tests need nothing
// from outside: a header (whose title holds terminal escapes), a body in
// which "war" occurs warCount times, and a footer.
const warCount = 1500

var madeBook = func() []byte {
	var b bytes.Buffer
	b.WriteString("The Project Gutenberg EBook of Test\n\nTitle: Evil \x1b]0;pwned\x07Title\x1b[2J\nAuthor: Nobody\nLanguage: English\n\n")
	b.WriteString("*** START OF THE PROJECT GUTENBERG EBOOK TEST ***\n\n")
	for i := 0; i < warCount; i++ {
		fmt.Fprintf(&b, "Chapter %d: peace and war, then war again? No: war once, and peace.\n", i)
	}
	b.WriteString("\n*** END OF THE PROJECT GUTENBERG EBOOK TEST ***\nwar war war in the licence\n")
	return b.Bytes()
}()

// madeServer serves madeBook at /cache/epub/77/pg77.txt, slowly when slow
// is set, and answers that are not books at /blocked and /empty.
type madeServer struct {
	*httptest.Server
	mu   sync.Mutex
	gets map[string]int
	slow time.Duration // per 64 KiB
	// gate, when set (under mu), holds the book's body after its first
	// 64 KiB until it is closed.
	gate chan struct{}
}

func newMadeServer(t *testing.T, slow time.Duration) *madeServer {
	s := &madeServer{gets: map[string]int{}, slow: slow}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.gets[r.URL.Path]++
		gate := s.gate
		s.mu.Unlock()
		switch r.URL.Path {
		case "/cache/epub/77/pg77.txt":
			w.Header().Set("ETag", `"77"`)
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			if r.Header.Get("Range") != "" || s.slow == 0 && gate == nil {
				http.ServeContent(w, r, "pg77.txt", time.Unix(1700000000, 0), bytes.NewReader(madeBook))
				return
			}
			w.Header().Set("Content-Length", fmt.Sprint(len(madeBook)))
			for off := 0; off < len(madeBook); off += 64 << 10 {
				if _, err := w.Write(madeBook[off:min(off+64<<10, len(madeBook))]); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				if gate != nil && off == 0 {
					<-gate
				}
				time.Sleep(s.slow)
			}
		case "/blocked":
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<!DOCTYPE html><html><body>Access to this site is blocked</body></html>")
		case "/blocked-as-text":
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, "<html><body>Access blocked</body></html>")
		case "/empty":
			w.Header().Set("Content-Type", "text/plain")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *madeServer) requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gets[path]
}

// fetch A B C with A missing fetches B and C all the same, reports A, and
// exits 3 at the end, as curl and wget do.
func TestFetchGoesOnPastAFailure(t *testing.T) {
	srv := newMadeServer(t, 0)
	cache := t.TempDir()
	out, errs, code := gutcount(t, "", "--cache-dir", cache, "--mirror", srv.URL, "fetch", "999999", "77", srv.URL+"/cache/epub/77/pg77.txt")
	if code != exitIO {
		t.Errorf("exit %d; want 3", code)
	}
	if strings.Count(out, "\n") != 2 || !strings.HasPrefix(out, "77\t") {
		t.Errorf("stdout %q; want the two books that were there", out)
	}
	if !strings.Contains(errs, "book 999999 is not on") || !strings.Contains(errs, "1 of 3 sources failed") {
		t.Errorf("stderr %q; want the missing book reported and a count at the end", errs)
	}
}
