package fetch_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/gutcount/gutcount/fetch"
)

// BenchmarkDownload50MB fetches 50 MB from a local server into a file:
// the throughput includes the fsync and the SHA-256 of the file.
func BenchmarkDownload50MB(b *testing.B) {
	body := bytes.Repeat([]byte("0123456789abcdef"), 50_000_000/16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"bench"`)
		http.ServeContent(w, r, "big.txt", modTime, bytes.NewReader(body))
	}))
	defer srv.Close()
	c := fetch.New(fetch.Options{})
	dir := b.TempDir()
	b.SetBytes(int64(len(body)))
	for i := 0; b.Loop(); i++ {
		dst := filepath.Join(dir, "big.txt")
		if _, err := c.Download(context.Background(), srv.URL+"/big.txt", dst, fetch.DownloadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
