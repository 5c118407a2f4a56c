//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// storedFiles lists the files of a corpus's books/ folder, locks aside.
func storedFiles(t *testing.T, cache string) []string {
	t.Helper()
	ents, _ := os.ReadDir(filepath.Join(cache, "books"))
	var out []string
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".lock") {
			out = append(out, e.Name())
		}
	}
	return out
}

// Eight processes count one uncached book at once: all print the right
// count, the book is downloaded once, and it is stored byte for byte.
func TestEightCountersOneDownload(t *testing.T) {
	srv := newMadeServer(t, 250*time.Millisecond) // all eight start while it downloads
	cache := t.TempDir()
	var wg sync.WaitGroup
	outs := make([][]byte, 8)
	errs := make([]error, 8)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = gutcountCmd("--cache-dir", cache, "--mirror", srv.URL, "-q", "count", "war", "77").Output()
		}()
	}
	wg.Wait()
	want := fmt.Sprintf("%d occurrences of 'war'\n", 2*warCount)
	for i := range outs {
		if errs[i] != nil || string(outs[i]) != want {
			t.Errorf("counter %d: %q, %v; want %q", i, outs[i], errs[i], want)
		}
	}
	if n := srv.requests("/cache/epub/77/pg77.txt"); n != 1 {
		t.Errorf("%d downloads of the book; want 1", n)
	}
	files := storedFiles(t, cache)
	if len(files) != 2 {
		t.Fatalf("books/ holds %q; want one text and its sidecar", files)
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".txt") {
			if b, _ := os.ReadFile(filepath.Join(cache, "books", f)); !bytes.Equal(b, madeBook) {
				t.Errorf("the stored book differs from the source")
			}
		}
	}
}

// A second download of the same book, killed while it waits for the
// first, harms nothing: the first finishes, its book byte-identical.
func TestSecondDownloaderKilled(t *testing.T) {
	srv := newMadeServer(t, 0)
	srv.mu.Lock()
	srv.gate = make(chan struct{}) // the first download holds until the second is killed
	srv.mu.Unlock()
	cache := t.TempDir()
	args := []string{"--cache-dir", cache, "--mirror", srv.URL, "-q", "fetch", "77"}
	first := gutcountCmd(args...)
	var firstErr bytes.Buffer
	first.Stderr = &firstErr
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return len(globParts(cache)) > 0 })                    // the first is writing
	second := gutcountCmd("--cache-dir", cache, "--mirror", srv.URL, "fetch", "77") // not -q: it says it waits
	var secondErr syncBuffer
	second.Stderr = &secondErr
	if err := second.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return strings.Contains(secondErr.String(), "waiting for another gutcount") })
	second.Process.Signal(syscall.SIGKILL)
	second.Wait()
	close(srv.gate)
	if err := first.Wait(); err != nil {
		t.Fatalf("first downloader: %v: %s", err, firstErr.String())
	}
	for _, f := range storedFiles(t, cache) {
		if strings.HasSuffix(f, ".txt") {
			if b, _ := os.ReadFile(filepath.Join(cache, "books", f)); !bytes.Equal(b, madeBook) {
				t.Errorf("the stored book differs from the source (%d of %d bytes)", len(b), len(madeBook))
			}
		}
	}
	if parts := globParts(cache); len(parts) > 0 {
		t.Errorf("left behind: %q", parts)
	}
	if !strings.Contains(secondErr.String(), "(pid ") {
		t.Errorf("the waiting message does not name the holder: %q", secondErr.String())
	}
}

func globParts(cache string) []string {
	p, _ := filepath.Glob(filepath.Join(cache, "books", "*.part"))
	return p
}

