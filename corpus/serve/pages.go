package serve

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/colloc"
	"github.com/gutcount/gutcount/count/stats"
	"github.com/gutcount/gutcount/count/stop"
	"github.com/gutcount/gutcount/count/table"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

var funcs = template.FuncMap{
	"inc":  func(i int) int { return i + 1 },
	"join": strings.Join,
	"kib": func(n int64) string {
		if n < 1<<20 {
			return strconv.FormatInt((n+1023)>>10, 10) + " KiB"
		}
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
	},
}

// pages are the site's templates, one per page, each with the layout,
// parsed when the first page is served: every command of the program paid
// for parsing them at start-up (1.4 ms) when they were parsed at init.
var pages = sync.OnceValue(func() map[string]*template.Template {
	m := map[string]*template.Template{}
	for _, name := range []string{"corpus", "book", "kwic", "where", "collocations", "compare", "error"} {
		m[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/"+name+".html"))
	}
	return m
})

// The pages' sizes: enough to read, not so much that a browser chokes.
const (
	pageRows  = 50   // top words on a book's page
	pageLines = 1000 // kwic lines shown
	pageWords = 8    // word boxes of the dispersion page
	pageFound = 50   // catalog results
)

func (s *Server) pageRoutes(m *http.ServeMux) {
	static, _ := fs.Sub(staticFiles, "static")
	m.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	m.HandleFunc("GET /{$}", s.page(s.corpusPage))
	m.HandleFunc("POST /books", s.page(s.addPage))
	m.HandleFunc("GET /books/{id}", s.page(s.bookPage))
	m.HandleFunc("GET /books/{id}/zipf.svg", s.page(s.zipfSVG))
	m.HandleFunc("GET /books/{id}/kwic", s.page(s.kwicPage))
	m.HandleFunc("GET /books/{id}/where", s.page(s.wherePage))
	m.HandleFunc("GET /books/{id}/where.svg", s.page(s.whereSVG))
	m.HandleFunc("GET /books/{id}/collocations", s.page(s.collocationsPage))
	m.HandleFunc("GET /compare", s.page(s.comparePage))
}

// page turns a page handler's error into an error page.
func (s *Server) page(h func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			code, msg := status(err)
			s.fail(w, r, code, msg)
		}
	}
}

// view is what every page shows.
type view struct {
	Title    string
	StoreDir string
}

// render executes a page into a buffer first, so that a failure is an
// error page and not half a page.
func (s *Server) render(w http.ResponseWriter, code int, name string, data any) error {
	var b bytes.Buffer
	if err := pages()[name].ExecuteTemplate(&b, name+".html", data); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_, err := w.Write(b.Bytes())
	return err
}

func (s *Server) view(title string) view {
	return view{Title: title, StoreDir: s.cfg.Library.Store.Dir}
}

func (s *Server) errorPage(w http.ResponseWriter, code int, msg string) {
	data := struct {
		view
		Message string
	}{s.view(http.StatusText(code)), msg}
	if err := s.render(w, code, "error", data); err != nil {
		http.Error(w, msg, code)
	}
}

