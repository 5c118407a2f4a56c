package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"
)

// screen is a terminal as the bar and the notes use one: \r goes back to
// the start of the line, \n starts the next, anything else is written
// over what is there. What a user sees is Lines.
type screen struct {
	mu     sync.Mutex
	lines  [][]rune
	row    int
	col    int
	writes int
	raw    strings.Builder
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes++
	s.raw.Write(p)
	for _, r := range string(p) {
		for len(s.lines) <= s.row {
			s.lines = append(s.lines, nil)
		}
		switch r {
		case '\r':
			s.col = 0
		case '\n':
			s.row, s.col = s.row+1, 0
		default:
			line := s.lines[s.row]
			if s.col < len(line) {
				line[s.col] = r
			} else {
				line = append(line, r)
			}
			s.lines[s.row] = line
			s.col++
		}
	}
	return len(p), nil
}

// Lines is what the screen shows, line by line, trailing blanks cut.
func (s *screen) Lines() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, l := range s.lines {
		out = append(out, strings.TrimRight(string(l), " "))
	}
	return out
}

// last is the line the cursor is on.
func (s *screen) last() string {
	l := s.Lines()
	if len(l) == 0 {
		return ""
	}
	return l[len(l)-1]
}

func (s *screen) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writes
}

// clock is a fake time.Now.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestBarShowsWhatItIs(t *testing.T) {
	var scr screen
	con := newConsole(&scr, 100)
	clk := &clock{time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}
	b := newBar(con, "2701 Moby Dick", clk.now, 0)

	// A resumed download: half was there already.
	b.Start(1<<20, 512<<10)
	want := "2701 Moby Dick 50% |██████████          | 512 KiB of 1.0 MiB"
	if got := scr.last(); got != want {
		t.Errorf("first frame %q; want %q (no rate yet: the resumed bytes are not speed)", got, want)
	}
	// Throttled: a read right after draws nothing.
	n := scr.count()
	b.Add(64 << 10)
	if scr.count() != n {
		t.Errorf("a read at once redrew the bar")
	}
	clk.advance(2 * time.Second)
	b.Add(200 << 10)
	// 264 KiB in 2s is 132 KiB/s; 248 KiB left at that rate is 2s.
	want = "2701 Moby Dick 75% |███████████████     | 776 KiB of 1.0 MiB, 132 KiB/s, 2s left"
	if got := scr.last(); got != want {
		t.Errorf("after 2s: %q; want %q", got, want)
	}

	// A stall shows as such.
	clk.advance(4 * time.Second)
	b.refresh()
	want = "2701 Moby Dick 75% |███████████████     | 776 KiB of 1.0 MiB, stalled, no data for 4s"
	if got := scr.last(); got != want {
		t.Errorf("stalled: %q; want %q", got, want)
	}

	// A note goes on its own line above the bar.
	note := "retrying in 2s (2/6): GET http://mirror.example/pg2701.txt: 503 Service Unavailable"
	con.note(note)
	lines := scr.Lines()
	if len(lines) != 2 || lines[0] != "gutcount: "+note || lines[1] != want {
		t.Errorf("after a note the screen shows %q; want the note, then the bar", lines)
	}

	// Data again: the shorter line leaves nothing of the longer one.
	clk.advance(time.Second)
	b.Add(100 << 10)
	if got := scr.last(); strings.Contains(got, "stalled") || !strings.HasPrefix(got, "2701 Moby Dick 85% |") {
		t.Errorf("after the stall: %q", got)
	}

	b.Finish()
	lines = scr.Lines()
	if len(lines) != 2 || lines[0] != "gutcount: "+note || lines[1] != "" {
		t.Errorf("after Finish the screen shows %q; want the note and an empty line", lines)
	}
	if strings.Contains(scr.raw.String(), "\x1b") {
		t.Errorf("escape sequences written: %q", scr.raw.String())
	}
}

// The bar starts over with each attempt: a restart from zero does not
// keep the bytes or the rate of the attempt before.
func TestBarRestart(t *testing.T) {
	var scr screen
	clk := &clock{time.Unix(1e9, 0)}
	b := newBar(newConsole(&scr, 100), "pg11.txt", clk.now, 0)
	b.Start(100<<20, 99<<20)
	clk.advance(time.Second)
	b.Add(1 << 20) // done
	clk.advance(time.Second)
	b.Start(100<<20, 0)
	clk.advance(1500 * time.Millisecond)
	b.Add(3 << 20)
	want := "pg11.txt 3% |                    | 3.0 MiB of 100 MiB, 2.0 MiB/s, 49s left"
	if got := scr.last(); got != want {
		t.Errorf("after a restart: %q; want %q", got, want)
	}
	b.Finish()
}

