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
	"unicode"
)

// A shelf of small books made here: the batch tests need nothing from
// outside. Each book has a Gutenberg header and footer (with words that
// must not be counted) and a body of its own; one is Latin-1 with no
// declaration, one has CRLF line ends.
type shelfBook struct {
	body    string // as text (UTF-8)
	latin1  bool
	crlf    bool
	content []byte // as served
}

var shelf = func() []shelfBook {
	bodies := []string{
		"War and peace. The war was long; war, war and more war.",
		"Der Krieg und der Frieden und die Liebe: und so weiter, war es.",
		"El corazón del hombre y la guerra, war corazón.",
		"Whale! The whale, the white whale; war on the whale.",
		"Une guerre et une paix, la guerre war war.",
	}
	books := make([]shelfBook, len(bodies))
	for i, b := range bodies {
		var body strings.Builder
		for j := range 200 {
			fmt.Fprintf(&body, "%s (%d)\n", b, j)
		}
		sb := shelfBook{body: body.String(), latin1: i == 2, crlf: i == 1}
		text := "Title: Book " + fmt.Sprint(i) + "\n\n*** START OF THE PROJECT GUTENBERG EBOOK BOOK ***\n" +
			sb.body + "*** END OF THE PROJECT GUTENBERG EBOOK BOOK ***\nwar und the whale: licence words\n"
		if sb.crlf {
			text = strings.ReplaceAll(text, "\n", "\r\n")
		}
		sb.content = []byte(text)
		if sb.latin1 {
			sb.content = sb.content[:0:0]
			for _, r := range text {
				sb.content = append(sb.content, byte(r))
			}
		}
		books[i] = sb
	}
	return books
}()

// refWords counts word among the body's tokens, normalised with -n if n.
func refWords(body, word string, n bool) int64 {
	var c int64
	for _, f := range strings.FieldsFunc(body, unicode.IsSpace) {
		if n {
			f = strings.ToLower(strings.TrimFunc(f, unicode.IsPunct))
		}
		if f == word {
			c++
		}
	}
	return c
}

// batchMirror serves the shelf under /cache/epub/N/pgN.txt, book N % 5,
// with faults: IDs ending in 3 are missing (404), IDs ending in 7 break
// their first body half way, IDs ending in 9 answer 503 first.
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
		b := shelf[id%len(shelf)].content
		switch {
		case id%10 == 9 && n == 1:
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

// result is a line of results.jsonl.
type result struct {
	Item   int              `json:"item"`
	Line   int              `json:"line"`
	Source string           `json:"source"`
	ID     int              `json:"gutenberg_id"`
	Title  string           `json:"title"`
	Tokens int64            `json:"tokens"`
	Counts map[string]int64 `json:"counts"`
	Freq   string           `json:"freq"`
}

func readResults(t *testing.T, path string) []result {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []result
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		var r result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, r)
	}
	return out
}

func ids(from, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = from + i
	}
	return out
}

