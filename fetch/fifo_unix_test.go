//go:build unix

package fetch_test

import (
	"context"
	"net/http"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/gutcount/gutcount/fetch"
)

// A FIFO planted at the .part or its sidecar is replaced, not written
// into, and nothing waits for its other end.
func TestFIFOsReplaced(t *testing.T) {
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) { serveFile(w, r, payload, `"v1"`) })
	for _, planted := range []string{".part", ".part.json"} {
		dst := filepath.Join(t.TempDir(), "book.txt")
		if err := syscall.Mkfifo(dst+planted, 0o644); err != nil {
			t.Skip("no FIFOs:", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := fetch.New(fastOptions()).Download(ctx, s.URL+"/book.txt", dst, fetch.DownloadOptions{})
		cancel()
		if err != nil {
			t.Fatalf("FIFO at %s: %v", planted, err)
		}
		checkFile(t, dst, payload)
	}
}
