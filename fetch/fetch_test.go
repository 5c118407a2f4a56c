package fetch_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gutcount/gutcount/fetch"
)

// payload is the file the fault servers serve.
var payload = func() []byte {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, 1<<20+12345)
	for i := range b {
		b[i] = byte('a' + r.IntN(26))
	}
	return b
}()

var modTime = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// fastOptions keep the backoff in milliseconds so the suite stays fast.
func fastOptions() fetch.Options {
	return fetch.Options{
		MinBackoff:  time.Millisecond,
		MaxBackoff:  5 * time.Millisecond,
		Timeout:     2 * time.Second,
		IdleTimeout: 300 * time.Millisecond,
		Retries:     5,
	}
}

// server counts requests and records their Range headers.
type server struct {
	*httptest.Server
	mu     sync.Mutex
	n      int
	ranges []string
}

func newServer(t *testing.T, h func(s *server, n int, w http.ResponseWriter, r *http.Request)) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.n++
		n := s.n
		s.ranges = append(s.ranges, r.Header.Get("Range"))
		s.mu.Unlock()
		h(s, n, w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// serveFile serves b with an ETag, honouring Range and If-Range.
func serveFile(w http.ResponseWriter, r *http.Request, b []byte, etag string) {
	w.Header().Set("ETag", etag)
	http.ServeContent(w, r, "book.txt", modTime, bytes.NewReader(b))
}

// abortAfter sends the headers of the whole file and n bytes, then breaks
// the connection with http.ErrAbortHandler.
func abortAfter(w http.ResponseWriter, b []byte, n int, etag string) {
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Length", fmt.Sprint(len(b)))
	w.WriteHeader(http.StatusOK)
	w.Write(b[:n])
	w.(http.Flusher).Flush()
	panic(http.ErrAbortHandler)
}

// resetAfter hijacks the connection, writes a raw response with n bytes of
// the body, and closes it (a connection reset in the middle of the body).
func resetAfter(w http.ResponseWriter, b []byte, n int, etag string) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\nETag: %s\r\nContent-Type: text/plain\r\n\r\n", len(b), etag)
	buf.Write(b[:n])
	buf.Flush()
	if tc, ok := conn.(interface{ SetLinger(int) error }); ok {
		tc.SetLinger(0) // RST, not FIN
	}
	conn.Close()
}

func download(t *testing.T, o fetch.Options, url string) (string, *fetch.Result, error) {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "book.txt")
	res, err := fetch.New(o).Download(context.Background(), url, dst, fetch.DownloadOptions{})
	return dst, res, err
}

func checkFile(t *testing.T, dst string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(dst)
	if err != nil {
		t.Fatalf("read %s: %v", dst, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s: %d bytes, not the server's %d", dst, len(got), len(want))
	}
	for _, leftover := range []string{dst + ".part", dst + ".part.json"} {
		if _, err := os.Stat(leftover); err == nil {
			t.Errorf("%s left behind", leftover)
		}
	}
}

func checkNothingLeft(t *testing.T, dst string) {
	t.Helper()
	ents, _ := os.ReadDir(filepath.Dir(dst))
	for _, e := range ents {
		t.Errorf("left on disk: %s", e.Name())
	}
}

// 1. A connection reset and an aborted handler in the middle of the body
// are resumed with Range: one final file, no restart from zero.
func TestResumeAfterBrokenBody(t *testing.T) {
	for name, breaker := range map[string]func(http.ResponseWriter, []byte, int, string){
		"reset": resetAfter, "abort": abortAfter,
	} {
		t.Run(name, func(t *testing.T) {
			const cut = 300000
			s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
				if n == 1 {
					breaker(w, payload, cut, `"v1"`)
					return
				}
				serveFile(w, r, payload, `"v1"`)
			})
			dst, res, err := download(t, fastOptions(), s.URL+"/book.txt")
			if err != nil {
				t.Fatal(err)
			}
			checkFile(t, dst, payload)
			// A reset may lose what was in flight: the resume starts where
			// the bytes received end, somewhere after 0 and at most cut.
			var from int
			if s.requests() == 2 {
				fmt.Sscanf(s.ranges[1], "bytes=%d-", &from)
			}
			if s.requests() != 2 || from <= 0 || from > cut || (name == "abort" && from != cut) {
				t.Errorf("requests = %d, ranges %q; want 2, the second from byte %d or before", s.requests(), s.ranges, cut)
			}
			sum := sha256.Sum256(payload)
			if !res.Resumed || res.SHA256 != hex.EncodeToString(sum[:]) || res.Size != int64(len(payload)) {
				t.Errorf("result = %+v; want resumed, size and SHA-256 of the payload", res)
			}
		})
	}
}

