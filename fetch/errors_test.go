package fetch_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gutcount/gutcount/fetch"
)

// retries records what OnRetry is told.
type retries struct {
	mu   sync.Mutex
	list []fetch.Retry
}

func (r *retries) add(x fetch.Retry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.list = append(r.list, x)
}

func (r *retries) get() []fetch.Retry {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]fetch.Retry(nil), r.list...)
}

// refusedURL is a URL on a port that refuses connections.
func refusedURL(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/book.txt"
}

// A name that does not resolve fails at once: one attempt, no retry, a
// *NetworkError around the *net.DNSError.
func TestDNSFailsAtOnce(t *testing.T) {
	var dials int
	var mu sync.Mutex
	o := fastOptions()
	o.MinBackoff, o.MaxBackoff = time.Second, time.Second // a retry would show
	var seen retries
	o.OnRetry = seen.add
	o.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		mu.Lock()
		dials++
		mu.Unlock()
		// What net.Dialer returns when the name does not resolve.
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: "books.example", IsNotFound: true}}
	}
	start := time.Now()
	_, _, err := download(t, o, "http://books.example/book.txt")
	checkDNS(t, err, "http://books.example/book.txt", start)
	if dials != 1 || len(seen.get()) != 0 {
		t.Errorf("%d dials, %d retries; want 1, none", dials, len(seen.get()))
	}
}

// The same through the system's resolver, with a name that never
// resolves (RFC 2606), as when there is no network at all.
func TestDNSFailsAtOnceResolver(t *testing.T) {
	const host = "gutcount-test.invalid"
	start := time.Now()
	if _, err := net.DefaultResolver.LookupHost(context.Background(), host); err == nil {
		t.Skip("this resolver answers for .invalid")
	}
	lookup := time.Since(start)
	o := fastOptions()
	o.MinBackoff, o.MaxBackoff = time.Second, time.Second
	var seen retries
	o.OnRetry = seen.add
	start = time.Now().Add(-lookup) // the resolver's own time is not ours
	_, res, err := download(t, o, "http://"+host+"/book.txt")
	_ = res
	checkDNS(t, err, "http://"+host+"/book.txt", start)
	if len(seen.get()) != 0 {
		t.Errorf("retries %v; want none", seen.get())
	}
}

func checkDNS(t *testing.T, err error, url string, start time.Time) {
	t.Helper()
	var fe *fetch.Error
	var ne *fetch.NetworkError
	var dns *net.DNSError
	if !errors.As(err, &fe) || !errors.As(err, &ne) || !errors.As(err, &dns) {
		t.Fatalf("err = %v (%T); want a fetch.Error around a NetworkError around a net.DNSError", err, err)
	}
	if fe.Attempts != 1 || fe.Status != 0 {
		t.Errorf("Attempts %d, Status %d; want 1, 0", fe.Attempts, fe.Status)
	}
	if n := strings.Count(err.Error(), url); n != 1 {
		t.Errorf("%q names the URL %d times; want once", err, n)
	}
}

// A refused connection is retried: OnRetry hears of it before the wait,
// with the attempt, the attempts allowed, the wait and the reason.
func TestRefusedIsRetried(t *testing.T) {
	url := refusedURL(t)
	// The default backoff: the first note comes before the first wait.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var first fetch.Retry
	var at time.Duration
	start := time.Now()
	c := fetch.New(fetch.Options{OnRetry: func(r fetch.Retry) {
		if first.Attempt == 0 {
			first, at = r, time.Since(start)
		}
		cancel()
	}})
	_, err := c.Download(ctx, url, filepath.Join(t.TempDir(), "book.txt"), fetch.DownloadOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v; want the cancellation", err)
	}
	if first.URL != url || first.Attempt != 2 || first.Attempts != 6 || first.Wait < 500*time.Millisecond || first.Wait > time.Second ||
		!errors.As(first.Err, new(*fetch.NetworkError)) || !errors.Is(first.Err, syscall.ECONNREFUSED) {
		t.Errorf("first retry = %+v; want %s, attempt 2 of 6, a wait of 0.5-1s, a refused connection", first, url)
	}
	if at > 3*time.Second {
		t.Errorf("first retry heard of after %s; want within 3s", at)
	}

	// Retries run out: every one is told, and the error is typed.
	o := fastOptions()
	o.Retries = 2
	var seen retries
	o.OnRetry = seen.add
	_, _, err = download(t, o, url)
	var fe *fetch.Error
	if !errors.As(err, &fe) || fe.Attempts != 3 || !errors.As(err, new(*fetch.NetworkError)) || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("err = %v; want a NetworkError after 3 attempts", err)
	}
	if n := strings.Count(err.Error(), url); n != 1 {
		t.Errorf("%q names the URL %d times; want once", err, n)
	}
	got := seen.get()
	if len(got) != 2 || got[0].Attempt != 2 || got[1].Attempt != 3 || got[1].Attempts != 3 {
		t.Errorf("retries %+v; want attempts 2 and 3 of 3", got)
	}
}