// A batch over the shelf with faults: every item ends done with the right
// counts, or failed with its reason, in list order; a rerun retries only
// the failures.
func TestBatchWithFaults(t *testing.T) {
	m := newBatchMirror(t, 0)
	list := writeList(t, ids(1000, 40))
	out, cache := t.TempDir(), t.TempDir()
	args := []string{"--mirror", m.URL, "--cache-dir", cache, "batch", list, "-n", "-w", "war", "-w", "und", "--freq", "-j", "4", "--out", out}
	_, errs, code := gutcount(t, "", args...)
	if code != exitBatchFailed {
		t.Fatalf("exit %d; want 4 (the 404s): %s", code, errs)
	}
	if !strings.Contains(errs, "40 items: 36 done now, 0 done before, 4 failed") {
		t.Errorf("summary: %s", errs)
	}
	if want := "failed: 1003: book 1003 is not on"; !strings.Contains(errs, want) || strings.Index(errs, "1003:") > strings.Index(errs, "1013:") {
		t.Errorf("failures: %s; want them in list order, with the reason", errs)
	}
	res := readResults(t, filepath.Join(out, "results.jsonl"))
	if len(res) != 36 {
		t.Fatalf("%d results; want 36", len(res))
	}
	for i, r := range res {
		var id int
		fmt.Sscan(r.Source, &id)
		b := shelf[id%len(shelf)]
		want := map[string]int64{"war": refWords(b.body, "war", true), "und": refWords(b.body, "und", true)}
		if r.Counts["war"] != want["war"] || r.Counts["und"] != want["und"] || r.ID != id || r.Title != fmt.Sprint("Book ", id%len(shelf)) {
			t.Errorf("result %d (%s): %+v; want counts %v", i, r.Source, r, want)
		}
		if i > 0 && res[i-1].Item >= r.Item {
			t.Errorf("results not in list order at %d", i)
		}
	}
	// The merged frequencies are the sum of the books' tables.
	merged, _ := os.ReadFile(filepath.Join(out, "freq.txt"))
	if !bytes.Contains(merged, []byte(fmt.Sprintf("war %d\n", sumCounts(res, "war")))) {
		t.Errorf("freq.txt lacks war %d", sumCounts(res, "war"))
	}
	_, errs, code = gutcount(t, "", args...)
	if code != exitBatchFailed || !strings.Contains(errs, "40 items: 0 done now, 36 done before, 4 failed") {
		t.Errorf("second run: exit %d, %s", code, errs)
	}
	_, errs, code = gutcount(t, "", append(args, "--skip-failed", "--failed-ok")...)
	if code != 0 || !strings.Contains(errs, "(earlier run, --skip-failed)") {
		t.Errorf("--skip-failed --failed-ok: exit %d, %s; want 0", code, errs)
	}
	if _, errs, _ = gutcount(t, "", append(args, "-q")...); strings.Contains(errs, "items:") || !strings.Contains(errs, "failed: 1003") {
		t.Errorf("-q: %s; want the failures only", errs)
	}
}

func sumCounts(res []result, w string) int64 {
	var n int64
	for _, r := range res {
		n += r.Counts[w]
	}
	return n
}

// Shards run one by one into one folder and joined by merge OUTDIR give,
// byte for byte, what one run gives; a missing shard is refused.
func TestBatchShardsMerge(t *testing.T) {
	m := newBatchMirror(t, 0)
	var list []int
	for _, id := range ids(2000, 30) {
		if id%10 != 3 {
			list = append(list, id)
		}
	}
	path := writeList(t, list)
	cache := t.TempDir()
	whole, shards := t.TempDir(), t.TempDir()
	run := func(out string, extra ...string) {
		args := append([]string{"--mirror", m.URL, "--cache-dir", cache, "batch", path, "-n", "--freq", "-w", "whale", "--table", "parquet", "--out", out}, extra...)
		if _, errs, code := gutcount(t, "", args...); code != 0 {
			t.Fatalf("batch %v: exit %d: %s", extra, code, errs)
		}
	}
	run(whole)
	run(shards, "--shard", "1/3")
	run(shards, "--shard", "3/3")
	_, errs, code := gutcount(t, "", "merge", shards)
	if code != exitBatchFailed || !strings.Contains(errs, "2/3 (never run)") {
		t.Errorf("merge without shard 2: exit %d, %s; want 4 naming 2/3", code, errs)
	}
	run(shards, "--shard", "2/3")
	if _, errs, code := gutcount(t, "", "merge", shards); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, errs)
	}
	for _, f := range []string{"results.jsonl", "freq.txt", "counts.parquet", "books.parquet", "words.parquet"} {
		got, _ := os.ReadFile(filepath.Join(shards, f))
		want, _ := os.ReadFile(filepath.Join(whole, f))
		if !bytes.Equal(got, want) || len(want) == 0 {
			t.Errorf("merged %s (%d bytes) differs from one run's (%d bytes)", f, len(got), len(want))
		}
	}
	// A shard's words table stale (another shard's), or its frequencies
	// and words table gone or stale (a shard killed before it wrote
	// them): merge reads its books' tables instead, to the same result.
	same := func(what string) {
		t.Helper()
		if _, errs, code := gutcount(t, "", "merge", shards); code != 0 {
			t.Fatalf("merge %s: exit %d: %s", what, code, errs)
		}
		for _, f := range []string{"freq.txt", "counts.parquet", "words.parquet"} {
			got, _ := os.ReadFile(filepath.Join(shards, f))
			want, _ := os.ReadFile(filepath.Join(whole, f))
			if !bytes.Equal(got, want) {
				t.Errorf("merged %s %s differs from one run's", f, what)
			}
		}
	}
	w1, _ := os.ReadFile(filepath.Join(shards, "words-1-of-3.parquet"))
	os.WriteFile(filepath.Join(shards, "words-3-of-3.parquet"), w1, 0o644)
	same("with shard 3's words table stale")
	os.Remove(filepath.Join(shards, "freq-2-of-3.txt"))
	os.Remove(filepath.Join(shards, "words-2-of-3.parquet"))
	os.WriteFile(filepath.Join(shards, "freq-3-of-3.txt"), []byte("stale 1\n"), 0o644)
	same("without shard 2's frequencies")
	if tmp, _ := filepath.Glob(filepath.Join(shards, ".*tmp*")); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
	run(shards, "--shard", "2/3")
	run(shards, "--shard", "3/3")
	// Shards of an older gutcount, without words tables: their
	// frequencies make freq.txt, and no words table is left.
	os.Remove(filepath.Join(shards, "words-2-of-3.parquet"))
	if _, errs, code := gutcount(t, "", "merge", shards); code != 0 {
		t.Fatalf("merge without shard 2's words table: exit %d: %s", code, errs)
	}
	got, _ := os.ReadFile(filepath.Join(shards, "freq.txt"))
	if want, _ := os.ReadFile(filepath.Join(whole, "freq.txt")); !bytes.Equal(got, want) {
		t.Errorf("merged freq.txt without shard 2's words table differs from one run's")
	}
	if _, err := os.Stat(filepath.Join(shards, "words.parquet")); err == nil {
		t.Errorf("merge without shard 2's words table left words.parquet")
	}
	run(shards, "--shard", "2/3")

	// The old way still works: merge FILE... of the shards' tables.
	merged, _, _ := gutcount(t, "", "merge", filepath.Join(shards, "freq-1-of-3.txt"), filepath.Join(shards, "freq-2-of-3.txt"), filepath.Join(shards, "freq-3-of-3.txt"))
	if want, _ := os.ReadFile(filepath.Join(whole, "freq.txt")); merged != string(want) {
		t.Errorf("merge FILE... of the shards differs from one run")
	}
}

