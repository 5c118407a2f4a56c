// Command serveload sends requests to a gutcount serve, C at a time, and
// reports requests per second and latencies; bench/serve.sh runs it.
//
//	serveload -c 200 -n 2000 'http://127.0.0.1:8080/api/books/2701/kwic?word=whale&norm=n'
package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"
)

func main() {
	conc := flag.Int("c", 200, "requests in flight at once")
	total := flag.Int("n", 2000, "requests in all")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: serveload [-c N] [-n N] URL")
		os.Exit(2)
	}
	url := flag.Arg(0)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *conc, MaxConnsPerHost: *conc}}
	jobs := make(chan struct{})
	var mu sync.Mutex
	var lat []time.Duration
	var bytes int64
	codes := map[int]int{}
	var wg sync.WaitGroup
	start := time.Now()
	for range *conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				t := time.Now()
				resp, err := client.Get(url)
				code, n := 0, int64(0)
				if err == nil {
					n, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					code = resp.StatusCode
				}
				d := time.Since(t)
				mu.Lock()
				lat, bytes = append(lat, d), bytes+n
				codes[code]++
				mu.Unlock()
			}
		}()
	}
	for range *total {
		jobs <- struct{}{}
	}
	close(jobs)
	wg.Wait()
	wall := time.Since(start)
	slices.Sort(lat)
	q := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Printf("requests=%d concurrency=%d wall=%.2fs requests_per_s=%.1f MB_per_s=%.1f p50=%s p99=%s max=%s statuses=%v\n",
		*total, *conc, wall.Seconds(), float64(*total)/wall.Seconds(), float64(bytes)/wall.Seconds()/1e6,
		q(0.5).Round(time.Millisecond), q(0.99).Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond), codes)
	if codes[200] != *total {
		os.Exit(1)
	}
}