// 2. A body that stalls is cancelled by the watchdog and resumed; a server
// that stalls before its headers times out and is retried.
func TestStalls(t *testing.T) {
	const cut = 100000
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Content-Length", fmt.Sprint(len(payload)))
			w.Write(payload[:cut])
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		serveFile(w, r, payload, `"v1"`)
	})
	dst, _, err := download(t, fastOptions(), s.URL+"/book.txt")
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, dst, payload)
	if s.requests() != 2 || s.ranges[1] != fmt.Sprintf("bytes=%d-", cut) {
		t.Errorf("requests = %d, ranges %q; want a resume from %d", s.requests(), s.ranges, cut)
	}

	h := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		serveFile(w, r, payload, `"v1"`)
	})
	o := fastOptions()
	o.Timeout = 200 * time.Millisecond
	dst, _, err = download(t, o, h.URL+"/book.txt")
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, dst, payload)
	// At least 2: on a loaded machine the second answer too may come
	// after the timeout, and be asked for again.
	if h.requests() < 2 {
		t.Errorf("requests = %d; want 2 or more (a header timeout, then the file)", h.requests())
	}
}

// 3. 500, 502 and 503 are retried; when retries run out the error names the
// status and the URL.
func TestServerErrors(t *testing.T) {
	for _, code := range []int{500, 502, 503} {
		s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
			if n <= 3 {
				http.Error(w, "no", code)
				return
			}
			serveFile(w, r, payload, `"v1"`)
		})
		dst, _, err := download(t, fastOptions(), s.URL+"/book.txt")
		if err != nil {
			t.Fatalf("%d three times: %v", code, err)
		}
		checkFile(t, dst, payload)
		if s.requests() != 4 {
			t.Errorf("%d three times then 200: %d requests; want 4", code, s.requests())
		}
	}
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusBadGateway)
	})
	o := fastOptions()
	o.Retries = 2
	dst, _, err := download(t, o, s.URL+"/book.txt")
	var fe *fetch.Error
	if !errors.As(err, &fe) || fe.Status != 502 || !strings.Contains(err.Error(), s.URL+"/book.txt") || !strings.Contains(err.Error(), "502 Bad Gateway") {
		t.Fatalf("always 502: err = %v; want a fetch.Error with 502 and the URL", err)
	}
	if s.requests() != 3 {
		t.Errorf("always 502 with 2 retries: %d requests; want 3", s.requests())
	}
	checkNothingLeft(t, dst)
}

// 4. Retry-After, as seconds and as an HTTP date, is waited for; above
// --max-wait the download fails at once.
func TestRetryAfter(t *testing.T) {
	for _, code := range []int{429, 503} {
		for _, form := range []string{"seconds", "date"} {
			// The waits are real: wait them side by side.
			t.Run(fmt.Sprintf("%d-%s", code, form), func(t *testing.T) {
				t.Parallel()
				s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
					if n == 1 {
						if form == "seconds" {
							w.Header().Set("Retry-After", "1")
						} else {
							w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
						}
						http.Error(w, "later", code)
						return
					}
					serveFile(w, r, payload, `"v1"`)
				})
				start := time.Now()
				dst, _, err := download(t, fastOptions(), s.URL+"/book.txt")
				if err != nil {
					t.Fatal(err)
				}
				checkFile(t, dst, payload)
				// The backoff alone is milliseconds: a second means Retry-After.
				if waited := time.Since(start); waited < 900*time.Millisecond || s.requests() != 2 {
					t.Errorf("%d with Retry-After (%s): waited %s, %d requests; want about 1s, 2", code, form, waited, s.requests())
				}
			})
		}
		s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			http.Error(w, "much later", code)
		})
		o := fastOptions()
		o.MaxWait = time.Second
		dst, _, err := download(t, o, s.URL+"/book.txt")
		// One request: the hour was not waited (a wait ends in a retry).
		if !errors.Is(err, fetch.ErrWaitTooLong) || s.requests() != 1 {
			t.Errorf("%d with Retry-After 3600: err = %v, %d requests; want ErrWaitTooLong at once", code, err, s.requests())
		}
		checkNothingLeft(t, dst)
	}
}