// A batch killed with SIGKILL and run again until it finishes gives the
// results of an uninterrupted run.
func TestBatchKilledAndResumed(t *testing.T) {
	m := newBatchMirror(t, 30*time.Millisecond)
	var list []int
	for _, id := range ids(3000, 30) {
		if id%10 != 3 {
			list = append(list, id)
		}
	}
	path := writeList(t, list)
	args := func(out, cache string) []string {
		return []string{"--mirror", m.URL, "--cache-dir", cache, "batch", path, "--raw", "-i", "--freq", "-w", "the", "-j", "3", "--table", "tsv", "--out", out}
	}
	ref := t.TempDir()
	if _, errs, code := gutcount(t, "", args(ref, t.TempDir())...); code != 0 {
		t.Fatalf("uninterrupted run: exit %d: %s", code, errs)
	}
	out, cache := t.TempDir(), t.TempDir()
	for _, after := range []int{3, 12} {
		c := gutcountCmd(args(out, cache)...)
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool {
			b, _ := os.ReadFile(filepath.Join(out, "journal.jsonl"))
			return bytes.Count(b, []byte("\n")) >= after+1 // and the header
		})
		c.Process.Signal(syscall.SIGKILL)
		c.Wait()
	}
	b, err := gutcountCmd(args(out, cache)...).CombinedOutput()
	if err != nil {
		t.Fatalf("final run: %v: %s", err, b)
	}
	for _, f := range []string{"results.jsonl", "freq.txt", "counts.tsv", "books.tsv", "words.tsv"} {
		got, _ := os.ReadFile(filepath.Join(out, f))
		want, _ := os.ReadFile(filepath.Join(ref, f))
		if !bytes.Equal(got, want) || len(want) == 0 {
			t.Errorf("%s after kills and resumes differs from the uninterrupted run's", f)
		}
	}
}