// 5xx retries tell OnRetry the status; a Retry-After is the wait.
func TestRetryReasons(t *testing.T) {
	t.Parallel() // it waits a real Retry-After
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		switch n {
		case 1:
			http.Error(w, "busy", http.StatusServiceUnavailable)
		case 2:
			w.Header().Set("Retry-After", "1")
			http.Error(w, "later", http.StatusTooManyRequests)
		default:
			serveFile(w, r, payload, `"v1"`)
		}
	})
	o := fastOptions()
	var seen retries
	o.OnRetry = seen.add
	dst, _, err := download(t, o, s.URL+"/book.txt")
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, dst, payload)
	got := seen.get()
	var s1, s2 *fetch.StatusError
	if len(got) != 2 || !errors.As(got[0].Err, &s1) || s1.Code != 503 || !errors.As(got[1].Err, &s2) || s2.Code != 429 ||
		got[0].Wait > o.MaxBackoff || got[1].Wait != time.Second || got[0].Attempts != 6 {
		t.Errorf("retries %+v; want 503 after a backoff, then 429 after its Retry-After of 1s", got)
	}
}

// A Retry-After that no Duration holds fails at once as too long; one in
// the past means the usual backoff, not none.
func TestRetryAfterOutOfRange(t *testing.T) {
	for _, v := range []string{"999999999999999999999", "9300000000", "18446744073709551616"} {
		s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", v)
			http.Error(w, "never", http.StatusServiceUnavailable)
		})
		dst, _, err := download(t, fastOptions(), s.URL+"/book.txt")
		var we *fetch.WaitTooLongError
		if !errors.Is(err, fetch.ErrWaitTooLong) || !errors.As(err, &we) || we.Wait != math.MaxInt64 || we.RetryAfter != v || s.requests() != 1 {
			t.Errorf("Retry-After %s: err = %v, %d requests; want too long at once", v, err, s.requests())
		}
		if err != nil && !strings.Contains(err.Error(), "503 Service Unavailable: server asks to wait longer than the limit of 1m0s (Retry-After: "+v+")") {
			t.Errorf("Retry-After %s: %q does not say why", v, err)
		}
		checkNothingLeft(t, dst)
	}

	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat))
			http.Error(w, "later", http.StatusServiceUnavailable)
			return
		}
		serveFile(w, r, payload, `"v1"`)
	})
	o := fastOptions()
	o.MinBackoff, o.MaxBackoff = 40*time.Millisecond, 40*time.Millisecond
	var seen retries
	o.OnRetry = seen.add
	if _, _, err := download(t, o, s.URL+"/book.txt"); err != nil {
		t.Fatal(err)
	}
	if got := seen.get(); len(got) != 1 || got[0].Wait < 20*time.Millisecond || got[0].Wait > 40*time.Millisecond {
		t.Errorf("Retry-After in the past: retries %+v; want one after the backoff of 20-40ms", got)
	}
}

