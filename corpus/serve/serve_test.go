package serve_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/serve"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/colloc"
	"github.com/gutcount/gutcount/count/stats"
	"github.com/gutcount/gutcount/count/table"
	"github.com/gutcount/gutcount/fetch"
)

const addr = "127.0.0.1:8080"

// A made-up book whose title and words hold markup, to be shown as text.
const evilBook = `The Project Gutenberg eBook of <script>alert(1)</script> Whales

Title: <script>alert(1)</script> Whales

Author: A. <b>Bold</b>

Release Date: June 1, 2001 [eBook #1]

Language: English

*** START OF THE PROJECT GUTENBERG EBOOK WHALES ***

The whale, the great whale! A whale is a fish, said Ishmael; the whale
is no fish, said the sea. <script>alert("x")</script> The sea and the ship
and the whale. The great ship sailed; the great whale swam. Sperm Whale,
Sperm Whale, and Sperm Whale again: the sea, the sea.

*** END OF THE PROJECT GUTENBERG EBOOK WHALES ***
`

const otherBook = `Title: Pride

Release Date: June 1, 2001 [eBook #2]

*** START OF THE PROJECT GUTENBERG EBOOK PRIDE ***

It is a truth universally acknowledged, that a single man in possession
of a good fortune, must be in want of a wife. The sea is far from here.

*** END OF THE PROJECT GUTENBERG EBOOK PRIDE ***
`

// mirror serves books laid out as gutenberg.org does, and counts the
// requests.
type mirror struct {
	*httptest.Server
	books    map[int][]byte
	requests atomic.Int64
}

func newMirror(t testing.TB, books map[int][]byte) *mirror {
	m := &mirror{books: books}
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.requests.Add(1)
		var id int
		if _, err := fmt.Sscanf(r.URL.Path, "/cache/epub/%d/", &id); err != nil || m.books[id] == nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(m.books[id])
	}))
	t.Cleanup(m.Close)
	return m
}

// site is a Server over a fresh store, fed by a mirror.
type site struct {
	t      testing.TB
	h      http.Handler
	mirror *mirror
	store  string
}

func newSite(t testing.TB, books map[int][]byte) *site {
	m := newMirror(t, books)
	dir := t.TempDir()
	lib := &corpus.Library{
		Store:  corpus.NewStore(filepath.Join(dir, "corpus")),
		Client: fetch.New(fetch.Options{Retries: 1}),
		Mirror: m.URL,
	}
	s, err := serve.New(serve.Config{Library: lib, Addr: addr, Names: []string{"classroom.example"}})
	if err != nil {
		t.Fatal(err)
	}
	return &site{t: t, h: s.Handler(), mirror: m, store: filepath.Join(dir, "corpus")}
}

