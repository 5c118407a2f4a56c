package main

import (
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
)

// sharedCorpus is ../shared/corpus from the repository root.
var sharedCorpus, _ = filepath.Abs("../../../shared/corpus")

// mirrorBooks lays the shared books out like gutenberg.org: most under
// /cache/epub/ID/pgID.txt, some only at the older /files/ names so that the
// fallbacks are exercised.
var mirrorBooks = map[string]string{
	"/cache/epub/2701/pg2701.txt":      "pg2701-moby-dick-legacy-crlf.txt",
	"/cache/epub/11/pg11.txt":          "pg11-alice.txt",
	"/cache/epub/1342/pg1342.txt":      "pg1342-pride-and-prejudice.txt",
	"/files/2000/2000-8.txt":           "pg2000-don-quijote-latin1.txt",
	"/files/2600/2600-0.txt":           "pg2600-war-and-peace.txt",
	"/files/10026/10026.txt":           "pg10026-mirror-of-literature-nospace.txt",
	"/cache/epub/2229/pg2229.txt":      "pg2229-faust-de.txt",
	"/cache/epub/17989/pg17989.txt":    "pg17989-monte-cristo-fr.txt",
	"/ebooks/moby-modern.txt":          "pg2701-moby-dick-modern.txt",
	"/latin1-declared.txt":             "pg2000-don-quijote-latin1.txt",
	"/cache/epub/feeds/pg_catalog.csv": "../catalog/pg_catalog_sample.csv",
}

// mirror is a local server laid out like a Gutenberg mirror.
type mirror struct {
	*httptest.Server
	requests atomic.Int64
	mu       sync.Mutex
	flaky    map[string]int // path: 503s left before a 200
}

// newMirror starts the mirror of the shared books; a test that needs it
// skips at once when ../shared is not there.
func newMirror(t testing.TB) *mirror {
	if _, err := os.Stat(sharedCorpus); err != nil {
		t.Skip("shared corpus not found:", err)
	}
	m := &mirror{flaky: map[string]int{}}
	m.Server = httptest.NewServer(http.HandlerFunc(m.serve))
	return m
}

func (m *mirror) serve(w http.ResponseWriter, r *http.Request) {
	m.requests.Add(1)
	p := r.URL.Path
	if rest, ok := strings.CutPrefix(p, "/flaky/"); ok {
		// /flaky/N/PATH answers 503 N times, then serves PATH.
		var n int
		fmt.Sscanf(rest, "%d/", &n)
		m.mu.Lock()
		left, seen := m.flaky[p]
		if !seen {
			left = n
		}
		if left > 0 {
			m.flaky[p] = left - 1
			m.mu.Unlock()
			w.Header().Set("Retry-After", "0")
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		m.flaky[p] = 0
		m.mu.Unlock()
		p = rest[strings.Index(rest, "/"):]
	}
	name, ok := mirrorBooks[p]
	if !ok {
		http.NotFound(w, r)
		return
	}
	f, err := os.Open(filepath.Join(sharedCorpus, "books", name))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer f.Close()
	if p == "/latin1-declared.txt" {
		w.Header().Set("Content-Type", "text/plain; charset=iso-8859-1")
	} else {
		w.Header().Set("Content-Type", "text/plain")
	}
	http.ServeContent(w, r, name, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), f)
}
