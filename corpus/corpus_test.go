package corpus_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus"
)

func TestParseSource(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "book.txt")
	os.WriteFile(file, []byte("x"), 0o644)
	digits := filepath.Join(dir, "123")
	os.WriteFile(digits, []byte("x"), 0o644)
	for _, c := range []struct {
		arg  string
		kind corpus.Kind
		bad  string
	}{
		{"-", corpus.Stdin, ""},
		{file, corpus.File, ""},
		{digits, corpus.File, ""}, // a path that exists wins over an ID
		{"2701", corpus.ID, ""},
		{"https://www.gutenberg.org/cache/epub/2701/pg2701.txt", corpus.URL, ""},
		{"http://example.org/x.txt", corpus.URL, ""},
		{"0", 0, "not a valid Gutenberg ID"},
		{dir, 0, "is a directory"},
		{"ftp://example.org/x.txt", 0, "is not - (standard input)"},
		{"moby dick", 0, "is not - (standard input)"},
		{"", 0, "is not - (standard input)"},
		{"https://", 0, "is not - (standard input)"},
	} {
		s, err := corpus.ParseSource(c.arg)
		var ue *corpus.BadSourceError
		switch {
		case c.bad != "" && (!errors.As(err, &ue) || !strings.Contains(err.Error(), c.bad)):
			t.Errorf("ParseSource(%q) error = %v; want a *BadSourceError with %q", c.arg, err, c.bad)
		case c.bad == "" && (err != nil || s.Kind != c.kind):
			t.Errorf("ParseSource(%q) = %+v, %v; want kind %d", c.arg, s, err, c.kind)
		}
	}
	want := []string{
		"https://m.example/cache/epub/7/pg7.txt", "https://m.example/files/7/7-0.txt",
		"https://m.example/files/7/7-8.txt", "https://m.example/files/7/7.txt",
	}
	if got := corpus.IDURLs("https://m.example/", 7); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("IDURLs = %q; want %q", got, want)
	}
}