// do sends a request as a browser on the page would.
func (s *site) do(method, target string, body string, header map[string]string) *httptest.ResponseRecorder {
	s.t.Helper()
	var r *http.Request
	if body != "" {
		r = httptest.NewRequest(method, target, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	r.Host = addr
	if method == http.MethodPost {
		r.Header.Set("Origin", "http://"+addr)
	}
	for k, v := range header {
		if k == "Host" {
			r.Host = v
			continue
		}
		if v == "" {
			r.Header.Del(k)
			continue
		}
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, r)
	return w
}

func (s *site) get(target string) *httptest.ResponseRecorder { return s.do("GET", target, "", nil) }

func (s *site) add(id int) {
	s.t.Helper()
	if w := s.do("POST", "/api/books", "id="+fmt.Sprint(id), nil); w.Code != http.StatusCreated {
		s.t.Fatalf("POST /api/books id=%d: %d %s", id, w.Code, w.Body)
	}
}

func decode[T any](t testing.TB, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("%v: %s", err, w.Body)
	}
	return v
}

// refTokens are the -n tokens of the body of a book: the reference.
func refTokens(book string) []string {
	_, body, _ := strings.Cut(book, "***\n")
	body, _, _ = strings.Cut(body, "*** END")
	var out []string
	for _, f := range strings.FieldsFunc(body, unicode.IsSpace) {
		f = strings.ToLower(strings.TrimFunc(f, unicode.IsPunct))
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

func TestAPI(t *testing.T) {
	s := newSite(t, map[int][]byte{1: []byte(evilBook), 2: []byte(otherBook)})
	if got := decode[[]map[string]any](t, s.get("/api/books")); len(got) != 0 {
		t.Fatalf("GET /api/books of an empty corpus = %v", got)
	}
	s.add(1)
	s.add(2)
	books := decode[[]map[string]any](t, s.get("/api/books"))
	if len(books) != 2 || books[0]["gutenberg_id"] != 1.0 || books[0]["title"] != "<script>alert(1)</script> Whales" || books[0]["status"] != "ok" {
		t.Fatalf("GET /api/books = %v", books)
	}

	// freq: against the reference counts.
	ref := map[string]int64{}
	for _, w := range refTokens(evilBook) {
		ref[w]++
	}
	rows := decode[[]count.Row](t, s.get("/api/books/1/freq?norm=n&top=3"))
	if len(rows) != 3 || rows[0] != (count.Row{Word: "the", Count: ref["the"]}) || rows[1] != (count.Row{Word: "whale", Count: ref["whale"]}) {
		t.Errorf("freq?norm=n&top=3 = %v; want the %d, whale %d", rows, ref["the"], ref["whale"])
	}
	rows = decode[[]count.Row](t, s.get("/api/books/1/freq?norm=n&stop=en&top=1"))
	if len(rows) != 1 || rows[0].Word != "whale" {
		t.Errorf("freq?stop=en&top=1 = %v; want whale", rows)
	}

	// kwic: a line per occurrence, at the reference's token indices.
	lines := decode[[]table.KwicLine](t, s.get("/api/books/1/kwic?word=whale&norm=n&width=10"))
	var at []int64
	for i, w := range refTokens(evilBook) {
		if w == "whale" {
			at = append(at, int64(i))
		}
	}
	if len(lines) != len(at) {
		t.Fatalf("kwic?word=whale = %d lines; want %d", len(lines), len(at))
	}
	for i, l := range lines {
		if l.Index != at[i] || l.Source != "1" || !strings.EqualFold(strings.Trim(l.Token, ",!.:;"), "whale") || len([]rune(l.Left)) > 10 {
			t.Errorf("kwic line %d = %+v; want index %d", i, l, at[i])
		}
	}

	wh := decode[serve.Where](t, s.get("/api/books/1/where?word=whale&word=sperm+whale&norm=n"))
	if wh.Tokens != int64(len(refTokens(evilBook))) || len(wh.Words) != 2 || !slices.Equal(wh.Words[0].Indices, at) || wh.Words[1].Count != 3 {
		t.Errorf("where = %+v; want whale at %v, sperm whale 3 times", wh, at)
	}

	co := decode[[]struct {
		Words []string `json:"words"`
		Count int64    `json:"count"`
	}](t, s.get("/api/books/1/collocations?norm=p"))
	if len(co) == 0 || co[0].Words[0] != "Sperm" || co[0].Words[1] != "Whale" || co[0].Count != 3 {
		t.Errorf("collocations = %v; want Sperm Whale 3 first", co)
	}
	sim := decode[[]map[string]any](t, s.get("/api/books/1/similar?word=whale&norm=p"))
	if len(sim) == 0 || sim[0]["word"] != "sea" {
		t.Errorf("similar?word=whale = %v; want sea first", sim)
	}
	ctx := decode[[]colloc.ContextRow](t, s.get("/api/books/1/contexts?word=whale&word=sea&norm=p"))
	if len(ctx) != 1 || ctx[0] != (colloc.ContextRow{Context: "the_the", Count: 3}) {
		t.Errorf("contexts?word=whale&word=sea = %v; want the_the 3 (hand-counted)", ctx)
	}
	// A word the book lacks is an empty list, as kwic's (404 is for a
	// book not in the corpus).
	for _, tool := range []string{"similar", "contexts", "kwic"} {
		if w := s.get("/api/books/1/" + tool + "?word=zebra"); w.Code != http.StatusOK || strings.TrimSpace(w.Body.String()) != "[]" {
			t.Errorf("%s?word=zebra: %d %s; want 200 []", tool, w.Code, w.Body)
		}
	}
	keys := decode[[]stats.KeyRow](t, s.get("/api/compare?a=1&b=2&norm=n&top=1&both=1"))
	if len(keys) != 2 || keys[0].Word != "whale" || keys[0].Overused != "A" || keys[1].Overused != "B" {
		t.Errorf("compare = %+v; want whale for A, then a word of B", keys)
	}
	info := decode[serve.BookInfo](t, s.get("/api/books/1?norm=n"))
	if info.Stats.Tokens != int64(len(refTokens(evilBook))) || info.Stats.Distinct != len(ref) || info.Author != "A. <b>Bold</b>" {
		t.Errorf("book = %+v; want %d tokens, %d distinct", info, len(refTokens(evilBook)), len(ref))
	}
}

// An ID of digits out of range is told as such, not as "not digits"; a
// long value a client sent is echoed cut to its first 100 bytes.
func TestIDAndEchoErrors(t *testing.T) {
	s := newSite(t, map[int][]byte{1: []byte(evilBook)})
	s.add(1)
	for _, c := range []struct {
		method, target, body string
		want                 string
	}{
		{"POST", "/api/books", "id=99999999999999999999999", `no such Gutenberg ID \"99999999999999999999999\"`},
		{"POST", "/api/books", "id=0", `no such Gutenberg ID \"0\"`},
		{"POST", "/api/books", "id=12a", "a Gutenberg ID is digits"},
		{"GET", "/api/books/0", "", `no such Gutenberg ID \"0\"`},
		{"GET", "/api/books/99999999999999999999999/kwic?word=a", "", "no such Gutenberg ID"},
		{"GET", "/api/compare?a=1&b=0", "", "no such Gutenberg ID"},
	} {
		w := s.do(c.method, c.target, c.body, nil)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), c.want) {
			t.Errorf("%s %s %s: %d %s; want 400 and %q", c.method, c.target, c.body, w.Code, w.Body, c.want)
		}
	}
	long := strings.Repeat("-", 15<<10)
	w := s.get("/api/books/1/kwic?norm=p&word=" + long)
	if w.Code != http.StatusBadRequest || w.Body.Len() > 300 || !strings.Contains(w.Body.String(), strings.Repeat("-", 100)+`\"... (15360 bytes)`) {
		t.Errorf("a 15 KB word: %d, %d bytes: %.400s; want 400 and its first 100 bytes", w.Code, w.Body.Len(), w.Body)
	}
}

// The safety rules: host, origin, IDs, bodies, parameters.
func TestSafety(t *testing.T) {
	s := newSite(t, map[int][]byte{1: []byte(evilBook)})
	s.add(1)
	for _, c := range []struct {
		name   string
		method string
		target string
		body   string
		header map[string]string
		want   int
	}{
		{"own host", "GET", "/api/books", "", nil, 200},
		{"localhost", "GET", "/api/books", "", map[string]string{"Host": "localhost:8080"}, 200},
		{"rebinding", "GET", "/api/books", "", map[string]string{"Host": "evil.example:8080"}, 403},
		{"other port", "GET", "/api/books", "", map[string]string{"Host": "127.0.0.1:9090"}, 403},
		{"no port", "GET", "/api/books", "", map[string]string{"Host": "evil.example"}, 403},
		{"ipv6 loopback", "GET", "/api/books", "", map[string]string{"Host": "[::1]:8080"}, 200},
		{"other ip", "GET", "/api/books", "", map[string]string{"Host": "10.0.0.1:8080"}, 403},
		{"given name", "GET", "/api/books", "", map[string]string{"Host": "Classroom.example:8080"}, 200},
		{"cross-origin post", "POST", "/api/books", "id=1", map[string]string{"Origin": "http://evil.example"}, 403},
		{"other port origin", "POST", "/api/books", "id=1", map[string]string{"Origin": "http://127.0.0.1:9090"}, 403},
		{"cross-site fetch", "POST", "/api/books", "id=1", map[string]string{"Origin": "", "Sec-Fetch-Site": "cross-site"}, 403},
		{"same-origin post", "POST", "/api/books", "id=1", nil, 201},
		{"big body", "POST", "/api/books", "id=1&pad=" + strings.Repeat("x", 8<<10), nil, 413},
		{"path in id", "POST", "/api/books", "id=../../etc/passwd", nil, 400},
		{"negative id", "POST", "/api/books", "id=-1", nil, 400},
		{"path id", "GET", "/api/books/..%2f..%2fetc/freq", "", nil, 404},
		{"letters id", "GET", "/api/books/abc/freq", "", nil, 404},
		{"huge id", "GET", "/api/books/99999999999999999999/freq", "", nil, 400},
		{"zero id", "GET", "/api/books/0/freq", "", nil, 400},
		{"not stored", "GET", "/api/books/7/freq", "", nil, 404},
		{"stop file", "GET", "/api/books/1/freq?stop=/etc/passwd", "", nil, 400},
		{"bad norm", "GET", "/api/books/1/freq?norm=x", "", nil, 400},
		{"bad width", "GET", "/api/books/1/kwic?word=a&width=100000", "", nil, 400},
		{"no word", "GET", "/api/books/1/kwic", "", nil, 400},
		{"compare path", "GET", "/api/compare?a=1&b=../2", "", nil, 400},
	} {
		before := s.mirror.requests.Load()
		w := s.do(c.method, c.target, c.body, c.header)
		if w.Code != c.want {
			t.Errorf("%s: %s %s: %d %s; want %d", c.name, c.method, c.target, w.Code, w.Body, c.want)
		}
		if c.want != 201 && s.mirror.requests.Load() != before {
			t.Errorf("%s: the mirror was asked for something", c.name)
		}
		if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: Content-Security-Policy %q", c.name, csp)
		}
	}
	// Nothing was written outside the store: the temp dir holds the
	// store alone.
	ents, _ := os.ReadDir(filepath.Dir(s.store))
	if len(ents) != 1 || ents[0].Name() != "corpus" {
		t.Errorf("beside the store: %v", ents)
	}
}