// 5. 404, 410 and 403: one request, no retry, nothing left, a clear message.
func TestPermanentStatus(t *testing.T) {
	for _, code := range []int{404, 410, 403} {
		s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
			http.Error(w, "no", code)
		})
		dst, _, err := download(t, fastOptions(), s.URL+"/book.txt")
		want := fmt.Sprintf("fetch: GET %s/book.txt: %d %s", s.URL, code, http.StatusText(code))
		if err == nil || err.Error() != want {
			t.Errorf("%d: err = %v; want %q", code, err, want)
		}
		if s.requests() != 1 {
			t.Errorf("%d: %d requests; want 1", code, s.requests())
		}
		if fetch.IsNotFound(err) != (code != 403) {
			t.Errorf("IsNotFound(%d) = %v", code, fetch.IsNotFound(err))
		}
		checkNothingLeft(t, dst)
	}
	// A status beyond 599 is no server error to wait out.
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(999)
	})
	_, _, err := download(t, fastOptions(), s.URL+"/book.txt")
	if want := fmt.Sprintf("fetch: GET %s/book.txt: status 999", s.URL); err == nil || err.Error() != want || s.requests() != 1 {
		t.Errorf("999: err = %v after %d requests; want %q after 1", err, s.requests(), want)
	}
}

// 6. Redirects are followed like a mirror's; a loop and a downgrade from
// https to http are refused.
func TestRedirects(t *testing.T) {
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ebooks/2701.txt.utf-8":
			http.Redirect(w, r, "/cache/epub/2701/pg2701.txt", http.StatusFound)
		case "/cache/epub/2701/pg2701.txt":
			serveFile(w, r, payload, `"v1"`)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		}
	})
	dst, res, err := download(t, fastOptions(), s.URL+"/ebooks/2701.txt.utf-8")
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, dst, payload)
	if res.FinalURL != s.URL+"/cache/epub/2701/pg2701.txt" {
		t.Errorf("FinalURL = %q", res.FinalURL)
	}
	dst, _, err = download(t, fastOptions(), s.URL+"/loop")
	if err == nil || !strings.Contains(err.Error(), "more than 10 redirects") {
		t.Errorf("redirect loop: err = %v; want more than 10 redirects", err)
	}
	checkNothingLeft(t, dst)

	plain := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) { serveFile(w, r, payload, `"v1"`) })
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+"/book.txt", http.StatusMovedPermanently)
	}))
	defer tlsSrv.Close()
	o := fastOptions()
	o.TLS = tlsSrv.Client().Transport.(*http.Transport).TLSClientConfig
	dst, _, err = download(t, o, tlsSrv.URL+"/book.txt")
	if err == nil || !strings.Contains(err.Error(), "refused redirect from https to http") || plain.requests() != 0 {
		t.Errorf("https to http: err = %v, %d plain requests; want refused, none", err, plain.requests())
	}
	checkNothingLeft(t, dst)
}

// 7. A body shorter than its Content-Length is never renamed into place.
func TestShortBody(t *testing.T) {
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		resetAfter(w, payload, 1000, `"v1"`) // always short, and ignores Range
	})
	o := fastOptions()
	o.Retries = 2
	dst, _, err := download(t, o, s.URL+"/book.txt")
	if err == nil {
		t.Fatal("short body: no error")
	}
	if _, err := os.Stat(dst); err == nil {
		t.Errorf("a short body was renamed into place")
	}
	if fi, err := os.Stat(dst + ".part"); err != nil || fi.Size() > 1000 {
		t.Errorf(".part after short bodies: %v; want it kept with at most 1000 bytes", err)
	}
}

