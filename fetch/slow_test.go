package fetch_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gutcount/gutcount/fetch"
)

// drip announces the whole payload, sends its first cut bytes, then one
// byte every tick until the client goes away: a body that never stalls
// long enough for the idle watchdog and never ends.
func drip(w http.ResponseWriter, r *http.Request, cut int, tick time.Duration) {
	w.Header().Set("ETag", `"v1"`)
	w.Header().Set("Content-Length", fmt.Sprint(len(payload)))
	w.Write(payload[:cut])
	w.(http.Flusher).Flush()
	t := time.NewTicker(tick)
	defer t.Stop()
	for i := cut; i < len(payload); i++ {
		select {
		case <-r.Context().Done():
			return
		case <-t.C:
		}
		if _, err := w.Write(payload[i : i+1]); err != nil {
			return
		}
		w.(http.Flusher).Flush()
	}
}

// Case 9 of issue 19: a body that drips below the low-speed limit is cut
// and resumed, although every byte resets the idle watchdog.
func TestDripIsCutAndResumed(t *testing.T) {
	const cut = 100000
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			drip(w, r, cut, 10*time.Millisecond)
			return
		}
		serveFile(w, r, payload, `"v1"`)
	})
	o := fastOptions()
	o.SpeedTime = 200 * time.Millisecond // at 1 KiB/s, 204 bytes a window; the drip brings about 20
	var reasons []error
	o.OnRetry = func(r fetch.Retry) { reasons = append(reasons, r.Err) }
	dst, res, err := download(t, o, s.URL+"/book.txt")
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, dst, payload)
	var from int
	if s.requests() == 2 {
		fmt.Sscanf(s.ranges[1], "bytes=%d-", &from)
	}
	if s.requests() != 2 || from < cut || !res.Resumed {
		t.Errorf("requests %d, ranges %q, resumed %v; want a second request from byte %d or later", s.requests(), s.ranges, res.Resumed, cut)
	}
	var slow *fetch.SlowError
	if len(reasons) != 1 || !errors.As(reasons[0], &slow) || slow.Min != 1024 {
		t.Errorf("retry reasons %v; want one *SlowError at 1 KiB/s", reasons)
	}
}

// With no retries left, the drip fails with a *SlowError and the .part
// stays to be resumed.
func TestDripFails(t *testing.T) {
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		drip(w, r, 1000, 10*time.Millisecond)
	})
	o := fastOptions()
	o.Retries = -1
	o.SpeedTime = 200 * time.Millisecond
	dst, _, err := download(t, o, s.URL+"/book.txt")
	var slow *fetch.SlowError
	if !errors.As(err, &slow) {
		t.Fatalf("Download = %v; want a *SlowError", err)
	}
	if fi, err := os.Stat(dst + fetch.PartSuffix); err != nil || fi.Size() < 1000 {
		t.Errorf("the .part: %v, %v; want it kept with the 1000 bytes that came", fi, err)
	}
}

// The whole download has a deadline, retries and waits included: a server
// that always drips within the limit and breaks off runs into it.
func TestDeadline(t *testing.T) {
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		abortAfter(w, payload, 10, `"v1"`)
	})
	o := fastOptions()
	o.Retries = 1 << 20
	o.Deadline = 300 * time.Millisecond
	dst := filepath.Join(t.TempDir(), "book.txt")
	_, err := fetch.New(o).Download(context.Background(), s.URL+"/book.txt", dst, fetch.DownloadOptions{})
	var dl *fetch.DeadlineError
	var fe *fetch.Error
	if !errors.As(err, &dl) || dl.Limit != o.Deadline || !errors.As(err, &fe) {
		t.Fatalf("Download = %v; want a *fetch.Error with a *DeadlineError of %s", err, o.Deadline)
	}
	if errors.Is(err, context.Canceled) {
		t.Errorf("Download = %v; a deadline is not an interruption", err)
	}
}