// 200 kwic requests at once on Moby Dick over HTTP: all answer 200 with
// the same lines, while at most Workers compute.
func TestKwicUnderLoad(t *testing.T) {
	moby, err := os.ReadFile("../../../shared/corpus/books/pg2701-moby-dick-modern.txt")
	if err != nil {
		t.Skipf("shared corpus absent: %v", err)
	}
	m := newMirror(t, map[int][]byte{2701: moby})
	lib := &corpus.Library{Store: corpus.NewStore(t.TempDir()), Client: fetch.New(fetch.Options{Retries: 1}), Mirror: m.URL}
	ts := httptest.NewUnstartedServer(nil)
	s, err := serve.New(serve.Config{Library: lib, Addr: ts.Listener.Addr().String(), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = s.Handler()
	ts.Start()
	defer ts.Close()
	resp, err := http.PostForm(ts.URL+"/api/books", url.Values{"id": {"2701"}})
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("adding Moby Dick: %v %v", err, resp)
	}
	resp.Body.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 200}}
	var wg sync.WaitGroup
	bodies := make([]string, 200)
	codes := make([]int, 200)
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := client.Get(ts.URL + "/api/books/2701/kwic?word=whale&norm=n")
			if err != nil {
				t.Error(err)
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			codes[i], bodies[i] = resp.StatusCode, string(b)
		}()
	}
	wg.Wait()
	var lines []table.KwicLine
	if err := json.Unmarshal([]byte(bodies[0]), &lines); err != nil {
		t.Fatal(err)
	}
	// count -n whale 2701 finds 961 (the README): the same lines here.
	if len(lines) != 961 {
		t.Errorf("kwic whale: %d lines; want 961", len(lines))
	}
	for i := range 200 {
		if codes[i] != 200 || bodies[i] != bodies[0] {
			t.Fatalf("request %d: %d, %d bytes; want 200 and the same lines", i, codes[i], len(bodies[i]))
		}
	}
}

