//go:build unix

package fetch_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/gutcount/gutcount/fetch"
)

// A process killed while the body stalls, after a fast burst, has made
// the burst durable: the next Download resumes after it.
func TestCheckpointDuringStall(t *testing.T) {
	t.Parallel() // it waits for a real checkpoint
	const burst = 300000
	stalled := make(chan struct{})
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Content-Length", fmt.Sprint(len(payload)))
			w.Write(payload[:burst])
			w.(http.Flusher).Flush()
			close(stalled)
			select {
			case <-r.Context().Done():
			case <-time.After(20 * time.Second):
			}
			return
		}
		serveFile(w, r, payload, `"v1"`)
	})
	dst := filepath.Join(t.TempDir(), "book.txt")
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), "FETCH_TEST_CHILD_URL="+s.URL+"/book.txt", "FETCH_TEST_CHILD_DST="+dst)
	var stderr bytes.Buffer
	child.Stderr = &stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-stalled:
	case <-time.After(10 * time.Second):
		child.Process.Kill()
		child.Wait()
		t.Fatalf("the child never asked for the file: %s", stderr.String())
	}
	time.Sleep(1500 * time.Millisecond)
	child.Process.Signal(syscall.SIGKILL)
	child.Wait()

	res, err := fetch.New(fastOptions()).Download(context.Background(), s.URL+"/book.txt", dst, fetch.DownloadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, dst, payload)
	if s.requests() != 2 || s.ranges[1] != fmt.Sprintf("bytes=%d-", burst) || !res.Resumed {
		t.Errorf("requests %d, ranges %q, resumed %v; want the second from byte %d", s.requests(), s.ranges, res.Resumed, burst)
	}
}
