package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/colloc"
	"github.com/gutcount/gutcount/count/stats"
	"github.com/gutcount/gutcount/count/stop"
	"github.com/gutcount/gutcount/count/table"
)

// httpError is a failure told to the client with its status.
type httpError struct {
	code int
	msg  string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// routes registers the API and the pages.
func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /api/books", s.api(s.apiBooks))
	m.HandleFunc("POST /api/books", s.api(s.apiAddBook))
	m.HandleFunc("GET /api/books/{id}", s.api(s.apiBook))
	m.HandleFunc("GET /api/books/{id}/freq", s.api(s.apiFreq))
	m.HandleFunc("GET /api/books/{id}/kwic", s.api(s.apiKwic))
	m.HandleFunc("GET /api/books/{id}/where", s.api(s.apiWhere))
	m.HandleFunc("GET /api/books/{id}/collocations", s.api(s.apiCollocations))
	m.HandleFunc("GET /api/books/{id}/similar", s.api(s.apiSimilar))
	m.HandleFunc("GET /api/books/{id}/contexts", s.api(s.apiContexts))
	m.HandleFunc("GET /api/compare", s.api(s.apiCompare))
	s.pageRoutes(m)
	s.mux = m
}

// api turns a handler's error into its status and a JSON {"error"}.
func (s *Server) api(h func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			code, msg := status(err)
			s.fail(w, r, code, msg)
		}
	}
}

// status is the HTTP status and message of a handler's error.
func status(err error) (int, string) {
	var he *httpError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &he):
		return he.code, he.msg
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge, "request body too large"
	case isNotStored(err):
		return http.StatusNotFound, "the book is not in the corpus: add it first"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "request cancelled"
	}
	return http.StatusInternalServerError, err.Error()
}

// fail answers with an error: JSON for the API, plain text elsewhere.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, code int, msg string) {
	if s.cfg.Log != nil {
		fmt.Fprintf(s.cfg.Log, "gutcount serve: %s %s: %d %s\n", r.Method, echo(r.URL.Path), code, msg)
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(map[string]string{"error": msg})
		return
	}
	s.errorPage(w, code, msg)
}

// compute runs fn on the book of the request's {id} with a worker's
// token held.
func (s *Server) compute(r *http.Request, fn func(b *book) error) error {
	v := r.PathValue("id")
	if v == "" || strings.Trim(v, "0123456789") != "" {
		return &httpError{http.StatusNotFound, "a book is a Gutenberg ID: digits"}
	}
	id, err := parseID(v)
	if err != nil {
		return err
	}
	return s.computeIDs(r.Context(), []int{id}, func(bs []*book) error { return fn(bs[0]) })
}

func (s *Server) computeIDs(ctx context.Context, ids []int, fn func(bs []*book) error) error {
	if err := s.acquire(ctx); err != nil {
		return err
	}
	defer s.release()
	bs := make([]*book, len(ids))
	for i, id := range ids {
		b, err := s.books.get(ctx, id)
		if err != nil {
			return err
		}
		bs[i] = b
	}
	return fn(bs)
}

// params reads the query parameters the tools share.
type params struct {
	r *http.Request
}

// norm is norm=n|i|p (the command line's -n, -i, -p); none when absent.
func (p params) norm() (count.Options, error) {
	switch v := p.r.URL.Query().Get("norm"); v {
	case "":
		return count.Options{}, nil
	case "i":
		return count.Options{IgnoreCase: true}, nil
	case "p":
		return count.Options{StripPunct: true}, nil
	case "n":
		return count.Options{IgnoreCase: true, StripPunct: true}, nil
	default:
		return count.Options{}, badRequest("norm=%s: want n, i or p", echo(v))
	}
}

// stop is stop=LANG, a language's list (never a file), normalised by o;
// def when absent; "none" is none.
func (p params) stop(def string, o count.Options) (*stop.List, error) {
	v := p.r.URL.Query().Get("stop")
	if v == "" {
		v = def
	}
	if v == "" || v == "none" {
		return nil, nil
	}
	l, err := stop.Lang(v)
	if err != nil {
		return nil, badRequest("stop=%s: want one of %s, or none", echo(v), strings.Join(stop.Languages(), ", "))
	}
	return l.Normalized(o), nil
}

