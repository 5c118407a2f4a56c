package corpus_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/fetch"
)

func TestPolite(t *testing.T) {
	for host, want := range map[string]bool{
		"www.gutenberg.org": true, "gutenberg.org": true, "aleph.gutenberg.org": true, "WWW.Gutenberg.ORG": true,
		"www.gutenberg.org.": true, "gutenberg.org.example": false, "notgutenberg.org": false, "127.0.0.1": false, "": false,
	} {
		if corpus.Polite(host) != want {
			t.Errorf("Polite(%q) = %v; want %v", host, !want, want)
		}
		rate := corpus.PoliteRate(3 * time.Second)(host)
		if wantRate := map[bool]time.Duration{true: 3 * time.Second}[want]; rate != wantRate {
			t.Errorf("PoliteRate(3s)(%q) = %s; want %s", host, rate, wantRate)
		}
	}
	if rate := corpus.PoliteRate(0)("www.gutenberg.org"); rate != 0 {
		t.Errorf("PoliteRate(0)(www.gutenberg.org) = %s; want 0 (--rate 0: no spacing)", rate)
	}
}

// Requests to gutenberg.org hosts go at most one every PoliteRate,
// whatever the number of goroutines.
func TestPoliteRateSpacesGutenberg(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time // when each connection was opened
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("book")) }))
	defer s.Close()
	c := fetch.New(fetch.Options{
		Rate: corpus.PoliteRate(150 * time.Millisecond),
		Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
			mu.Lock()
			times = append(times, time.Now())
			mu.Unlock()
			return (&net.Dialer{}).DialContext(ctx, network, s.Listener.Addr().String())
		},
	})
	dir := t.TempDir()
	start := time.Now()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			url := fmt.Sprintf("http://www.gutenberg.org/cache/epub/%d/pg%d.txt", i, i)
			if _, err := c.Download(context.Background(), url, filepath.Join(dir, fmt.Sprint(i)), fetch.DownloadOptions{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	// The k-th goes no sooner than k gaps after the start: scheduling can
	// only delay what is observed, so this cannot fail by chance.
	const gap = 150 * time.Millisecond
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	for k, at := range times {
		if at.Before(start.Add(time.Duration(k) * gap)) {
			t.Errorf("request %d to gutenberg.org went %s after the start; want at least %s", k, at.Sub(start), time.Duration(k)*gap)
		}
	}
	if len(times) != 4 {
		t.Errorf("%d requests; want 4", len(times))
	}
}
