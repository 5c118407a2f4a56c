package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/gutcount/gutcount/count/table"
)

// gutcount runs the command in-process and returns its output and code.
func gutcount(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	ios := &IOStreams{In: strings.NewReader(stdin), Out: &out, Err: &errb, Width: 80}
	code := execute(context.Background(), ios, args, fastRetries)
	return out.String(), errb.String(), code
}

// refCount counts the whitespace tokens of s equal to word: the reference.
func refCount(s, word string) int {
	n := 0
	for _, f := range strings.FieldsFunc(s, unicode.IsSpace) {
		if f == word {
			n++
		}
	}
	return n
}

// tokenCounts counts every whitespace token of s: the reference, once per
// text.
func tokenCounts(s string) map[string]int {
	m := map[string]int{}
	for _, f := range strings.FieldsFunc(s, unicode.IsSpace) {
		m[f]++
	}
	return m
}

func readBook(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sharedCorpus, name))
	if err != nil {
		t.Skip("shared corpus not found:", err)
	}
	return strings.TrimPrefix(string(b), "\ufeff")
}

func countLineFor(n int, word string) string {
	return table.CountLine(int64(n), word) + "\n"
}

// TestCountByIDAgainstReference downloads each book by ID from the local
// mirror and checks gutcount's counts against a reference computed here.
func TestCountByIDAgainstReference(t *testing.T) {
	m := newMirror(t)
	defer m.Close()
	cache := t.TempDir()
	books := map[string]string{
		"2701":  "books/pg2701-moby-dick-legacy-crlf.txt",
		"11":    "books/pg11-alice.txt",
		"1342":  "books/pg1342-pride-and-prejudice.txt",
		"2600":  "books/pg2600-war-and-peace.txt",
		"2229":  "books/pg2229-faust-de.txt",
		"17989": "books/pg17989-monte-cristo-fr.txt",
	}
	words := []string{"the", "whale", "Alice", "Elizabeth", "Pierre", "und", "le", "Gutenberg"}
	wordArgs := func(ws []string) []string {
		var a []string
		for _, w := range ws {
			a = append(a, "-w", w)
		}
		return a
	}
	for id, file := range books {
		ref := tokenCounts(readBook(t, file))
		var want strings.Builder
		for _, w := range words {
			want.WriteString(countLineFor(ref[w], w))
		}
		got, errs, _ := gutcount(t, "", append([]string{"--mirror", m.URL, "--cache-dir", cache, "count", "--raw", id}, wordArgs(words)...)...)
		if got != want.String() {
			t.Errorf("count --raw %s:\n%s(%s)\nwant\n%s", id, got, errs, want.String())
		}
	}
	// Stripped: the reference is the golden output of the Python package.
	golden := readBook(t, "golden/strip-expected-2701.txt")
	ref := tokenCounts(golden)
	var want strings.Builder
	goldWords := []string{"whale", "Ahab", "the", "Gutenberg", "Melville"}
	for _, w := range goldWords {
		want.WriteString(countLineFor(ref[w], w))
	}
	if got, errs, _ := gutcount(t, "", append([]string{"--mirror", m.URL, "--cache-dir", cache, "count", "2701"}, wordArgs(goldWords)...)...); got != want.String() {
		t.Errorf("count 2701:\n%s(%s)\nwant\n%s", got, errs, want.String())
	}
	// One word: exit 1 when it does not occur.
	if _, _, code := gutcount(t, "", "--mirror", m.URL, "--cache-dir", cache, "count", "Elizabeth", "2701"); code != exitNoMatch {
		t.Errorf("count Elizabeth 2701: exit %d; want 1", code)
	}
	// The second count of a book makes no request: stop the mirror.
	before := m.requests.Load()
	m.Close()
	got, errs, code := gutcount(t, "", "--mirror", m.URL, "--cache-dir", cache, "count", "whale", "2701")
	if got != countLineFor(ref["whale"], "whale") || code != 0 || m.requests.Load() != before {
		t.Errorf("count whale 2701 with the mirror stopped = %q, exit %d, %s; want %d from the corpus", got, code, errs, ref["whale"])
	}
}

func TestExitCodes(t *testing.T) {
	m := newMadeServer(t, 0)
	cache := t.TempDir()
	sample := "../../testdata/sample/whale-primer.txt"
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"count", "whale", sample}, exitOK},
		{[]string{"count", "narwhal", sample}, exitNoMatch},
		{[]string{"count", "whale", "no-such-thing"}, exitUsage},
		{[]string{"count", "", sample}, exitUsage},
		{[]string{"count", "a b", sample}, exitNoMatch}, // a phrase
		{[]string{"count", "-p", "— …", sample}, exitUsage},
		{[]string{"count", "--nope", "whale", sample}, exitUsage},
		{[]string{"count", "--format", "xml", "whale", sample}, exitUsage},
		{[]string{"freq", "--format", "xml", sample}, exitUsage},
		{[]string{"count", "whale", dir}, exitUsage},
		{[]string{"nope"}, exitUsage},
		{[]string{"--mirror", m.URL, "--cache-dir", cache, "count", "whale", m.URL + "/missing.txt"}, exitIO},
		{[]string{"--mirror", m.URL, "--cache-dir", cache, "count", "whale", "999999"}, exitIO},
		{[]string{"--mirror", m.URL, "--cache-dir", cache, "fetch", "77"}, exitOK},
		{[]string{"--max-size", "lots", "--cache-dir", cache, "fetch", "77"}, exitUsage},
		{[]string{"salary", "5", "--no-history"}, exitOK},
		{[]string{"salary", "abc", "--no-history"}, exitUsage},
		{[]string{"--max-size", "9000000000GiB", "--cache-dir", cache, "fetch", "77"}, exitUsage}, // too large for an int64: refused, not wrapped
	} {
		_, errs, code := gutcount(t, "", c.args...)
		if code != c.code {
			t.Errorf("gutcount %s: exit %d; want %d (%s)", strings.Join(c.args, " "), code, c.code, errs)
		}
		if strings.Count(errs, "\n") > 2 || strings.Contains(errs, "goroutine") {
			t.Errorf("gutcount %s: stderr is not one line: %q", strings.Join(c.args, " "), errs)
		}
	}
}

// waitFor polls cond until it holds, for as long as that takes: a test
// that never sees it is stopped by go test's -timeout, with the stacks
// that show where, never failed by a wall-clock limit of its own.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for !cond() {
		time.Sleep(10 * time.Millisecond)
	}
}

// syncBuffer is a bytes.Buffer that a child process and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
