package fetch_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gutcount/gutcount/fetch"
)

// errNotBook is what notBook, a Check like the store's, refuses with.
var errNotBook = errors.New("not a book")

// checkCall is what a Check was shown.
type checkCall struct {
	contentType string
	head        []byte
}

// notBook refuses HTML and empty bodies, and records what it saw.
func notBook(calls *[]checkCall) func(string, []byte) error {
	return func(ct string, head []byte) error {
		*calls = append(*calls, checkCall{ct, append([]byte(nil), head...)})
		switch {
		case strings.HasPrefix(ct, "text/html"):
			return fmt.Errorf("%w: Content-Type %s", errNotBook, ct)
		case bytes.HasPrefix(head, []byte("<!DOCTYPE")), bytes.HasPrefix(head, []byte("<html")):
			return fmt.Errorf("%w: the body is HTML", errNotBook)
		case len(head) == 0:
			return fmt.Errorf("%w: the body is empty", errNotBook)
		}
		return nil
	}
}

// Check sees the Content-Type and the head of the decoded body before the
// file is committed; its error refuses the file, with nothing kept and no
// retry.
func TestCheck(t *testing.T) {
	html := []byte("<!DOCTYPE html><html><body>Sorry, robots are blocked</body></html>")
	var gz bytes.Buffer
	zw := newGzip(&gz)
	zw.Write(payload)
	zw.Close()
	var broke atomic.Bool
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/html-type":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte("a book, they say"))
		case "/html-body":
			w.Header().Set("Content-Type", "text/plain")
			w.Write(html)
		case "/empty":
			w.Header().Set("Content-Type", "text/plain")
		case "/gzip":
			w.Header().Set("Content-Type", "text/plain")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gz.Bytes())
		case "/broken":
			// The head spans two attempts.
			if !broke.Swap(true) {
				abortAfter(w, payload, 300, `"v1"`)
				return
			}
			fallthrough
		default:
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			serveFile(w, r, payload, `"v1"`)
		}
	})
	for _, path := range []string{"/html-type", "/html-body", "/empty"} {
		var calls []checkCall
		dst := filepath.Join(t.TempDir(), "book.txt")
		before := s.requests()
		_, err := fetch.New(fastOptions()).Download(context.Background(), s.URL+path, dst, fetch.DownloadOptions{Check: notBook(&calls)})
		var fe *fetch.Error
		if !errors.Is(err, errNotBook) || !errors.As(err, &fe) || !strings.HasPrefix(err.Error(), "fetch: GET "+s.URL+path+": not a book") {
			t.Errorf("%s: err = %v; want a fetch.Error around the Check's", path, err)
		}
		if s.requests()-before != 1 || len(calls) != 1 {
			t.Errorf("%s: %d requests, %d checks; want 1, 1 (no retry)", path, s.requests()-before, len(calls))
		}
		checkNothingLeft(t, dst)
	}
	for _, path := range []string{"/book", "/gzip", "/broken"} {
		var calls []checkCall
		dst := filepath.Join(t.TempDir(), "book.txt")
		if _, err := fetch.New(fastOptions()).Download(context.Background(), s.URL+path, dst, fetch.DownloadOptions{Check: notBook(&calls)}); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		checkFile(t, dst, payload)
		wantType := "text/plain; charset=utf-8"
		if path == "/gzip" {
			wantType = "text/plain"
		}
		if len(calls) != 1 || calls[0].contentType != wantType || !bytes.Equal(calls[0].head, payload[:fetch.CheckSize]) {
			t.Errorf("%s: Check saw %d calls, %q; want one with the first %d bytes of the book", path, len(calls), calls, fetch.CheckSize)
		}
	}
}