func TestBarUnknownSize(t *testing.T) {
	var scr screen
	clk := &clock{time.Unix(1e9, 0)}
	b := newBar(newConsole(&scr, 100), "book", clk.now, 0)
	b.Start(-1, 0)
	clk.advance(2 * time.Second)
	b.Add(3 << 20)
	got := scr.last()
	if !strings.HasPrefix(got, "book ") || !strings.HasSuffix(got, " 3.0 MiB, 1.5 MiB/s") || strings.Contains(got, "left") || strings.Contains(got, "%") {
		t.Errorf("unknown size: %q; want the label, a spinner, bytes and rate, no percent or time left", got)
	}
	clk.advance(time.Second)
	b.Add(1 << 20)
	if next := scr.last(); next[:6] == got[:6] {
		t.Errorf("the spinner did not turn: %q, then %q", got, next)
	}
	b.Finish()
}

// A long label is cut so that the line fits the terminal (a line that
// wraps cannot be drawn over).
func TestBarFits(t *testing.T) {
	var scr screen
	clk := &clock{time.Unix(1e9, 0)}
	b := newBar(newConsole(&scr, 60), strings.Repeat("The Life and Opinions of Tristram Shandy ", 3), clk.now, 0)
	b.Start(1<<20, 0)
	got := scr.last()
	if w := utf8.RuneCountInString(got); w > 59 || !strings.HasPrefix(got, "The Life and") || !strings.Contains(got, "… 0% |") {
		t.Errorf("%q (%d columns); want the label cut to fit 59 columns", got, w)
	}
	b.Finish()
}

// However many reads, the bar is drawn a few times a second at most.
func TestBarThrottled(t *testing.T) {
	var scr screen
	clk := &clock{time.Unix(1e9, 0)}
	b := newBar(newConsole(&scr, 100), "book", clk.now, 0)
	b.Start(10<<20, 0)
	for range 1000 {
		clk.advance(time.Millisecond)
		b.Add(1 << 10)
	}
	// A second of reads: one draw every 150ms, and the first.
	if n := scr.count(); n > 1+1000/150+1 {
		t.Errorf("%d writes for a second of 1000 reads; want at most %d", n, 1+1000/150+1)
	}
	b.Finish()
}

// bookServer serves a book; the first request for /broken/ paths is cut
// in the middle of the body, and /busy answers 503 once.
func bookServer(t *testing.T, body []byte) *httptest.Server {
	var broke, busy atomic.Bool
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/broken/") && !broke.Swap(true):
			w.Header().Set("ETag", `"b1"`)
			w.Header().Set("Content-Length", fmt.Sprint(len(body)))
			w.Write(body[:len(body)/2])
			w.(http.Flusher).Flush()
			time.Sleep(50 * time.Millisecond) // the bar is drawn
			panic(http.ErrAbortHandler)
		case strings.HasPrefix(r.URL.Path, "/busy/") && !busy.Swap(true):
			w.Header().Set("Retry-After", "0")
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("ETag", `"b1"`)
		w.Header().Set("Content-Type", "text/plain")
		http.ServeContent(w, r, "book.txt", time.Unix(1e9, 0), strings.NewReader(string(body)))
	}))
	t.Cleanup(s.Close)
	return s
}

var book = []byte(strings.Repeat("Call me Ishmael. Some years ago, never mind how long precisely. ", 4000))

// On a terminal, a download draws its bar, a retry note goes on a line of
// its own above it, and the bar is gone at the end.
func TestDownloadOnTerminal(t *testing.T) {
	s := bookServer(t, book)
	var scr screen
	var out strings.Builder
	ios := &IOStreams{In: strings.NewReader(""), Out: &out, Err: &scr, ErrTTY: true, Width: 120}
	url := s.URL + "/broken/pg2701.txt"
	code := execute(t.Context(), ios, []string{"--cache-dir", t.TempDir(), "--retries", "2", "fetch", url}, fastRetries)
	if code != 0 {
		t.Fatalf("exit %d: %q", code, scr.Lines())
	}
	lines := scr.Lines()
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "gutcount: retrying in ") || !strings.Contains(lines[0], " (2/3): GET "+url+": ") ||
		strings.Contains(lines[0], "%") || lines[1] != "" {
		t.Errorf("the screen shows %q; want the retry note alone on its line, and the bar cleared", lines)
	}
	if raw := scr.raw.String(); !strings.Contains(raw, "pg2701.txt 50% |") {
		t.Errorf("no bar was drawn: %q", raw)
	}
}