// A book asked for again is the one opened the first time: with its file
// gone from the store it still answers, the same.
func TestBookKeptOpened(t *testing.T) {
	s := newSite(t, map[int][]byte{1: []byte(evilBook)})
	s.add(1)
	first := s.get("/api/books/1/kwic?word=whale&norm=n").Body.String()
	books, err := filepath.Glob(filepath.Join(s.store, "books", "*.txt"))
	if err != nil || len(books) != 1 {
		t.Fatalf("the store holds %v (%v)", books, err)
	}
	if err := os.Remove(books[0]); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/api/books/1/kwic?word=whale&norm=n", "/api/books/1/kwic?word=sea&norm=n", "/api/books/1/freq"} {
		w := s.get(target)
		if w.Code != 200 {
			t.Errorf("GET %s with the file gone: %d %s", target, w.Code, w.Body)
		}
		if strings.Contains(target, "whale") && w.Body.String() != first {
			t.Errorf("GET %s: another answer the second time", target)
		}
	}
}

// A client holding a connection open (headers unfinished) does not keep
// the server up once its context is done: Serve closes every connection
// after Config.Grace, and returns.
func TestServeStopsWithHeldConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lib := &corpus.Library{Store: corpus.NewStore(filepath.Join(t.TempDir(), "corpus"))}
	s, err := serve.New(serve.Config{Library: lib, Addr: ln.Addr().String(), Grace: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	// A first request answered: the server is up and reads this
	// connection; the second is left unfinished.
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET /api/books HTTP/1.1\r\nHost: %s\r\n\r\n", ln.Addr())
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	fmt.Fprintf(c, "GET /api/books HTTP/1.1\r\nHo")
	c2, err := net.Dial("tcp", ln.Addr().String()) // a new one, headers unfinished
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	fmt.Fprintf(c2, "GET /api/books HTTP/1.1\r\nHo")
	cancel()
	if err := <-served; !errors.Is(err, context.Canceled) {
		t.Errorf("Serve = %v; want context.Canceled", err)
	}
	// Both connections are closed by the server: a read ends, at EOF or
	// reset (the deadline only keeps a broken server from hanging the
	// test).
	c.SetReadDeadline(time.Now().Add(time.Minute))
	c2.SetReadDeadline(time.Now().Add(time.Minute))
	for _, r := range []io.Reader{br, c2} {
		if _, err := io.Copy(io.Discard, r); errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("a held connection was not closed: %v", err)
		}
	}
}
