package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gutcount/gutcount/corpus"
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
	return startMirror()
}

// startMirror starts the mirror whether or not ../shared is there (the
// scripts that need its books skip themselves).
func startMirror() *mirror {
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

const sampleCatalog = "../../testdata/sample/pg_catalog-sample.csv"

// madeBookFor is a Gutenberg-like book made here for a catalog entry: its
// header gives the entry's title, first author and language, and its body
// has about Zipf's frequencies, some of its words capitalised or followed
// by punctuation so that -i, -p and -n count more.
func madeBookFor(e corpus.CatalogEntry) []byte {
	words := strings.Fields("the of and a to in whale sea ahab ship he was that it his with as for had alice elizabeth war peace")
	for i := len(words); i < 400; i++ {
		words = append(words, "word"+strconv.Itoa(i))
	}
	var toks []string
	for r, w := range words {
		for j := range 3000/(r+1) + 1 {
			switch {
			case j%7 == 3:
				w = strings.ToUpper(w[:1]) + w[1:]
			case j%5 == 1:
				w += ","
			}
			toks = append(toks, w)
			w = words[r]
		}
	}
	rnd := rand.New(rand.NewPCG(uint64(e.ID), 1))
	rnd.Shuffle(len(toks), func(i, j int) { toks[i], toks[j] = toks[j], toks[i] })
	var b bytes.Buffer
	author, _, _ := strings.Cut(strings.Join(e.Authors, "; "), ";")
	fmt.Fprintf(&b, "The Project Gutenberg eBook of %s\n\nTitle: %s\n\nAuthor: %s\n\nRelease Date: %s [eBook #%d]\n\nLanguage: %s\n\n", e.Title, e.Title, author, e.Issued, e.ID, e.Language)
	fmt.Fprintf(&b, "*** START OF THE PROJECT GUTENBERG EBOOK %s ***\n\n", strings.ToUpper(e.Title))
	for i := 0; i < len(toks); i += 12 {
		b.WriteString(strings.Join(toks[i:min(i+12, len(toks))], " ") + "\n")
	}
	fmt.Fprintf(&b, "\n*** END OF THE PROJECT GUTENBERG EBOOK %s ***\n\nThe Project Gutenberg licence: the whale and the sea are not in the book.\n", strings.ToUpper(e.Title))
	return b.Bytes()
}

// newCatalogMirror serves the sample catalog at the mirror's catalog path
// and, for every book in it, a book made here at /cache/epub/ID/pgID.txt.
func newCatalogMirror(t *testing.T) *httptest.Server {
	cat, err := os.ReadFile(sampleCatalog)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := corpus.ReadCatalog(bytes.NewReader(cat))
	if err != nil {
		t.Fatal(err)
	}
	books := map[string][]byte{corpus.CatalogPath: cat}
	for _, e := range entries {
		books[fmt.Sprintf("/cache/epub/%d/pg%d.txt", e.ID, e.ID)] = madeBookFor(e)
	}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := books[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		http.ServeContent(w, r, "book.txt", time.Unix(1700000000, 0), bytes.NewReader(b))
	}))
	t.Cleanup(s.Close)
	return s
}