func (s *Server) corpusPage(w http.ResponseWriter, r *http.Request) error {
	books, err := corpus.List(s.cfg.Library.Store)
	if err != nil {
		return err
	}
	data := struct {
		view
		Books       []corpus.Listed
		Query       string
		Found       []corpus.CatalogEntry
		SearchError string
		Message     string
	}{view: s.view("The corpus"), Books: books, Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if data.Query != "" {
		entries, err := s.catalog(r.Context())
		if err != nil {
			data.SearchError = "The catalog could not be fetched: " + err.Error()
		} else {
			data.Found = corpus.Search(entries, data.Query, "")
			if len(data.Found) > pageFound {
				data.Found = data.Found[:pageFound]
			}
		}
	}
	return s.render(w, http.StatusOK, "corpus", data)
}

// addPage is the form's POST without the page's script: fetch, then open
// the book.
func (s *Server) addPage(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	id, err := parseID(r.PostForm.Get("id"))
	if err != nil {
		return err
	}
	if _, err := s.addBook(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/books/"+strconv.Itoa(id), http.StatusSeeOther)
	return nil
}

// bookView is what the pages of a book show.
type bookView struct {
	view
	Book *book
	Word string
}

func (s *Server) bookView(b *book, title string) bookView {
	return bookView{view: s.view(title + " · " + b.Title()), Book: b}
}

// pageNorm is how the pages count: -n, as a reader expects words.
var pageNorm = count.Options{IgnoreCase: true, StripPunct: true}

func (s *Server) bookPage(w http.ResponseWriter, r *http.Request) error {
	useStop := r.URL.Query().Get("stop") != ""
	var stops *stop.List
	if useStop {
		var err error
		if stops, err = (params{r}).stop("en", pageNorm); err != nil {
			return err
		}
	}
	var data struct {
		bookView
		Stats stats.Stats
		Rows  []count.Row
		Stop  bool
	}
	err := s.compute(r, func(b *book) error {
		data.bookView = s.bookView(b, "Book")
		data.Stats = stats.Summarize(b.freq(pageNorm))
		data.Rows = freqRows(b, pageNorm, pageRows, stops)
		return nil
	})
	if err != nil {
		return err
	}
	data.Stop = useStop
	data.Title = data.Book.Title()
	return s.render(w, http.StatusOK, "book", data)
}

// svg answers with a plot: an image that runs nothing even when opened
// alone.
func (s *Server) svg(w http.ResponseWriter, draw func(b *bytes.Buffer) error) error {
	if s.cfg.Plots == nil {
		return &httpError{http.StatusNotFound, "no plots in this server"}
	}
	var b bytes.Buffer
	if err := draw(&b); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	_, err := w.Write(b.Bytes())
	return err
}

func (s *Server) zipfSVG(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.Plots == nil {
		return &httpError{http.StatusNotFound, "no plots in this server"}
	}
	var plot []byte
	err := s.compute(r, func(b *book) error {
		b.mu.Lock()
		plot = b.zipf
		b.mu.Unlock()
		if plot != nil {
			return nil
		}
		var buf bytes.Buffer
		if err := s.cfg.Plots.Zipf(&buf, b.Title(), b.freq(pageNorm)); err != nil {
			return err
		}
		plot = buf.Bytes()
		b.mu.Lock()
		b.zipf = plot
		b.mu.Unlock()
		return nil
	})
	if err != nil {
		return err
	}
	return s.svg(w, func(buf *bytes.Buffer) error { _, err := buf.Write(plot); return err })
}

func (s *Server) kwicPage(w http.ResponseWriter, r *http.Request) error {
	word := strings.Join(strings.Fields(r.URL.Query().Get("word")), " ")
	var data struct {
		bookView
		Lines []table.KwicLine
		Shown int
	}
	data.Shown = pageLines
	var ph count.Phrase
	if word != "" {
		if ph = count.ParsePhrase(word, pageNorm); len(ph) == 0 {
			return badRequest("%q is empty once punctuation is trimmed", word)
		}
	}
	err := s.compute(r, func(b *book) error {
		data.bookView = s.bookView(b, "Concordance")
		if word == "" {
			return nil
		}
		var err error
		data.Lines, err = b.kwic(ph, pageNorm, 50)
		return err
	})
	if err != nil {
		return err
	}
	data.Word = word
	if word != "" {
		data.Title = word + " · " + data.Title
	}
	return s.render(w, http.StatusOK, "kwic", data)
}

// whereWords are the page's words: those asked for, without empty ones.
func whereWords(r *http.Request) ([]string, []count.Phrase, error) {
	if len(r.URL.Query()["word"]) == 0 {
		return nil, nil, nil
	}
	q := r.URL.Query()
	var kept []string
	for _, w := range q["word"] {
		if strings.TrimSpace(w) != "" {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		return nil, nil, nil
	}
	if len(kept) > pageWords {
		return nil, nil, badRequest("at most %d words", pageWords)
	}
	q["word"] = kept
	r.URL.RawQuery = q.Encode()
	return params{r}.words(pageNorm)
}

func (s *Server) wherePage(w http.ResponseWriter, r *http.Request) error {
	words, phrases, err := whereWords(r)
	if err != nil {
		return err
	}
	var data struct {
		bookView
		Where     *Where
		Boxes     []string
		PlotQuery template.URL
	}
	err = s.compute(r, func(b *book) error {
		data.bookView = s.bookView(b, "Dispersion")
		if words == nil {
			return nil
		}
		var err error
		data.Where, err = where(b, words, phrases, pageNorm)
		return err
	})
	if err != nil {
		return err
	}
	data.Boxes = append(words, make([]string, max(1, 4-len(words)))...)
	if words != nil {
		data.PlotQuery = template.URL(url.Values{"word": words}.Encode()) // encoded here: safe in a query
	}
	return s.render(w, http.StatusOK, "where", data)
}

func (s *Server) whereSVG(w http.ResponseWriter, r *http.Request) error {
	words, phrases, err := whereWords(r)
	if err != nil {
		return err
	}
	if words == nil {
		return badRequest("give a word: word=W")
	}
	var wh *Where
	var title string
	err = s.compute(r, func(b *book) error {
		title = b.Title()
		var err error
		wh, err = where(b, words, phrases, pageNorm)
		return err
	})
	if err != nil {
		return err
	}
	indices := make([][]int64, len(wh.Words))
	for i, ww := range wh.Words {
		indices[i] = ww.Indices
	}
	return s.svg(w, func(buf *bytes.Buffer) error {
		return s.cfg.Plots.Dispersion(buf, title, words, indices, wh.Tokens)
	})
}

func (s *Server) collocationsPage(w http.ResponseWriter, r *http.Request) error {
	word := strings.TrimSpace(r.URL.Query().Get("word"))
	en, _ := stop.Lang("en")
	var data struct {
		bookView
		Collocations []colloc.Collocation
		Similar      []colloc.Similar
	}
	o := count.Options{StripPunct: true} // NLTK keeps case in pairs
	err := s.compute(r, func(b *book) error {
		data.bookView = s.bookView(b, "Collocations")
		t := b.tokens(o)
		var err error
		if data.Collocations, err = t.Collocations(colloc.CollocationOptions{Window: 2, Min: 2, Stop: en.Normalized(count.Options{IgnoreCase: true}), Top: 30}); err != nil {
			return err
		}
		if word != "" {
			data.Similar, err = t.Similar(word, 30)
			if errors.Is(err, colloc.ErrNotFound) {
				err = nil
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	data.Word = word
	return s.render(w, http.StatusOK, "collocations", data)
}

func (s *Server) comparePage(w http.ResponseWriter, r *http.Request) error {
	books, err := corpus.List(s.cfg.Library.Store)
	if err != nil {
		return err
	}
	type side struct {
		Title string
		Rows  []stats.KeyRow
	}
	data := struct {
		view
		Books []corpus.Listed
		A, B  int
		Rows  []stats.KeyRow
		Sides []side
	}{view: s.view("Compare"), Books: books}
	q := r.URL.Query()
	data.A, _ = parseID(q.Get("a"))
	data.B, _ = parseID(q.Get("b"))
	if data.A == 0 || data.B == 0 {
		return s.render(w, http.StatusOK, "compare", data)
	}
	en, _ := stop.Lang("en")
	err = s.computeIDs(r.Context(), []int{data.A, data.B}, func(bs []*book) error {
		data.Rows = compareRows(bs[0], bs[1], pageNorm, en.Normalized(pageNorm), 25, true)
		data.Sides = []side{{Title: bs[0].Title()}, {Title: bs[1].Title()}}
		data.Title = "Compare " + bs[0].Title() + " and " + bs[1].Title()
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range data.Rows {
		i := 0
		if r.Overused == "B" {
			i = 1
		}
		data.Sides[i].Rows = append(data.Sides[i].Rows, r)
	}
	return s.render(w, http.StatusOK, "compare", data)
}

// catalog is the Gutenberg catalog, fetched into the store once; a
// failure is tried again on the next search.
func (s *Server) catalog(ctx context.Context) ([]corpus.CatalogEntry, error) {
	s.catalogMu.Lock()
	defer s.catalogMu.Unlock()
	if s.catalogEntries != nil {
		return s.catalogEntries, nil
	}
	path, err := s.cfg.Library.Catalog(ctx, false)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	entries, err := corpus.ReadCatalog(f)
	if err != nil {
		return nil, err
	}
	s.catalogEntries = entries
	return entries, nil
}