// 8. A server that ignores Range, or whose ETag changed, restarts the file:
// never mixed bytes.
func TestRestart(t *testing.T) {
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			abortAfter(w, payload, 5000, `"v1"`)
			return
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(payload)))
		w.Write(payload) // 200, whatever the Range
	})
	dst, _, err := download(t, fastOptions(), s.URL+"/book.txt")
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, dst, payload)

	changed := bytes.ToUpper(payload)
	c := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			abortAfter(w, payload, 5000, `"v1"`)
			return
		}
		serveFile(w, r, changed, `"v2"`) // If-Range "v1" fails: a 200 with all of v2
	})
	dst, res, err := download(t, fastOptions(), c.URL+"/book.txt")
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, dst, changed)
	if res.ETag != `"v2"` || c.ranges[1] != "bytes=5000-" {
		t.Errorf("ETag = %s, ranges %q; want v2 after a Range with If-Range", res.ETag, c.ranges)
	}
}

// 9. A body larger than the limit is refused, up front or while reading.
func TestMaxSize(t *testing.T) {
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chunked" {
			w.Write(payload) // no Content-Length
			return
		}
		serveFile(w, r, payload, `"v1"`)
	})
	for _, path := range []string{"/known", "/chunked"} {
		o := fastOptions()
		o.MaxSize = 1000
		dst, _, err := download(t, o, s.URL+path)
		if !errors.Is(err, fetch.ErrTooLarge) {
			t.Errorf("%s: err = %v; want ErrTooLarge", path, err)
		}
		checkNothingLeft(t, dst)
	}
	if s.requests() != 2 {
		t.Errorf("%d requests; want 2 (no retries)", s.requests())
	}
}

type fullDisk struct{ w io.Writer }

func (f fullDisk) Write(p []byte) (int, error) { return 0, syscall.ENOSPC }

// 10. An unwritable destination and a full disk fail at once, naming the path.
func TestUnwritable(t *testing.T) {
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) { serveFile(w, r, payload, `"v1"`) })
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o644)
	_, err := fetch.New(fastOptions()).Download(context.Background(), s.URL+"/book.txt", filepath.Join(blocker, "book.txt"), fetch.DownloadOptions{})
	if err == nil || !strings.Contains(err.Error(), blocker) || s.requests() != 0 {
		t.Errorf("destination under a file: err = %v, %d requests; want an error naming it, no request", err, s.requests())
	}
	o := fastOptions()
	o.WrapWriter = func(w io.Writer) io.Writer { return fullDisk{w} }
	dst, _, err := download(t, o, s.URL+"/book.txt")
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), dst+".part") || s.requests() != 1 {
		t.Errorf("full disk: err = %v, %d requests; want ENOSPC naming the .part, 1 request", err, s.requests())
	}
	checkNothingLeft(t, dst)
}

// A .part left by an earlier run is resumed, and one whose sidecar says
// more than the file holds is not trusted.
func TestResumeAcrossRuns(t *testing.T) {
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) { serveFile(w, r, payload, `"v1"`) })
	dst := filepath.Join(t.TempDir(), "book.txt")
	os.WriteFile(dst+".part", payload[:7000], 0o644)
	os.WriteFile(dst+".part.json", []byte(fmt.Sprintf(`{"url":%q,"etag":"\"v1\"","offset":6000}`, s.URL+"/book.txt")), 0o644)
	res, err := fetch.New(fastOptions()).Download(context.Background(), s.URL+"/book.txt", dst, fetch.DownloadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, dst, payload)
	if !res.Resumed || s.ranges[0] != "bytes=6000-" {
		t.Errorf("ranges %q, resumed %v; want a resume from the synced offset 6000", s.ranges, res.Resumed)
	}
	// A sidecar of another URL: start again.
	os.WriteFile(dst+".part", []byte("garbage"), 0o644)
	os.WriteFile(dst+".part.json", []byte(`{"url":"http://elsewhere/x","etag":"\"v1\"","offset":7}`), 0o644)
	os.Remove(dst)
	if _, err := fetch.New(fastOptions()).Download(context.Background(), s.URL+"/book.txt", dst, fetch.DownloadOptions{}); err != nil {
		t.Fatal(err)
	}
	checkFile(t, dst, payload)
}

