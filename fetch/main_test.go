package fetch_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/gutcount/gutcount/fetch"
)

// TestMain runs the test binary as a downloading child process when
// FETCH_TEST_CHILD_URL is set (TestCheckpointDuringStall kills it).
func TestMain(m *testing.M) {
	if url := os.Getenv("FETCH_TEST_CHILD_URL"); url != "" {
		c := fetch.New(fetch.Options{Retries: -1, IdleTimeout: time.Minute})
		if _, err := c.Download(context.Background(), url, os.Getenv("FETCH_TEST_CHILD_DST"), fetch.DownloadOptions{}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}
