package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// slowWriter makes a response trickle so a test can kill the client in the
// middle of it.
type slowWriter struct {
	http.ResponseWriter
	delay time.Duration
}

func (s slowWriter) Write(p []byte) (int, error) {
	time.Sleep(s.delay)
	n, err := s.ResponseWriter.Write(p)
	s.ResponseWriter.(http.Flusher).Flush()
	return n, err
}

// bigServer serves a 16 MiB file with an ETag; slow makes it trickle.
type bigServer struct {
	*httptest.Server
	body   []byte
	slow   atomic.Bool
	mu     sync.Mutex
	ranges []string
}

func newBigServer(t *testing.T) *bigServer {
	r := rand.New(rand.NewPCG(3, 4))
	b := make([]byte, 16<<20)
	for i := range b {
		b[i] = "abcdefgh \n"[r.IntN(10)]
	}
	s := &bigServer{body: b}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.ranges = append(s.ranges, r.Header.Get("Range"))
		s.mu.Unlock()
		w.Header().Set("ETag", `"big-1"`)
		if s.slow.Load() {
			// 10 ms a 32 KiB write: 5 s for the file. A test sees the
			// .part's first checkpoint a second in, and has the other
			// four, loaded or not, to stop the download in the middle
			// (at 3 ms it had half a second).
			w = slowWriter{w, 10 * time.Millisecond}
		}
		http.ServeContent(w, r, "big.txt", time.Unix(1700000000, 0), bytes.NewReader(s.body))
	}))
	t.Cleanup(s.Close)
	return s
}

func gutcountCmd(args ...string) *exec.Cmd {
	c := exec.Command(os.Args[0], args...)
	// A binary built with -race sleeps a second before it exits, unless
	// told not to.
	c.Env = append(os.Environ(), "GUTCOUNT_TEST_MAIN=1", "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	return c
}

// waitPart waits until the .part sidecar in cache records an offset above 0.
func waitPart(t *testing.T, cache string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		side, _ := filepath.Glob(filepath.Join(cache, "books", "*.txt.part.json"))
		if len(side) == 1 {
			var info struct{ Offset int64 }
			if b, err := os.ReadFile(side[0]); err == nil && json.Unmarshal(b, &info) == nil && info.Offset > 0 {
				return strings.TrimSuffix(side[0], ".json")
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("no .part with a synced offset appeared")
	return ""
}

// 11. The binary killed with SIGKILL in the middle of a download resumes
// from its .part on the next run; the .part is never served as a book.
func TestKillAndResume(t *testing.T) {
	s := newBigServer(t)
	s.slow.Store(true)
	cache := t.TempDir()
	out := filepath.Join(t.TempDir(), "big.txt")
	url := s.URL + "/big.txt"
	c := gutcountCmd("--cache-dir", cache, "fetch", url, "-o", out)
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	part := waitPart(t, cache)
	c.Process.Signal(syscall.SIGKILL)
	c.Wait()
	if _, err := os.Stat(part); err != nil {
		t.Fatalf(".part gone after SIGKILL: %v", err)
	}

	// With the server gone, the .part is not taken for the book.
	s.Close()
	b, err := gutcountCmd("--cache-dir", cache, "--retries", "1", "count", "a", url).CombinedOutput()
	if code := exitCodeOf(err); code != exitIO {
		t.Fatalf("count over a .part with the server down: exit %d (%s); want 3", code, b)
	}

	s2 := newBigServerAt(t, s)
	b, err = gutcountCmd("--cache-dir", cache, "fetch", s2.URL+"/big.txt", "-o", out).CombinedOutput()
	if err != nil {
		t.Fatalf("second run: %v: %s", err, b)
	}
	got, _ := os.ReadFile(out)
	if !bytes.Equal(got, s.body) {
		t.Fatalf("resumed file differs from the server's (%d of %d bytes)", len(got), len(s.body))
	}
	if len(s2.ranges) != 1 || !strings.HasPrefix(s2.ranges[0], "bytes=") || s2.ranges[0] == "bytes=0-" {
		t.Errorf("second run's requests: ranges %q; want one resume", s2.ranges)
	}
}

// newBigServerAt serves old's body again, now quickly, on a new port, under
// the same path: the resume must still fit (same ETag), though the URL and
// so the key differ; so it copies the .part to the new key first.
func newBigServerAt(t *testing.T, old *bigServer) *bigServer {
	s := &bigServer{body: old.body}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.ranges = append(s.ranges, r.Header.Get("Range"))
		s.mu.Unlock()
		w.Header().Set("ETag", `"big-1"`)
		http.ServeContent(w, r, "big.txt", time.Unix(1700000000, 0), bytes.NewReader(s.body))
	}))
	// Listen where the old server was, so the URL (and the store key) is
	// the same as the killed run's.
	l, err := netListen(old.Listener.Addr().String())
	if err != nil {
		t.Skip("cannot listen on the old address again:", err)
	}
	s.Listener.Close()
	s.Listener = l
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func exitCodeOf(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// 12. SIGINT in the middle: exit 130 and the .part is kept.
func TestInterrupt(t *testing.T) {
	s := newBigServer(t)
	s.slow.Store(true)
	cache := t.TempDir()
	c := gutcountCmd("--cache-dir", cache, "fetch", s.URL+"/big.txt")
	var stderr bytes.Buffer
	c.Stderr = &stderr
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	part := waitPart(t, cache)
	c.Process.Signal(syscall.SIGINT)
	err := c.Wait()
	if code := exitCodeOf(err); code != exitInterrupted {
		t.Errorf("exit %d after SIGINT (%s); want 130", code, stderr.String())
	}
	if fi, err := os.Stat(part); err != nil || fi.Size() == 0 {
		t.Errorf(".part after SIGINT: %v; want it kept", err)
	}
	if _, err := os.Stat(part + ".json"); err != nil {
		t.Errorf(".part sidecar after SIGINT: %v; want it kept", err)
	}
}