// A web page or an empty body is not a book: exit 3, one line that says
// so and what to try, nothing stored.
func TestNotABook(t *testing.T) {
	srv := newMadeServer(t, 0)
	cache := t.TempDir()
	for _, path := range []string{"/blocked", "/blocked-as-text", "/empty"} {
		_, errs, code := gutcount(t, "", "--cache-dir", cache, "count", "whale", srv.URL+path)
		want := "web page"
		if path == "/empty" {
			want = "empty body"
		}
		if code != exitIO || !strings.Contains(errs, want) || !strings.Contains(errs, "--mirror") || strings.Count(errs, "\n") != 1 {
			t.Errorf("count from %s: exit %d, %q; want 3 and one line about a %s", path, code, errs, want)
		}
		if n := srv.requests(path); n != 1 {
			t.Errorf("%s: %d requests; want 1", path, n)
		}
	}
	if files := storedFiles(t, cache); len(files) > 0 {
		t.Errorf("stored after refusals: %q", files)
	}
	// Straight to a file with --no-cache: refused too, nothing written.
	out := filepath.Join(t.TempDir(), "page.txt")
	if _, errs, code := gutcount(t, "", "--no-cache", "fetch", srv.URL+"/blocked", "-o", out); code != exitIO || !strings.Contains(errs, "web page") {
		t.Errorf("--no-cache fetch of a web page: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("--no-cache fetch of a web page wrote %s", out)
	}
}

// fetch -o: - is standard output; a device or FIFO is written into and
// stays; missing folders are made, with the store or without.
func TestFetchOutputs(t *testing.T) {
	srv := newMadeServer(t, 0)
	cache := t.TempDir()
	base := []string{"--cache-dir", cache, "--mirror", srv.URL}
	out, errs, code := gutcount(t, "", append(base, "fetch", "77", "-o", "-")...)
	if code != 0 || out != string(madeBook) {
		t.Errorf("fetch -o -: exit %d (%s), %d bytes; want the book on stdout", code, errs, len(out))
	}
	if _, err := os.Stat("-"); err == nil {
		t.Errorf("fetch -o - made a file named -")
	}
	for _, nocache := range []bool{false, true} {
		args := base
		if nocache {
			args = append(args, "--no-cache")
		}
		deep := filepath.Join(t.TempDir(), "missing", "dir", "a.txt")
		if _, errs, code := gutcount(t, "", append(args, "fetch", "77", "-o", deep)...); code != 0 {
			t.Errorf("fetch -o into missing folders (no-cache %v): exit %d, %s", nocache, code, errs)
		} else if b, _ := os.ReadFile(deep); !bytes.Equal(b, madeBook) {
			t.Errorf("fetch -o into missing folders (no-cache %v): wrong content", nocache)
		}
		_, errs, code := gutcount(t, "", append(args, "fetch", "77", "-o", "/dev/full")...)
		if code != exitIO || !strings.Contains(errs, "no space left on device") {
			t.Errorf("fetch -o /dev/full (no-cache %v): exit %d, %q; want 3, no space left", nocache, code, errs)
		}
		if fi, err := os.Stat("/dev/full"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
			t.Fatalf("/dev/full is no longer a device: %v %v", fi, err)
		}
		fifo := filepath.Join(t.TempDir(), "fifo")
		if err := syscall.Mkfifo(fifo, 0o644); err != nil {
			t.Fatal(err)
		}
		got := make(chan []byte)
		go func() { b, _ := os.ReadFile(fifo); got <- b }()
		if _, errs, code := gutcount(t, "", append(args, "fetch", "77", "-o", fifo)...); code != 0 {
			t.Errorf("fetch -o FIFO (no-cache %v): exit %d, %s", nocache, code, errs)
		}
		if b := <-got; !bytes.Equal(b, madeBook) {
			t.Errorf("fetch -o FIFO (no-cache %v): %d bytes read; want the book", nocache, len(b))
		}
		if fi, _ := os.Lstat(fifo); fi.Mode()&os.ModeNamedPipe == 0 {
			t.Errorf("the FIFO was replaced by %v", fi.Mode())
		}
	}
}

// Escapes in a book's header never reach the terminal through corpus list.
func TestHeaderEscapesCleaned(t *testing.T) {
	srv := newMadeServer(t, 0)
	cache := t.TempDir()
	if _, errs, code := gutcount(t, "", "--cache-dir", cache, "--mirror", srv.URL, "fetch", "77"); code != 0 {
		t.Fatal(errs)
	}
	out, _, code := gutcount(t, "", "--cache-dir", cache, "corpus", "list")
	if code != 0 || strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, `Evil \x1b]0;pwned\x07Title`) {
		t.Errorf("corpus list = %q; want the escapes shown as \\x1b, never sent", out)
	}
	out, _, _ = gutcount(t, "", "--cache-dir", cache, "corpus", "list", "--format", "json")
	if strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, `\u001b]0;pwned\u0007Title`) {
		t.Errorf("corpus list --format json = %q; want JSON escapes", out)
	}
}

