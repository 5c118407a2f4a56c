package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// batchBooks are the UTF-8 and Latin-1 books the batch mirror serves; ID n
// is batchBooks[n % len].
var batchBooks = []string{
	"pg11-alice.txt", "pg1342-pride-and-prejudice.txt", "pg2701-moby-dick-modern.txt",
	"pg2229-faust-de.txt", "pg17989-monte-cristo-fr.txt", "pg2000-don-quijote-latin1.txt",
	"pg10026-mirror-of-literature-nospace.txt",
}

// batchMirror serves books under /cache/epub/N/pgN.txt with faults: IDs
// ending in 3 are missing (404), IDs ending in 7 break their first body
// half way, IDs ending in 9 answer 503 first.
type batchMirror struct {
	*httptest.Server
	delay time.Duration
	mu    sync.Mutex
	seen  map[string]int
}

func newBatchMirror(t *testing.T, delay time.Duration) *batchMirror {
	m := &batchMirror{delay: delay, seen: map[string]int{}}
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var id int
		if _, err := fmt.Sscanf(r.URL.Path, "/cache/epub/%d/", &id); err != nil || id%10 == 3 {
			http.NotFound(w, r)
			return
		}
		time.Sleep(m.delay)
		m.mu.Lock()
		m.seen[r.URL.Path]++
		n := m.seen[r.URL.Path]
		m.mu.Unlock()
		b, err := os.ReadFile(filepath.Join(sharedCorpus, "books", batchBooks[id%len(batchBooks)]))
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		switch {
		case id%10 == 9 && n == 1:
			w.Header().Set("Retry-After", "0")
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		case id%10 == 7 && n == 1:
			w.Header().Set("ETag", fmt.Sprintf(`"%d"`, id))
			w.Header().Set("Content-Length", fmt.Sprint(len(b)))
			w.Write(b[:len(b)/2])
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler)
		}
		w.Header().Set("ETag", fmt.Sprintf(`"%d"`, id))
		http.ServeContent(w, r, "book.txt", time.Unix(1700000000, 0), bytes.NewReader(b))
	}))
	t.Cleanup(m.Close)
	return m
}

// refBookCount counts word in a whole book file, decoding Latin-1 by hand.
func refBookCount(t *testing.T, name, word string) int64 {
	b, err := os.ReadFile(filepath.Join(sharedCorpus, "books", name))
	if err != nil {
		t.Skip("shared corpus not found")
	}
	s := strings.TrimPrefix(string(b), "\ufeff")
	if strings.Contains(name, "latin1") {
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		s = string(r)
	}
	return int64(refCount(s, word))
}

func writeList(t *testing.T, ids []int) string {
	var sb strings.Builder
	sb.WriteString("# a batch list\n\n")
	for _, id := range ids {
		fmt.Fprintf(&sb, "%d\n", id)
	}
	for _, id := range ids[:3] {
		fmt.Fprintf(&sb, "%d\n", id) // duplicates are taken once
	}
	p := filepath.Join(t.TempDir(), "list.txt")
	os.WriteFile(p, []byte(sb.String()), 0o644)
	return p
}

func readResults(t *testing.T, path string) []BookResult {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []BookResult
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		var r BookResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, r)
	}
	return out
}

