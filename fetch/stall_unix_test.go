//go:build unix

package fetch_test

import (
	"bytes"
	"context"
	"encoding/json"
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
			<-r.Context().Done() // the child is killed
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
	<-stalled
	// The event: the checkpoint of the stall records the burst.
	for {
		var side struct {
			Offset int64 `json:"offset"`
		}
		if b, err := os.ReadFile(dst + fetch.PartSuffix + ".json"); err == nil && json.Unmarshal(b, &side) == nil && side.Offset == burst {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
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