// endless reads digits for ever.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '9'
	}
	return len(p), nil
}

// An endless answer to salary's prompt is refused at once, with bounded
// memory; SIGTERM stops a salary that waits for its answer.
func TestSalaryEndlessInput(t *testing.T) {
	c := gutcountCmd("salary", "--no-history")
	c.Stdin = io.MultiReader(endless{})
	b, err := c.CombinedOutput() // returns: the answer is refused after 1 KiB
	if code := exitCodeOf(err); code != exitUsage || !strings.Contains(string(b), "longer than 1024 bytes") {
		t.Errorf("endless answer: exit %d, %q; want 2", code, b)
	}
	c = gutcountCmd("salary", "--no-history")
	stdin, _ := c.StdinPipe() // left open: salary waits for its answer
	defer stdin.Close()
	var errb syncBuffer
	c.Stderr = &errb
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	// The prompt is printed just before the answer is read: once it is
	// there, salary is waiting (or about to), and SIGTERM ends it either
	// way, as the signal context is made before the prompt.
	waitFor(t, func() bool { return strings.Contains(errb.String(), "How many years") })
	c.Process.Signal(syscall.SIGTERM)
	if code := exitCodeOf(c.Wait()); code != exitInterrupted {
		t.Errorf("salary waiting for its answer, then SIGTERM: exit %d; want 130", code)
	}
}

func TestMergeBadCounts(t *testing.T) {
	dir := t.TempDir()
	neg := filepath.Join(dir, "neg.txt")
	os.WriteFile(neg, []byte("the 5\nwhale -3\n"), 0o644)
	big := filepath.Join(dir, "big.csv")
	os.WriteFile(big, []byte("word,count\nthe,9223372036854775000\nsea,1\n"), 0o644)
	big2 := filepath.Join(dir, "big2.txt")
	os.WriteFile(big2, []byte("the 9223372036854775000\n"), 0o644)
	huge := filepath.Join(dir, "huge.txt")
	os.WriteFile(huge, []byte("the 99999999999999999999\n"), 0o644)
	for _, c := range []struct {
		files []string
		msg   string
	}{
		{[]string{neg}, neg + ": line 2: negative count -3"},
		{[]string{big, big2}, big2 + ": line 1: counts too large"},
		{[]string{huge}, huge + `: line 1: bad count "99999999999999999999"`},
	} {
		_, errs, code := gutcount(t, "", append([]string{"merge"}, c.files...)...)
		if code != exitUsage || !strings.Contains(errs, c.msg) {
			t.Errorf("merge %v: exit %d, %q; want 2 and %q", c.files, code, errs, c.msg)
		}
	} // A file that cannot be read is an I/O failure (exit 3); one that is
	// not there, a bad argument (exit 2).
	for _, c := range []struct {
		file string
		code int
	}{{dir, exitIO}, {filepath.Join(dir, "missing.txt"), exitUsage}} {
		if _, errs, code := gutcount(t, "", "merge", big2, c.file); code != c.code || strings.Count(errs, "\n") != 1 {
			t.Errorf("merge %s: exit %d, %q; want %d and one line", c.file, code, errs, c.code)
		}
	}
}

// fullWriter fails every write, as /dev/full does.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) {
	return 0, errors.New("write /dev/stdout: no space left on device")
}

// Every command whose standard output cannot be written fails with exit 3
// and one line, whether or not it checks its own writes.
func TestStdoutFull(t *testing.T) {
	cache := t.TempDir()
	for _, args := range [][]string{
		{"corpus", "stats"},
		{"corpus", "verify"},
		{"corpus", "gc"},
		{"count", "whale", "../../testdata/sample/whale-primer.txt"},
		{"freq", "../../testdata/sample/whale-primer.txt"},
		{"--version"},
	} {
		var errb bytes.Buffer
		ios := &IOStreams{In: strings.NewReader(""), Out: fullWriter{}, Err: &errb}
		code := execute(context.Background(), ios, append([]string{"--cache-dir", cache}, args...), fastRetries)
		if code != exitIO || strings.Count(errb.String(), "\n") != 1 || !strings.Contains(errb.String(), "no space left") {
			t.Errorf("%v to a full stdout: exit %d, %q; want 3 and one line", args, code, errb.String())
		}
	}
}