// Retry notes come without -v, not with -q; -v adds debug lines; none
// of it when nothing is retried.
func TestRetryNotes(t *testing.T) {
	for _, c := range []struct {
		flags []string
		notes int
		debug bool
	}{{nil, 1, false}, {[]string{"-q"}, 0, false}, {[]string{"-v"}, 1, true}, {[]string{"-q", "-v"}, 1, true}} {
		s := bookServer(t, book)
		url := s.URL + "/busy/pg11.txt"
		args := append(append([]string{"--cache-dir", t.TempDir()}, c.flags...), "fetch", url)
		_, stderr, code := gutcount(t, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.flags, code, stderr)
		}
		want := "gutcount: retrying in 0s (2/6): GET " + url + ": 503 Service Unavailable\n"
		if n := strings.Count(stderr, want); n != c.notes {
			t.Errorf("%v: stderr %q has %d notes %q; want %d", c.flags, stderr, n, want, c.notes)
		}
		if debug := strings.Contains(stderr, "gutcount: GET "+url+" (attempt 2)"); debug != c.debug {
			t.Errorf("%v: stderr %q: debug lines %v; want %v", c.flags, stderr, debug, c.debug)
		}
	}
	s := bookServer(t, book)
	if _, stderr, code := gutcount(t, "", "--cache-dir", t.TempDir(), "fetch", s.URL+"/pg11.txt"); code != 0 || stderr != "" {
		t.Errorf("a plain download: exit %d, stderr %q; want 0 and nothing", code, stderr)
	}
}

// An unreachable mirror: a name that does not resolve fails at the first
// attempt (the message counts no attempts); a refused connection prints a
// retry note before the retry.
func TestUnreachableMirror(t *testing.T) {
	_, stderr, code := gutcount(t, "", "--cache-dir", t.TempDir(), "--mirror", "http://gutcount-test.invalid", "count", "whale", "2701")
	want := regexp.MustCompile(`^gutcount: fetch: GET http://gutcount-test\.invalid/cache/epub/2701/pg2701\.txt: dial tcp: lookup gutcount-test\.invalid[^\n]* \(check the network, or give --mirror\)\n$`)
	if code != exitIO || !want.MatchString(stderr) {
		t.Errorf("no such host: exit %d, stderr %q; want exit 3 and one line matching %s", code, stderr, want)
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var errw syncWriter
	ios := &IOStreams{In: strings.NewReader(""), Out: &strings.Builder{}, Err: &errw}
	go func() {
		// Stop at the first note: the retries themselves take a while.
		for !strings.Contains(errw.String(), "retrying") && ctx.Err() == nil {
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
	}()
	execute(ctx, ios, []string{"--cache-dir", t.TempDir(), "--mirror", "http://" + addr, "count", "whale", "2701"}, fastRetries)
	<-ctx.Done()
	first, _, _ := strings.Cut(errw.String(), "\n")
	if !strings.HasPrefix(first, "gutcount: retrying in ") || !strings.HasSuffix(first, " (2/6): GET http://"+addr+"/cache/epub/2701/pg2701.txt: dial tcp "+addr+": connect: connection refused") {
		t.Errorf("refused: first line %q; want a retry note", first)
	}
}

type syncWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// Errors of downloads end with what to do, in gutcount's flags.
func TestDownloadHints(t *testing.T) {
	s := bookServer(t, book)
	_, stderr, code := gutcount(t, "", "--cache-dir", t.TempDir(), "--max-size", "100KiB", "fetch", s.URL+"/pg11.txt")
	want := "fetch: GET " + s.URL + "/pg11.txt: 250 KiB is larger than the size limit of 100 KiB (see --max-size)\n"
	if code != exitIO || !strings.HasPrefix(stderr, "gutcount: ") || !strings.HasSuffix(stderr, want) {
		t.Errorf("too large: exit %d, %q; want 3, ending %q", code, stderr, want)
	}
	s2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "later", http.StatusTooManyRequests)
	}))
	defer s2.Close()
	_, stderr, code = gutcount(t, "", "--cache-dir", t.TempDir(), "fetch", s2.URL+"/pg11.txt")
	want = "fetch: GET " + s2.URL + "/pg11.txt: 429 Too Many Requests: server asks to wait 1h0m0s, longer than the limit of 1m0s (see --max-wait)\n"
	if code != exitIO || !strings.HasSuffix(stderr, want) {
		t.Errorf("wait too long: exit %d, %q; want 3, ending %q", code, stderr, want)
	}
}