// A batch of 200 items with about 10 percent faults: every item ends done
// with the right counts, or failed with its reason.
func TestBatchWithFaults(t *testing.T) {
	m := newBatchMirror(t, 0)
	ids := make([]int, 200)
	for i := range ids {
		ids[i] = 1000 + i
	}
	list := writeList(t, ids)
	out := t.TempDir()
	_, errs, code := gutcount(t, "", "--mirror", m.URL, "--cache-dir", t.TempDir(), "batch", list,
		"--raw", "-w", "the", "-w", "und", "--freq", "-j", "8", "--out", out)
	if code != exitBatchFailed {
		t.Fatalf("exit %d; want 4 (the 404s): %s", code, errs)
	}
	if !strings.Contains(errs, "200 items: 180 done now, 0 done before, 20 failed") {
		t.Errorf("summary: %s", errs)
	}
	for _, id := range ids {
		if id%10 == 3 && !strings.Contains(errs, fmt.Sprintf("failed: %d: book %d is not on", id, id)) {
			t.Errorf("no failure reported for %d", id)
		}
	}
	res := readResults(t, filepath.Join(out, "results.jsonl"))
	if len(res) != 180 {
		t.Fatalf("%d results; want 180", len(res))
	}
	want := map[string][2]int64{}
	for _, name := range batchBooks {
		want[name] = [2]int64{refBookCount(t, name, "the"), refBookCount(t, name, "und")}
	}
	for i, r := range res {
		var id int
		fmt.Sscan(r.Source, &id)
		w := want[batchBooks[id%len(batchBooks)]]
		if r.Counts["the"] != w[0] || r.Counts["und"] != w[1] || r.ID != id {
			t.Errorf("result %d (%s): counts %v, id %d; want the=%d und=%d", i, r.Source, r.Counts, r.ID, w[0], w[1])
		}
		if i > 0 && res[i-1].Item >= r.Item {
			t.Errorf("results not in list order at %d", i)
		}
	}
	// A second run does nothing but retry the failed items.
	_, errs, code = gutcount(t, "", "--mirror", m.URL, "--cache-dir", t.TempDir(), "batch", list,
		"--raw", "-w", "the", "-w", "und", "--freq", "-j", "8", "--out", out)
	if code != exitBatchFailed || !strings.Contains(errs, "200 items: 0 done now, 180 done before, 20 failed") {
		t.Errorf("second run: exit %d, %s", code, errs)
	}
	_, errs, _ = gutcount(t, "", "--mirror", m.URL, "--cache-dir", t.TempDir(), "batch", list,
		"--raw", "-w", "the", "-w", "und", "--freq", "--skip-failed", "--out", out)
	if !strings.Contains(errs, "(earlier run, --skip-failed)") {
		t.Errorf("--skip-failed: %s", errs)
	}
}

// Shards 1/3, 2/3 and 3/3 cover the list once, and merging their
// frequencies gives the unsharded run's, byte for byte.
func TestBatchShardsMerge(t *testing.T) {
	m := newBatchMirror(t, 0)
	var ids []int
	for i := 0; i < 40; i++ {
		if id := 2000 + i; id%10 != 3 {
			ids = append(ids, id)
		}
	}
	list := writeList(t, ids)
	cache := t.TempDir()
	whole, shards := t.TempDir(), t.TempDir()
	run := func(out string, extra ...string) {
		args := append([]string{"--mirror", m.URL, "--cache-dir", cache, "batch", list, "-n", "--freq", "-w", "whale", "--out", out}, extra...)
		if _, errs, code := gutcount(t, "", args...); code != 0 {
			t.Fatalf("batch %v: exit %d: %s", extra, code, errs)
		}
	}
	run(whole)
	seen := map[int]int{}
	var files []string
	for k := 1; k <= 3; k++ {
		run(shards, "--shard", fmt.Sprintf("%d/3", k))
		for _, r := range readResults(t, filepath.Join(shards, fmt.Sprintf("results-%d-of-3.jsonl", k))) {
			seen[r.Item]++
		}
		files = append(files, filepath.Join(shards, fmt.Sprintf("freq-%d-of-3.txt", k)))
	}
	if len(seen) != len(ids) {
		t.Errorf("shards covered %d items; want %d", len(seen), len(ids))
	}
	for item, n := range seen {
		if n != 1 {
			t.Errorf("item %d in %d shards", item, n)
		}
	}
	merged, errs, code := gutcount(t, "", append([]string{"merge"}, files...)...)
	if code != 0 {
		t.Fatalf("merge: %s", errs)
	}
	want, _ := os.ReadFile(filepath.Join(whole, "freq.txt"))
	if merged != string(want) || len(want) == 0 {
		t.Errorf("merged shards (%d bytes) differ from the unsharded freq.txt (%d bytes)", len(merged), len(want))
	}
	// auto/N takes the index of a Kubernetes Indexed Job.
	o := &BatchOptions{Shard: "auto/3", Getenv: func(k string) string {
		return map[string]string{"JOB_COMPLETION_INDEX": "2"}[k]
	}}
	if s, err := parseShardOpt(o); err != nil || s.K != 3 {
		t.Errorf("auto/3 with JOB_COMPLETION_INDEX=2: %v, %v; want shard 3", s, err)
	}
}

