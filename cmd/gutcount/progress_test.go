package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gutcount/gutcount/internal/progress"
)

func bookServer(t *testing.T, body []byte) *httptest.Server {
	var broke, busy atomic.Bool
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/broken/") && !broke.Swap(true):
			w.Header().Set("ETag", `"b1"`)
			w.Header().Set("Content-Length", fmt.Sprint(len(body)))
			w.Write(body[:len(body)/2])
			w.(http.Flusher).Flush()
			time.Sleep(50 * time.Millisecond) // the bar is drawn
			panic(http.ErrAbortHandler)
		case strings.HasPrefix(r.URL.Path, "/busy/") && !busy.Swap(true):
			w.Header().Set("Retry-After", "0")
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("ETag", `"b1"`)
		w.Header().Set("Content-Type", "text/plain")
		http.ServeContent(w, r, "book.txt", time.Unix(1e9, 0), strings.NewReader(string(body)))
	}))
	t.Cleanup(s.Close)
	return s
}

var book = []byte(strings.Repeat("Call me Ishmael. Some years ago, never mind how long precisely. ", 4000))

// On a terminal, a download draws its bar, a retry note goes on a line of
// its own above it, and the bar is gone at the end.
func TestDownloadOnTerminal(t *testing.T) {
	s := bookServer(t, book)
	var scr progress.Screen
	var out strings.Builder
	ios := &IOStreams{In: strings.NewReader(""), Out: &out, Err: &scr, ErrTTY: true, Width: 120}
	url := s.URL + "/broken/pg2701.txt"
	code := execute(t.Context(), ios, []string{"--cache-dir", t.TempDir(), "--retries", "2", "fetch", url}, fastRetries)
	if code != 0 {
		t.Fatalf("exit %d: %q", code, scr.Lines())
	}
	lines := scr.Lines()
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "gutcount: retrying in ") || !strings.Contains(lines[0], " (2/3): GET "+url+": ") ||
		strings.Contains(lines[0], "%") || lines[1] != "" {
		t.Errorf("the screen shows %q; want the retry note alone on its line, and the bar cleared", lines)
	}
	if raw := scr.Raw(); !strings.Contains(raw, "pg2701.txt 50% |") {
		t.Errorf("no bar was drawn: %q", raw)
	}
}

// Retry notes come without -v, not with -q; -v adds debug lines; none
// of it when nothing is retried.
func TestRetryNotes(t *testing.T) {
	for _, c := range []struct {
		flags []string
		notes int
		debug bool
	}{{nil, 1, false}, {[]string{"-q"}, 0, false}, {[]string{"-v"}, 1, true}, {[]string{"-q", "-v"}, 1, true}} {
		s := bookServer(t, book)
		url := s.URL + "/busy/pg11.txt"
		args := append(append([]string{"--cache-dir", t.TempDir()}, c.flags...), "fetch", url)
		_, stderr, code := gutcount(t, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.flags, code, stderr)
		}
		want := "gutcount: retrying in 0s (2/6): GET " + url + ": 503 Service Unavailable\n"
		if n := strings.Count(stderr, want); n != c.notes {
			t.Errorf("%v: stderr %q has %d notes %q; want %d", c.flags, stderr, n, want, c.notes)
		}
		if debug := strings.Contains(stderr, "gutcount: GET "+url+" (attempt 2)"); debug != c.debug {
			t.Errorf("%v: stderr %q: debug lines %v; want %v", c.flags, stderr, debug, c.debug)
		}
	}
	s := bookServer(t, book)
	if _, stderr, code := gutcount(t, "", "--cache-dir", t.TempDir(), "fetch", s.URL+"/pg11.txt"); code != 0 || stderr != "" {
		t.Errorf("a plain download: exit %d, stderr %q; want 0 and nothing", code, stderr)
	}
}

// An unreachable mirror: a name that does not resolve fails at the first
// attempt (the message counts no attempts); a refused connection prints a
// retry note before the retry.
func TestUnreachableMirror(t *testing.T) {
	_, stderr, code := gutcount(t, "", "--cache-dir", t.TempDir(), "--mirror", "http://gutcount-test.invalid", "count", "whale", "2701")
	want := regexp.MustCompile(`^gutcount: fetch: GET http://gutcount-test\.invalid/cache/epub/2701/pg2701\.txt: dial tcp: lookup gutcount-test\.invalid[^\n]* \(check the network, or give --mirror\)\n$`)
	if code != exitIO || !want.MatchString(stderr) {
		t.Errorf("no such host: exit %d, stderr %q; want exit 3 and one line matching %s", code, stderr, want)
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var errw syncWriter
	ios := &IOStreams{In: strings.NewReader(""), Out: &strings.Builder{}, Err: &errw}
	go func() {
		// Stop at the first note: the retries themselves take a while.
		for !strings.Contains(errw.String(), "retrying") && ctx.Err() == nil {
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
	}()
	execute(ctx, ios, []string{"--cache-dir", t.TempDir(), "--mirror", "http://" + addr, "count", "whale", "2701"}, fastRetries)
	<-ctx.Done()
	first, _, _ := strings.Cut(errw.String(), "\n")
	if !strings.HasPrefix(first, "gutcount: retrying in ") || !strings.HasSuffix(first, " (2/6): GET http://"+addr+"/cache/epub/2701/pg2701.txt: dial tcp "+addr+": connect: connection refused") {
		t.Errorf("refused: first line %q; want a retry note", first)
	}
}

type syncWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// Errors of downloads end with what to do, in gutcount's flags.
func TestDownloadHints(t *testing.T) {
	s := bookServer(t, book)
	_, stderr, code := gutcount(t, "", "--cache-dir", t.TempDir(), "--max-size", "100KiB", "fetch", s.URL+"/pg11.txt")
	want := "fetch: GET " + s.URL + "/pg11.txt: 250 KiB is larger than the size limit of 100 KiB (see --max-size)\n"
	if code != exitIO || !strings.HasPrefix(stderr, "gutcount: ") || !strings.HasSuffix(stderr, want) {
		t.Errorf("too large: exit %d, %q; want 3, ending %q", code, stderr, want)
	}
	s2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "later", http.StatusTooManyRequests)
	}))
	defer s2.Close()
	_, stderr, code = gutcount(t, "", "--cache-dir", t.TempDir(), "fetch", s2.URL+"/pg11.txt")
	want = "fetch: GET " + s2.URL + "/pg11.txt: 429 Too Many Requests: server asks to wait 1h0m0s, longer than the limit of 1m0s (see --max-wait)\n"
	if code != exitIO || !strings.HasSuffix(stderr, want) {
		t.Errorf("wait too long: exit %d, %q; want 3, ending %q", code, stderr, want)
	}
}