// A conditional GET answered 304 leaves the file alone.
func TestNotModified(t *testing.T) {
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) { serveFile(w, r, payload, `"v1"`) })
	dst := filepath.Join(t.TempDir(), "book.txt")
	os.WriteFile(dst, []byte("kept"), 0o644)
	res, err := fetch.New(fastOptions()).Download(context.Background(), s.URL+"/book.txt", dst, fetch.DownloadOptions{Cond: &fetch.Validators{ETag: `"v1"`}})
	if err != nil || !res.NotModified {
		t.Fatalf("If-None-Match: res %+v, err %v; want NotModified", res, err)
	}
	if b, _ := os.ReadFile(dst); string(b) != "kept" {
		t.Errorf("file changed by a 304")
	}
}

// gzip that arrives although identity was asked for is decoded.
func TestGzipAnyway(t *testing.T) {
	var zbuf bytes.Buffer
	zw := newGzip(&zbuf)
	zw.Write(payload)
	zw.Close()
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept-Encoding") != "identity" {
			t.Errorf("Accept-Encoding = %q", r.Header.Get("Accept-Encoding"))
		}
		if !strings.HasPrefix(r.Header.Get("User-Agent"), "gutcount") {
			t.Errorf("User-Agent = %q", r.Header.Get("User-Agent"))
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(zbuf.Bytes())
	})
	dst, _, err := download(t, fastOptions(), s.URL+"/book.txt")
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, dst, payload)
}

// Requests to a host are spaced by what Options.Rate gives for it,
// whatever the number of goroutines; a host it gives 0 is not spaced.
func TestRate(t *testing.T) {
	var mu sync.Mutex
	times := map[string][]time.Time{} // when each connection was opened
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) { w.Write([]byte("book")) })
	o := fastOptions()
	var asked sync.Map
	o.Rate = func(host string) time.Duration {
		asked.Store(host, true)
		if host == "slow.example" {
			return 150 * time.Millisecond
		}
		return 0
	}
	o.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(addr)
		mu.Lock()
		times[host] = append(times[host], time.Now())
		mu.Unlock()
		return (&net.Dialer{}).DialContext(ctx, network, s.Listener.Addr().String())
	}
	c := fetch.New(o)
	dir := t.TempDir()
	start := time.Now()
	var wg sync.WaitGroup
	for i := range 4 {
		for _, host := range []string{"slow.example", "fast.example"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				url := fmt.Sprintf("http://%s/%d.txt", host, i)
				if _, err := c.Download(context.Background(), url, filepath.Join(dir, host+fmt.Sprint(i)), fetch.DownloadOptions{}); err != nil {
					t.Error(err)
				}
			}()
		}
	}
	wg.Wait()
	checkSpacing(t, "slow.example", start, times["slow.example"], 150*time.Millisecond)
	if len(times["slow.example"]) != 4 || len(times["fast.example"]) != 4 {
		t.Errorf("requests: %d to slow.example, %d to fast.example; want 4 each", len(times["slow.example"]), len(times["fast.example"]))
	}
	for _, h := range []string{"slow.example", "fast.example"} {
		if _, ok := asked.Load(h); !ok {
			t.Errorf("Rate was not asked about %s", h)
		}
	}
}

// checkSpacing checks requests asked for at once at start, gap apart: the
// k-th goes no sooner than k gaps after start. Scheduling can only delay
// what is observed, so this cannot fail by chance (on a loaded machine
// two requests released 150ms apart were seen to dial 0.2ms apart).
func checkSpacing(t *testing.T, host string, start time.Time, times []time.Time, gap time.Duration) {
	t.Helper()
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	for k, at := range times {
		if at.Before(start.Add(time.Duration(k) * gap)) {
			t.Errorf("request %d to %s went %s after the start; want at least %s", k, host, at.Sub(start), time.Duration(k)*gap)
		}
	}
}