// A batch killed with SIGKILL at several points and run again until it
// finishes gives the results of an uninterrupted run, and counts no book
// twice.
func TestBatchKilledAndResumed(t *testing.T) {
	m := newBatchMirror(t, 40*time.Millisecond)
	var ids []int
	for i := 0; i < 60; i++ {
		if id := 3000 + i; id%10 != 3 {
			ids = append(ids, id)
		}
	}
	list := writeList(t, ids)
	args := func(out, cache string) []string {
		return []string{"--mirror", m.URL, "--cache-dir", cache, "batch", list, "--raw", "-i", "--freq", "-w", "the", "-j", "3", "--out", out}
	}
	ref := t.TempDir()
	if _, errs, code := gutcount(t, "", args(ref, t.TempDir())...); code != 0 {
		t.Fatalf("uninterrupted run: exit %d: %s", code, errs)
	}
	out, cache := t.TempDir(), t.TempDir()
	for _, after := range []int{3, 12, 25, 40} {
		c := gutcountCmd(args(out, cache)...)
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			b, _ := os.ReadFile(filepath.Join(out, "journal.jsonl"))
			if bytes.Count(b, []byte("\n")) >= after {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		c.Process.Signal(syscall.SIGKILL)
		c.Wait()
	}
	b, err := gutcountCmd(args(out, cache)...).CombinedOutput()
	if err != nil {
		t.Fatalf("final run: %v: %s", err, b)
	}
	for _, f := range []string{"results.jsonl", "freq.txt"} {
		got, _ := os.ReadFile(filepath.Join(out, f))
		want, _ := os.ReadFile(filepath.Join(ref, f))
		if !bytes.Equal(got, want) || len(want) == 0 {
			t.Errorf("%s after kills and resumes differs from the uninterrupted run's", f)
		}
	}
	// Every item is in the journal, none was counted twice in the end.
	res := readResults(t, filepath.Join(out, "results.jsonl"))
	items := map[int]bool{}
	for _, r := range res {
		if items[r.Item] {
			t.Errorf("item %d twice", r.Item)
		}
		items[r.Item] = true
	}
	if len(items) != len(ids) {
		t.Errorf("%d items done; want %d", len(items), len(ids))
	}
}

func TestBatchBadLists(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, []byte("# nothing\n\n"), 0o644)
	bad := filepath.Join(dir, "bad.txt")
	sample, _ := filepath.Abs("../../testdata/sample/whale-primer.txt")
	os.WriteFile(bad, []byte(sample+"\nnot a source\n"+sample+"\n"), 0o644)
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"batch", filepath.Join(dir, "missing.txt"), "--freq"}, exitUsage, "cannot read the list"},
		{[]string{"batch", empty, "--freq"}, exitUsage, "has no sources"},
		{[]string{"batch", bad, "--freq", "--shard", "0/3"}, exitUsage, "K is 0, outside 1 to 3"},
		{[]string{"batch", bad, "--freq", "--shard", "4/3"}, exitUsage, "K is 4, outside 1 to 3"},
		{[]string{"batch", bad, "--freq", "--shard", "x"}, exitUsage, `--shard "x": no /`},
		{[]string{"batch", bad}, exitUsage, "needs -w WORD or --freq"},
		{[]string{"batch", bad, "-w", "whale", "--out", filepath.Join(dir, "out")}, exitBatchFailed, `failed: not a source: line 2: source "not a source" is not -`},
	} {
		_, errs, code := gutcount(t, "", c.args...)
		if code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("gutcount %v: exit %d, %q; want %d, %q", c.args, code, errs, c.code, c.msg)
		}
	}
	res := readResults(t, filepath.Join(dir, "out", "results.jsonl"))
	if len(res) != 1 || res[0].Counts["whale"] != 3 {
		t.Errorf("the valid line of a list with a bad one: %+v; want whale=3", res)
	}

}
