// Package serve is gutcount's local web site: pages and a JSON API over
// the books of a corpus store, for a class that works in the browser.
//
// The API answers with the rows of the command line's --format json
// (GET /api/books as corpus list, /api/books/{id}/freq as freq, kwic,
// where, collocations, similar, contexts, /api/compare as compare), and
// POST /api/books with id=N fetches a book into the store. The pages are
// html/template pages over the same calls, with no script from elsewhere.
//
// It is made to run on a shared machine: everything shown is escaped;
// requests for another host than the served one are refused (DNS
// rebinding), and so are POSTs from another origin; book IDs are numbers
// and no path from a request reaches the file system; headers must come
// within seconds, bodies are small, and at most Workers requests compute
// at once, on books kept opened in memory.
//
//	s, err := serve.New(serve.Config{Library: lib, Addr: ln.Addr().String()})
//	err = s.Serve(ctx, ln) // until ctx is cancelled
//
// Layering: serve uses the libraries (corpus, count and its tables);
// it must not import cmd.
package serve

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
)

// Config says what a Server serves.
type Config struct {
	// Library opens the books of its Store, and fetches the books added
	// (with its Client and Mirror). Its Store must be set.
	Library *corpus.Library
	// Addr is the address served, host:port, as the listener has it
	// (a port 0 resolved): requests must name it, or localhost, as Host.
	Addr string
	// Names are other host names the server is reached by, such as the
	// name it was asked to listen on (which Addr holds resolved).
	Names []string
	// Workers is how many requests compute at once; 0 means GOMAXPROCS.
	Workers int
	// Books is how many books are kept opened in memory; 0 means 16.
	Books int
	// Plots draws the plots of the pages; nil draws none.
	Plots Plotter
	// Log, when set, receives a line per failed request.
	Log io.Writer
	// Grace is how long Serve waits, once its context is done, for the
	// requests in flight before it closes every connection; 0 means 1 s.
	Grace time.Duration
}

// Plotter draws the plots of the command line (freq --plot, where
// --plot) as SVG, so that the pages show the same pictures.
type Plotter interface {
	Zipf(w io.Writer, title string, rows []count.Row) error
	Dispersion(w io.Writer, title string, words []string, indices [][]int64, tokens int64) error
}

// Server is the web site. Its methods are safe for concurrent use.
type Server struct {
	cfg     Config
	host    string // the served host name, lower case ("" or an unspecified address: any IP)
	port    string
	work    chan struct{} // a token per computing request
	fetches chan struct{} // a token per download
	books   *bookCache
	mux     *http.ServeMux

	catalogMu      sync.Mutex
	catalogEntries []corpus.CatalogEntry
}

// Limits of a request.
const (
	maxBody        = 4 << 10 // a POST's form: an ID
	maxHeaderBytes = 16 << 10
	readHeader     = 5 * time.Second
)

// New returns a Server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Library == nil || cfg.Library.Store == nil {
		return nil, errors.New("serve: a Library with a Store is needed")
	}
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return nil, err
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.Books <= 0 {
		cfg.Books = 16
	}
	s := &Server{
		cfg:     cfg,
		host:    strings.ToLower(host),
		port:    port,
		work:    make(chan struct{}, cfg.Workers),
		fetches: make(chan struct{}, 1),
		books:   newBookCache(cfg.Library, cfg.Books),
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		s.host = ""
	}
	s.routes()
	return s, nil
}

// Loopback reports whether addr (host:port) is served on this machine
// only; any other address lets anyone on the network read the corpus.
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Handler is the site, guarded (see the package's doc).
func (s *Server) Handler() http.Handler { return s.guard(s.mux) }

// Serve answers on ln until ctx is cancelled, then shuts down: requests
// in flight get Config.Grace to finish, then every connection is closed
// (a client that holds one open, with headers unfinished or an answer
// unread, does not keep the server up).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: readHeader,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    maxHeaderBytes,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), cmp.Or(s.cfg.Grace, time.Second))
		defer cancel()
		if srv.Shutdown(sctx) != nil {
			srv.Close()
		}
	}()
	err := srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		<-done
		return ctx.Err()
	}
	return err
}

// guard refuses what the site must not answer: a Host that is not the
// served address (a DNS rebinding page reaches a local server under its
// own name), and a POST from a page of another origin (403).
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
		if !s.hostAllowed(r.Host) {
			s.fail(w, r, http.StatusForbidden, "this server answers to "+s.cfg.Addr+" or localhost only")
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if !s.sameOrigin(r) {
				s.fail(w, r, http.StatusForbidden, "cross-origin request refused")
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		}
		next.ServeHTTP(w, r)
	})
}

// hostAllowed: the served host, localhost or a loopback address, or any
// IP address when served on all of them, and the served port. A name
// other than these is what a rebinding attacker's page sends.
func (s *Server) hostAllowed(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, "80"
	}
	if port != s.port {
		return false
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "localhost" || host == s.host {
		return true
	}
	for _, n := range s.cfg.Names {
		if strings.EqualFold(host, strings.TrimSuffix(n, ".")) {
			return true
		}
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || s.host == "")
}

// sameOrigin: the Origin a browser sends with a POST is the page's own
// (http://Host); without Origin, Sec-Fetch-Site must not say cross-site.
// A client that sends neither is no browser, and no page can use it.
func (s *Server) sameOrigin(r *http.Request) bool {
	if o := r.Header.Get("Origin"); o != "" {
		return o == "http://"+r.Host
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
		return true
	}
	return false
}

// acquire waits for a worker's token; release gives it back.
func (s *Server) acquire(ctx context.Context) error {
	select {
	case s.work <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Server) release() { <-s.work }

// maxID is the largest Gutenberg ID taken (9 digits).
const maxID = 999_999_999

// parseID is a book ID of a request: digits only, from 1 to maxID. An
// error is a 400 that says which of the two v is not.
func parseID(v string) (int, error) {
	if v == "" || strings.Trim(v, "0123456789") != "" {
		return 0, badRequest("%s: a Gutenberg ID is digits", echo(v))
	}
	id, err := strconv.Atoi(v)
	if err != nil || id < 1 || id > maxID {
		return 0, badRequest("no such Gutenberg ID %s: IDs are 1 to %d", echo(v), maxID)
	}
	return id, nil
}

// maxEcho is how much of a value a client sent an error repeats.
const maxEcho = 100

// echo is a value the client sent, quoted, cut to its first maxEcho bytes
// (at a character's start) for an error or the log.
func echo(v string) string {
	if len(v) <= maxEcho {
		return strconv.Quote(v)
	}
	n := maxEcho
	for n > 0 && !utf8.RuneStart(v[n]) {
		n--
	}
	return strconv.Quote(v[:n]) + fmt.Sprintf("... (%d bytes)", len(v))
}