// outside makes a file outside the download's folder, to plant links to.
func outside(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Symbolic links planted at the .part, its sidecar and dst are replaced,
// never followed: their targets are untouched.
func TestNoWritesThroughLinks(t *testing.T) {
	first := true
	var mu sync.Mutex
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		broken := first && r.URL.Path == "/broken"
		first = first && !broken
		mu.Unlock()
		if broken {
			abortAfter(w, payload, 5000, `"v1"`) // a checkpoint writes the sidecar
			return
		}
		serveFile(w, r, payload, `"v1"`)
	})
	for _, path := range []string{"/book", "/broken"} {
		dir := t.TempDir()
		dst := filepath.Join(dir, "book.txt")
		targets := map[string]string{
			dst + ".part":      outside(t, "part-target", "precious part"),
			dst + ".part.json": outside(t, "json-target", fmt.Sprintf(`{"url":%q,"etag":"\"v1\"","offset":3}`, s.URL+path)),
			dst:                outside(t, "dst-target", "precious book"),
		}
		want := map[string][]byte{}
		for link, target := range targets {
			want[target], _ = os.ReadFile(target)
			if err := os.Symlink(target, link); err != nil {
				t.Skip("no symbolic links here:", err)
			}
		}
		before := s.requests()
		_, err := fetch.New(fastOptions()).Download(context.Background(), s.URL+path, dst, fetch.DownloadOptions{})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if rg := s.ranges[before]; rg != "" {
			t.Errorf("%s: the first request asked for %s: a sidecar read through a link", path, rg)
		}
		checkFile(t, dst, payload)
		if fi, err := os.Lstat(dst); err != nil || !fi.Mode().IsRegular() {
			t.Errorf("%s: dst is not a regular file: %v", path, err)
		}
		for target, b := range want {
			if got, _ := os.ReadFile(target); !bytes.Equal(got, b) {
				t.Errorf("%s: %s was written through a link: %d bytes, not its %q", path, target, len(got), b)
			}
		}
	}
}

// net/http logs to the standard logger when a server sends more than its
// Content-Length on a connection kept for reuse; a Client never keeps one,
// so the user's stderr never gets the line.
func TestUnsolicitedResponse(t *testing.T) {
	var logged syncBuffer
	log.SetOutput(&logged)
	defer log.SetOutput(os.Stderr)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	closed := make(chan struct{}, 8)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer func() { c.Close(); closed <- struct{}{} }()
				r := bufio.NewReader(c)
				for {
					if _, err := http.ReadRequest(r); err != nil {
						return // the client closed the connection
					}
					fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nETag: \"x\"\r\n\r\nhelloEXTRA BYTES")
				}
			}()
		}
	}()
	url := "http://" + l.Addr().String() + "/book.txt"

	// The line, with a plain client that keeps its connections.
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body) // whole, as a download reads it
	resp.Body.Close()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logged.String(), "Unsolicited response") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(logged.String(), "Unsolicited response") {
		t.Skip("net/http no longer logs unsolicited responses:", logged.String())
	}
	http.DefaultClient.CloseIdleConnections()
	<-closed
	logged.Reset()

	dst, _, err := download(t, fastOptions(), url)
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, dst, []byte("hello"))
	// The client closed its connection: nothing more can be logged.
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("the client kept the connection open")
	}
	if logged.String() != "" {
		t.Errorf("logged %q; want nothing", logged.String())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *syncBuffer) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Reset()
}

// Log gets debug lines, naming the URL, with no program's prefix.
func TestLog(t *testing.T) {
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			abortAfter(w, payload, 5000, `"v1"`)
			return
		}
		serveFile(w, r, payload, `"v1"`)
	})
	var mu sync.Mutex
	var lines []string
	o := fastOptions()
	o.Log = func(s string) {
		mu.Lock()
		lines = append(lines, s)
		mu.Unlock()
	}
	if _, _, err := download(t, o, s.URL+"/book.txt"); err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(lines, "\n")
	if !strings.Contains(joined, "GET "+s.URL+"/book.txt (attempt 1)") || !strings.Contains(joined, "bytes=5000-") {
		t.Errorf("log:\n%s\nwant both attempts, the second from byte 5000", joined)
	}
	for _, l := range lines {
		if strings.Contains(l, "\n") || strings.HasPrefix(l, "gutcount") {
			t.Errorf("log line %q: want one line, no prefix", l)
		}
	}
}
