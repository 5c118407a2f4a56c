package corpus_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/gutcount/gutcount/corpus"
)

const shared = "../../shared/corpus/"

func readShared(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(shared + name)
	if err != nil {
		t.Skip("shared corpus not found:", err)
	}
	return b
}

func text(t *testing.T, b []byte, o corpus.TextOptions) (string, corpus.Header) {
	t.Helper()
	r, h, err := corpus.Text(bytes.NewReader(b), o)
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(out), h
}

func sortedFields(s string) []string {
	f := strings.FieldsFunc(s, unicode.IsSpace)
	slices.Sort(f)
	return f
}

// TestStripGolden compares the tokens kept with those of the Python
// gutenberg package's expected output.
func TestStripGolden(t *testing.T) {
	for book, golden := range map[string]string{
		"books/pg2701-moby-dick-legacy-crlf.txt":         "golden/strip-expected-2701.txt",
		"books/pg10026-mirror-of-literature-nospace.txt": "golden/strip-expected-10026.txt",
	} {
		got, _ := text(t, readShared(t, book), corpus.TextOptions{})
		want := strings.TrimPrefix(string(readShared(t, golden)), "\ufeff")
		g, w := sortedFields(got), sortedFields(want)
		t.Logf("%s: %d tokens kept, golden %d", book, len(g), len(w))
		if !slices.Equal(g, w) {
			t.Errorf("%s: %d tokens kept; golden has %d", book, len(g), len(w))
			diff(t, g, w)
		}
	}
}

// diff logs the tokens in one multiset and not the other.
func diff(t *testing.T, got, want []string) {
	t.Helper()
	count := map[string]int{}
	for _, s := range got {
		count[s]++
	}
	for _, s := range want {
		count[s]--
	}
	n := 0
	for k, v := range count {
		if v != 0 && n < 20 {
			t.Logf("  %q: %+d", k, v)
			n++
		}
	}
}

// TestStripEveryBook checks that every book keeps a non-empty body that
// lies strictly between its START and END markers.
func TestStripEveryBook(t *testing.T) {
	files, _ := filepath.Glob(shared + "books/*.txt")
	if len(files) == 0 {
		t.Skip("shared corpus not found")
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		whole, _ := text(t, raw, corpus.TextOptions{Raw: true})
		body, _ := text(t, raw, corpus.TextOptions{})
		if strings.TrimSpace(body) == "" {
			t.Errorf("%s: empty body", f)
			continue
		}
		pos := strings.Index(whole, strings.TrimSpace(body)[:200])
		start := strings.Index(strings.ToUpper(whole), "START OF")
		end := strings.LastIndex(whole, strings.TrimSpace(body)[len(strings.TrimSpace(body))-200:])
		if pos < 0 || start < 0 || pos < start {
			t.Errorf("%s: body starts at %d, before START at %d", f, pos, start)
		}
		tail := strings.ToUpper(whole[end:])
		if !strings.Contains(tail, "END OF") {
			t.Errorf("%s: no END marker after the body", f)
		}
		if strings.Contains(strings.ToUpper(body), "*** START OF") || strings.Contains(strings.ToUpper(body), "END OF THE PROJECT GUTENBERG") || strings.Contains(strings.ToUpper(body), "END OF THIS PROJECT GUTENBERG") {
			t.Errorf("%s: body holds a marker", f)
		}
	}
}

func TestDecodingDonQuijote(t *testing.T) {
	count := func(name string, o corpus.TextOptions) int {
		s, _ := text(t, readShared(t, name), o)
		n := 0
		for _, f := range strings.FieldsFunc(s, unicode.IsSpace) {
			if f == "corazón" {
				n++
			}
		}
		return n
	}
	raw := corpus.TextOptions{Raw: true}
	if got := count("books/pg2000-don-quijote-latin1.txt", raw); got != 97 {
		t.Errorf("corazón in the Latin-1 file = %d; want 97", got)
	}
	if got := count("books/pg2000-don-quijote-utf8.txt", raw); got != 98 {
		t.Errorf("corazón in the UTF-8 file = %d; want 98", got)
	}
	if got := count("books/pg2000-don-quijote-latin1.txt", corpus.TextOptions{Raw: true, Encoding: "utf-8"}); got != 0 {
		t.Errorf("corazón in the Latin-1 file read as UTF-8 = %d; want 0", got)
	}
	a := count("books/pg2000-don-quijote-latin1.txt", corpus.TextOptions{})
	b := count("books/pg2000-don-quijote-utf8.txt", corpus.TextOptions{})
	if a < 90 || b < 90 || a-b > 2 || b-a > 2 {
		t.Errorf("corazón in the stripped books: Latin-1 %d, UTF-8 %d; want close", a, b)
	}
}
