package serve_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/serve"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/fetch"
)

// fakePlots writes what it is asked to draw, markup included, as an SVG
// would hold text.
type fakePlots struct{}

func (fakePlots) Zipf(w io.Writer, title string, rows []count.Row) error {
	_, err := fmt.Fprintf(w, "<svg>zipf %d rows</svg>", len(rows))
	return err
}

func (fakePlots) Dispersion(w io.Writer, title string, words []string, indices [][]int64, tokens int64) error {
	_, err := fmt.Fprintf(w, "<svg>%d words of %d tokens</svg>", len(words), tokens)
	return err
}

// Every page answers, and shows the markup of a book's title, author and
// text as text: the only script of a page is the site's own.
func TestPagesEscape(t *testing.T) {
	m := newMirror(t, map[int][]byte{1: []byte(evilBook), 2: []byte(otherBook)})
	lib := &corpus.Library{Store: corpus.NewStore(filepath.Join(t.TempDir(), "corpus")), Client: fetch.New(fetch.Options{Retries: 1}), Mirror: m.URL}
	srv, err := serve.New(serve.Config{Library: lib, Addr: addr, Plots: fakePlots{}})
	if err != nil {
		t.Fatal(err)
	}
	s := &site{t: t, h: srv.Handler(), mirror: m}
	// Without the page's script the form posts here, and the book opens.
	w := s.do("POST", "/books", "id=1", nil)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/books/1" {
		t.Fatalf("POST /books id=1: %d %v", w.Code, w.Header())
	}
	s.add(2)
	for _, c := range []struct {
		target string
		shows  []string
	}{
		{"/", []string{"&lt;script&gt;alert(1)&lt;/script&gt; Whales", "A. &lt;b&gt;Bold&lt;/b&gt;", `href="/books/2"`}},
		{"/books/1", []string{"<h1 id=\"title\">&lt;script&gt;alert(1)&lt;/script&gt; Whales</h1>", fmt.Sprintf(`<td class="n" id="tokens">%d</td>`, len(refTokens(evilBook))), `src="/books/1/zipf.svg"`, "whale</a>"}},
		{"/books/1?stop=en", []string{"Without stop words", "whale</a>"}},
		{"/books/1/kwic?word=sea", []string{"4 occurrences of “sea”", "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"}},
		{"/books/1/kwic?word=%3Cscript%3E", []string{"0 occurrences of “&lt;script&gt;”"}},
		{"/books/1/where?word=whale&word=sperm+whale", []string{`src="/books/1/where.svg?word=whale&amp;word=sperm&#43;whale"`, "sperm whale</a>"}},
		{"/books/1/collocations?word=whale", []string{"Sperm Whale</a>", "sea</a>"}},
		{"/compare?a=1&b=2", []string{"More in &lt;script&gt;alert(1)&lt;/script&gt; Whales", "whale"}},
		{"/compare", []string{`<option value="2">2 Pride</option>`}},
	} {
		w := s.get(c.target)
		body := w.Body.String()
		if w.Code != 200 || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("GET %s: %d %s", c.target, w.Code, w.Header().Get("Content-Type"))
			continue
		}
		if n := strings.Count(strings.ToLower(body), "<script"); n != 1 || !strings.Contains(body, `<script src="/static/site.js" defer></script>`) {
			t.Errorf("GET %s: %d scripts; want the site's alone:\n%s", c.target, n, body)
		}
		for _, want := range c.shows {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s lacks %q:\n%s", c.target, want, body)
			}
		}
	}
	for _, target := range []string{"/books/1/zipf.svg", "/books/1/where.svg?word=whale&word=%3Cb%3E"} {
		w := s.get(target)
		if w.Code != 200 || w.Header().Get("Content-Type") != "image/svg+xml" || w.Header().Get("Content-Security-Policy") != "default-src 'none'; style-src 'unsafe-inline'" {
			t.Errorf("GET %s: %d %v", target, w.Code, w.Header())
		}
	}
	for target, code := range map[string]int{"/books/9": 404, "/books/x": 404, "/books/1/where.svg": 400, "/nowhere": 404, "/static/style.css": 200, "/static/site.js": 200} {
		if w := s.get(target); w.Code != code {
			t.Errorf("GET %s: %d; want %d", target, w.Code, code)
		}
	}
	if w := s.get("/books/9"); !strings.Contains(w.Body.String(), "not in the corpus") {
		t.Errorf("GET /books/9: %s", w.Body)
	}
}

// The corpus page searches the catalog, fetched from the mirror once.
func TestCatalogSearch(t *testing.T) {
	cat, err := os.ReadFile("../../testdata/sample/pg_catalog-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	var catalogs atomic.Int64
	m := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != corpus.CatalogPath {
			http.NotFound(w, r)
			return
		}
		catalogs.Add(1)
		w.Header().Set("Content-Type", "text/csv")
		w.Write(cat)
	}))
	defer m.Close()
	lib := &corpus.Library{Store: corpus.NewStore(t.TempDir()), Client: fetch.New(fetch.Options{Retries: 1}), Mirror: m.URL}
	srv, err := serve.New(serve.Config{Library: lib, Addr: addr})
	if err != nil {
		t.Fatal(err)
	}
	s := &site{t: t, h: srv.Handler()}
	for _, q := range []string{"melville", "Melville"} {
		body := s.get("/?q=" + q).Body.String()
		if !strings.Contains(body, "<td>Moby-Dick; or, The Whale</td>") || !strings.Contains(body, `<input type="hidden" name="id" value="15">`) {
			t.Errorf("GET /?q=%s:\n%s", q, body)
		}
	}
	if body := s.get("/?q=%3Cscript%3E").Body.String(); !strings.Contains(body, "No book of the catalog matches “&lt;script&gt;”") {
		t.Errorf("GET /?q=<script>:\n%s", body)
	}
	if n := catalogs.Load(); n != 1 {
		t.Errorf("the catalog was fetched %d times; want once", n)
	}
}