// The limit of a refused download is stated, in the error and its type.
func TestTooLargeStatesTheLimit(t *testing.T) {
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chunked" {
			w.Write(payload)
			return
		}
		serveFile(w, r, payload, `"v1"`)
	})
	for path, want := range map[string]fetch.TooLargeError{
		"/known":   {Limit: 512 << 10, Size: int64(len(payload))},
		"/chunked": {Limit: 512 << 10, Size: -1},
	} {
		o := fastOptions()
		o.MaxSize = 512 << 10
		_, _, err := download(t, o, s.URL+path)
		var te *fetch.TooLargeError
		if !errors.As(err, &te) || *te != want || !errors.Is(err, fetch.ErrTooLarge) {
			t.Errorf("%s: err = %v; want %+v", path, err, want)
			continue
		}
		msg := "fetch: GET " + s.URL + path + ": larger than the size limit of 512 KiB"
		if want.Size > 0 {
			msg = "fetch: GET " + s.URL + path + ": 1.0 MiB is larger than the size limit of 512 KiB"
		}
		if err.Error() != msg {
			t.Errorf("%s: %q; want %q", path, err, msg)
		}
	}
}

// A wait too long is typed and says both durations.
func TestWaitTooLongSays(t *testing.T) {
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "much later", http.StatusServiceUnavailable)
	})
	o := fastOptions()
	o.MaxWait = time.Second
	_, _, err := download(t, o, s.URL+"/book.txt")
	var we *fetch.WaitTooLongError
	if !errors.As(err, &we) || we.Wait != time.Hour || we.Limit != time.Second {
		t.Fatalf("err = %v; want a WaitTooLongError of 1h against 1s", err)
	}
	want := "fetch: GET " + s.URL + "/book.txt: 503 Service Unavailable: server asks to wait 1h0m0s, longer than the limit of 1s"
	if err.Error() != want {
		t.Errorf("%q; want %q", err, want)
	}
}

// fileFull fails every write as an *os.File on a full disk does.
type fileFull struct{ f *os.File }

func (w fileFull) Write(p []byte) (int, error) {
	return 0, &os.PathError{Op: "write", Path: w.f.Name(), Err: syscall.ENOSPC}
}

// A full disk names the .part once.
func TestFullDiskSaysItOnce(t *testing.T) {
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) { serveFile(w, r, payload, `"v1"`) })
	o := fastOptions()
	o.WrapWriter = func(w io.Writer) io.Writer { return fileFull{w.(*os.File)} }
	dst, _, err := download(t, o, s.URL+"/book.txt")
	want := "fetch: GET " + s.URL + "/book.txt: write " + dst + ".part: no space left on device"
	if err == nil || err.Error() != want || !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("full disk: %v; want %q", err, want)
	}
	checkNothingLeft(t, dst)
}

// Whatever fails, the message names the URL once, and Hint ends it.
func TestErrorNamesURLOnce(t *testing.T) {
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/404":
			http.NotFound(w, r)
		case "/502":
			http.Error(w, "down", http.StatusBadGateway)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/short":
			resetAfter(w, payload, 1000, `"v1"`)
		default:
			serveFile(w, r, payload, `"v1"`)
		}
	})
	o := fastOptions()
	o.Retries = 1
	o.Hint = func(err error) string { return "HINT " + fmt.Sprintf("%T", err) }
	hintEnd := regexp.MustCompile(`\((after \d+ attempts; )?HINT (\*[\w.]+)\)$`)
	for url, typ := range map[string]string{
		s.URL + "/404": "*fetch.StatusError", s.URL + "/502": "*fetch.StatusError", refusedURL(t): "*fetch.NetworkError",
		s.URL + "/loop": "", s.URL + "/short": "", "ftp://example.org/x": "", "http://[::1": "",
	} {
		_, _, err := download(t, o, url)
		if err == nil {
			t.Errorf("%s: no error", url)
			continue
		}
		if n := strings.Count(err.Error(), url); n != 1 {
			t.Errorf("%q names %s %d times; want once", err, url, n)
		}
		if m := hintEnd.FindStringSubmatch(err.Error()); m == nil || typ != "" && m[2] != typ {
			t.Errorf("%q: want it to end with the hint on a %s", err, typ)
		}
	}
}