// Two batches on one --out: the second is refused at once, naming the
// first; the first finishes with the right results.
func TestBatchTwoRunners(t *testing.T) {
	m := newBatchMirror(t, 100*time.Millisecond)
	path := writeList(t, []int{4000, 4001, 4002, 4004, 4005, 4006})
	out, cache := t.TempDir(), t.TempDir()
	first := gutcountCmd("--mirror", m.URL, "--cache-dir", cache, "batch", path, "-w", "war", "-j", "1", "--shard", "auto/1", "--out", out)
	first.Env = append(first.Env, "SLURM_ARRAY_TASK_ID=5")
	var firstOut bytes.Buffer
	first.Stderr = &firstOut
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { _, err := os.Stat(filepath.Join(out, "journal.jsonl")); return err == nil })
	_, errs, code := gutcount(t, "", "--mirror", m.URL, "--cache-dir", cache, "batch", path, "-w", "war", "--out", out)
	if code != exitBusy || !strings.Contains(errs, "the batch in "+out+" is already being run (pid ") {
		t.Errorf("second runner: exit %d, %q; want 5, naming the first", code, errs)
	}
	if err := first.Wait(); err != nil {
		t.Fatalf("first runner: %v: %s", err, firstOut.String())
	}
	if res := readResults(t, filepath.Join(out, "results.jsonl")); len(res) != 6 || res[0].Counts["war"] != refWords(shelf[0].body, "war", false) {
		t.Errorf("first runner's results: %+v", res)
	}
}

func TestBatchBadLists(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, []byte("# nothing\n\n"), 0o644)
	bad := filepath.Join(dir, "bad.txt")
	sample, _ := filepath.Abs("../../testdata/sample/whale-primer.txt")
	os.WriteFile(bad, []byte("\ufeff"+sample+"\nnot a source\n"+strings.Repeat("x", 2<<20)+"\n"+sample+"\n"), 0o644)
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"batch", filepath.Join(dir, "missing.txt"), "--freq"}, exitUsage, "cannot read the list"},
		{[]string{"batch", empty, "--freq", "--out", filepath.Join(dir, "o1")}, exitUsage, "has no sources"},
		{[]string{"batch", bad, "--freq", "--shard", "0/3"}, exitUsage, "K is 0, outside 1 to 3"},
		{[]string{"batch", bad, "--freq", "--shard", "4/3"}, exitUsage, "K is 4, outside 1 to 3"},
		{[]string{"batch", bad, "--freq", "--shard", "x"}, exitUsage, `--shard "x": no /`},
		{[]string{"batch", bad}, exitUsage, "needs words to count (-w WORD) or --freq"},
		{[]string{"batch", bad, "-w", "whale", "--out", filepath.Join(dir, "out")}, exitBatchFailed, `failed: not a source: line 2: source "not a source" is not`},
		{[]string{"batch", bad, "-w", "whale", "--out", filepath.Join(dir, "out")}, exitBatchFailed, `: line 3 is longer than 1048576 bytes`},
	} {
		_, errs, code := gutcount(t, "", c.args...)
		if code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("gutcount %.80v: exit %d, %.300q; want %d, %q", c.args, code, errs, c.code, c.msg)
		}
	}
	res := readResults(t, filepath.Join(dir, "out", "results.jsonl"))
	if len(res) != 1 || res[0].Counts["whale"] != 3 || res[0].Line != 1 {
		t.Errorf("the valid line of a list with bad ones (and a BOM): %+v; want whale=3 on line 1", res)
	}
}

// The real books of ../shared, Latin-1 among them: counts equal a
// reference counted here.
func TestBatchSharedBooks(t *testing.T) {
	alice := readBook(t, "books/pg11-alice.txt")
	m := newMirror(t)
	defer m.Close()
	path := filepath.Join(t.TempDir(), "list.txt")
	os.WriteFile(path, []byte("2701\n2000\n11\n"), 0o644)
	out := t.TempDir()
	_, errs, code := gutcount(t, "", "--mirror", m.URL, "--cache-dir", t.TempDir(), "batch", path, "--raw", "-w", "corazón", "-w", "Alice", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	res := readResults(t, filepath.Join(out, "results.jsonl"))
	if len(res) != 3 || res[1].Counts["corazón"] != 97 || res[2].Counts["Alice"] != int64(refCount(alice, "Alice")) {
		t.Errorf("results %+v", res)
	}
}