// int is a number parameter from lo to hi, def when absent.
func (p params) int(name string, def, lo, hi int) (int, error) {
	v := p.r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badRequest("%s=%s: want a number from %d to %d", name, echo(v), lo, hi)
	}
	return n, nil
}

// words are the word=W parameters, normalised by o; at least one.
func (p params) words(o count.Options) ([]string, []count.Phrase, error) {
	var words []string
	var phrases []count.Phrase
	for _, w := range p.r.URL.Query()["word"] {
		w = strings.Join(strings.Fields(w), " ")
		if w == "" {
			continue
		}
		ph := count.ParsePhrase(w, o)
		if len(ph) == 0 {
			return nil, nil, badRequest("word %s is empty after normalisation", echo(w))
		}
		words, phrases = append(words, w), append(phrases, ph)
	}
	if len(words) == 0 {
		return nil, nil, badRequest("give a word: word=W")
	}
	if len(words) > 20 {
		return nil, nil, badRequest("at most 20 words")
	}
	return words, phrases, nil
}

// writeJSON writes v as the command line's json format does.
func writeJSON(w http.ResponseWriter, v any) error {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeRecords writes records as the command line's json format does: an
// array with an object a line.
func writeRecords[T any](w http.ResponseWriter, recs []T) error {
	w.Header().Set("Content-Type", "application/json")
	bw := bufio.NewWriterSize(w, 64<<10)
	table.WriteJSONRecords(bw, "json", len(recs), func(buf []byte, i int) []byte {
		j, _ := json.Marshal(recs[i])
		return append(buf, j...)
	})
	return bw.Flush()
}

func (s *Server) apiBooks(w http.ResponseWriter, r *http.Request) error {
	rows, err := corpus.List(s.cfg.Library.Store)
	if err != nil {
		return err
	}
	if rows == nil {
		rows = []corpus.Listed{}
	}
	return writeJSON(w, rows)
}

// BookInfo is a book's page in numbers: /api/books/{id}.
type BookInfo struct {
	ID       int         `json:"id"`
	Title    string      `json:"title"`
	Author   string      `json:"author"`
	Language string      `json:"language"`
	Stats    stats.Stats `json:"stats"`
}

func (s *Server) apiBook(w http.ResponseWriter, r *http.Request) error {
	o, err := params{r}.norm()
	if err != nil {
		return err
	}
	var info BookInfo
	err = s.compute(r, func(b *book) error {
		info = BookInfo{b.ID, b.Title(), b.Entry.Author, b.Entry.Language, stats.Summarize(b.freq(o))}
		return nil
	})
	if err != nil {
		return err
	}
	return writeJSON(w, info)
}

// freqRows is freq --top --stop under o.
func freqRows(b *book, o count.Options, top int, stops *stop.List) []count.Row {
	rows := b.freq(o)
	if stops != nil {
		rows = stops.Drop(append([]count.Row(nil), rows...))
	}
	if top > 0 && len(rows) > top {
		rows = rows[:top]
	}
	return rows
}

func (s *Server) apiFreq(w http.ResponseWriter, r *http.Request) error {
	p := params{r}
	o, err := p.norm()
	if err != nil {
		return err
	}
	top, err := p.int("top", 0, 0, 1<<30)
	if err != nil {
		return err
	}
	stops, err := p.stop("", o)
	if err != nil {
		return err
	}
	var rows []count.Row
	if err := s.compute(r, func(b *book) error { rows = freqRows(b, o, top, stops); return nil }); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	return table.WriteRows(w, "json", rows)
}

// maxWidth is kwic's widest context.
const maxWidth = 1000

// kwic finds the lines of a word in a book.
func kwic(b *book, ph count.Phrase, o count.Options, width int) ([]table.KwicLine, error) {
	o.Workers = 1
	f := &count.Finder{Phrases: []count.Phrase{ph}, Options: o, Width: width, Index: true}
	src := strconv.Itoa(b.ID)
	var lines []table.KwicLine
	_, err := f.Bytes(b.Text, func(m count.Match) error {
		lines = append(lines, table.KwicLine{Source: src, Index: m.Index, Left: m.Left, Token: m.Text, Right: m.Right})
		return nil
	})
	return lines, err
}

func (s *Server) apiKwic(w http.ResponseWriter, r *http.Request) error {
	p := params{r}
	o, err := p.norm()
	if err != nil {
		return err
	}
	width, err := p.int("width", 40, 1, maxWidth)
	if err != nil {
		return err
	}
	_, phrases, err := p.words(o)
	if err != nil {
		return err
	}
	var lines []table.KwicLine
	if err := s.compute(r, func(b *book) error { lines, err = b.kwic(phrases[0], o, width); return err }); err != nil {
		return err
	}
	return writeRecords(w, lines)
}

// Where is where --format json: the token indices of each word.
type Where struct {
	Source string      `json:"source"`
	Title  string      `json:"title,omitempty"`
	Tokens int64       `json:"tokens"`
	Words  []WhereWord `json:"words"`
}

// WhereWord is a word's occurrences in Where.
type WhereWord struct {
	Word    string  `json:"word"`
	Count   int64   `json:"count"`
	Indices []int64 `json:"indices"`
}

func where(b *book, words []string, phrases []count.Phrase, o count.Options) (*Where, error) {
	o.Workers = 1
	wh := &Where{Source: strconv.Itoa(b.ID), Title: b.Entry.Title}
	for _, w := range words {
		wh.Words = append(wh.Words, WhereWord{Word: w, Indices: []int64{}})
	}
	tokens, err := (&count.Finder{Phrases: phrases, Options: o, Index: true}).Bytes(b.Text, func(m count.Match) error {
		ww := &wh.Words[m.Phrase]
		ww.Indices = append(ww.Indices, m.Index)
		ww.Count++
		return nil
	})
	wh.Tokens = tokens
	return wh, err
}

func (s *Server) apiWhere(w http.ResponseWriter, r *http.Request) error {
	p := params{r}
	o, err := p.norm()
	if err != nil {
		return err
	}
	words, phrases, err := p.words(o)
	if err != nil {
		return err
	}
	var wh *Where
	if err := s.compute(r, func(b *book) error { wh, err = where(b, words, phrases, o); return err }); err != nil {
		return err
	}
	return writeJSON(w, wh)
}

// collocationParams are collocations' parameters: top, window, min, stop
// (default en), norm.
func collocationParams(r *http.Request) (count.Options, colloc.CollocationOptions, error) {
	p := params{r}
	o, err := p.norm()
	if err != nil {
		return o, colloc.CollocationOptions{}, err
	}
	top, err := p.int("top", 20, 0, 1<<20)
	if err != nil {
		return o, colloc.CollocationOptions{}, err
	}
	window, err := p.int("window", 2, 2, 20)
	if err != nil {
		return o, colloc.CollocationOptions{}, err
	}
	least, err := p.int("min", 2, 0, 1<<30)
	if err != nil {
		return o, colloc.CollocationOptions{}, err
	}
	stops, err := p.stop("en", count.Options{IgnoreCase: true})
	return o, colloc.CollocationOptions{Window: window, Min: int64(least), Stop: stops, Top: top}, err
}

func (s *Server) apiCollocations(w http.ResponseWriter, r *http.Request) error {
	o, co, err := collocationParams(r)
	if err != nil {
		return err
	}
	var rows []colloc.Collocation
	err = s.compute(r, func(b *book) error { rows, err = b.tokens(o).Collocations(co); return err })
	if err != nil {
		return err
	}
	return writeRecords(w, rows)
}

// noRows is err of similar or contexts, nil when the book lacks a word:
// that is an empty list (200), as kwic's; 404 is for a book not in the
// corpus.
func noRows(err error) error {
	if errors.Is(err, colloc.ErrNotFound) {
		return nil
	}
	return err
}

// wordTool reads the parameters of similar and contexts: norm, top
// (default 20) and the words, as given (the tools lowercase them).
func wordTool(r *http.Request) (o count.Options, top int, words []string, err error) {
	p := params{r}
	if o, err = p.norm(); err != nil {
		return
	}
	if top, err = p.int("top", 20, 0, 1<<20); err != nil {
		return
	}
	words, _, err = p.words(count.Options{})
	return
}

func (s *Server) apiSimilar(w http.ResponseWriter, r *http.Request) error {
	o, top, words, err := wordTool(r)
	if err != nil {
		return err
	}
	var rows []colloc.Similar
	err = s.compute(r, func(b *book) error { rows, err = b.tokens(o).Similar(words[0], top); return err })
	if err = noRows(err); err != nil {
		return err
	}
	return writeRecords(w, rows)
}

func (s *Server) apiContexts(w http.ResponseWriter, r *http.Request) error {
	o, top, words, err := wordTool(r)
	if err != nil {
		return err
	}
	var rows []colloc.ContextRow
	err = s.compute(r, func(b *book) error {
		cs, err := b.tokens(o).Contexts(words)
		rows = colloc.Rows(cs, top)
		return err
	})
	if err = noRows(err); err != nil {
		return err
	}
	return writeRecords(w, rows)
}

// compareRows is compare's table: the words overused in a, then (both)
// those in b, top on each side.
func compareRows(a, b *book, o count.Options, stops *stop.List, top int, both bool) []stats.KeyRow {
	ra, rb := freqRows(a, o, 0, stops), freqRows(b, o, 0, stops)
	overA, overB := stats.Keyness(ra, rb)
	return stats.KeyRows(overA, overB, top, 0, both)
}

func (s *Server) apiCompare(w http.ResponseWriter, r *http.Request) error {
	p := params{r}
	q := r.URL.Query()
	a, errA := parseID(q.Get("a"))
	b, errB := parseID(q.Get("b"))
	if errA != nil {
		return badRequest("give two books by ID: a=N&b=M (a=%v)", errA)
	}
	if errB != nil {
		return badRequest("give two books by ID: a=N&b=M (b=%v)", errB)
	}
	o, err := p.norm()
	if err != nil {
		return err
	}
	top, err := p.int("top", 0, 0, 1<<30)
	if err != nil {
		return err
	}
	stops, err := p.stop("", o)
	if err != nil {
		return err
	}
	both := q.Get("both") == "1" || q.Get("both") == "true"
	var rows []stats.KeyRow
	err = s.computeIDs(r.Context(), []int{a, b}, func(bs []*book) error {
		rows = compareRows(bs[0], bs[1], o, stops, top, both)
		return nil
	})
	if err != nil {
		return err
	}
	return writeRecords(w, rows)
}

// addBook fetches book id into the store (one download at a time, with
// the Library's retries and politeness) and returns its row.
func (s *Server) addBook(ctx context.Context, id int) (corpus.Listed, error) {
	select {
	case s.fetches <- struct{}{}:
	case <-ctx.Done():
		return corpus.Listed{}, ctx.Err()
	}
	defer func() { <-s.fetches }()
	lib := *s.cfg.Library
	lib.NoCache = false
	e, err := lib.Get(ctx, lib.Store, corpus.Source{Kind: corpus.ID, ID: id, Arg: strconv.Itoa(id)})
	if err != nil {
		return corpus.Listed{}, &httpError{http.StatusBadGateway, "book " + strconv.Itoa(id) + ": " + err.Error()}
	}
	return corpus.Listed{Entry: e, Status: "ok"}, nil
}

func (s *Server) apiAddBook(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	id, err := parseID(r.PostForm.Get("id"))
	if err != nil {
		return badRequest("id=%v", err)
	}
	row, err := s.addBook(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	return json.NewEncoder(w).Encode(row)
}
