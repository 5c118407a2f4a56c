package gutenberg_test

import (
	"os"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus/gutenberg"
)

const shared = "../../../shared/corpus/"

func readShared(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(shared + name)
	if err != nil {
		t.Skip("shared corpus not found:", err)
	}
	return b
}

func TestParseHeader(t *testing.T) {
	for file, want := range map[string]gutenberg.Header{
		"books/pg2701-moby-dick-legacy-crlf.txt": {ID: 2701, Title: "Moby Dick; or The Whale", Author: "Herman Melville", Language: "English", Encoding: "ASCII"},
		"books/pg2600-war-and-peace.txt":         {ID: 2600, Title: "War and Peace", Author: "Leo Tolstoy", Language: "English", Encoding: "UTF-8"},
		"books/pg1342-pride-and-prejudice.txt":   {ID: 1342, Title: "Pride and Prejudice", Author: "Jane Austen", Language: "English"},
	} {
		b := readShared(t, file)
		h := gutenberg.ParseHeader([]byte(strings.TrimPrefix(string(b[:min(len(b), 64<<10)]), "\ufeff")))
		if h.ID != want.ID || h.Title != want.Title || h.Author != want.Author || h.Language != want.Language || h.Encoding != want.Encoding {
			t.Errorf("ParseHeader(%s) = %+v; want %+v", file, h, want)
		}
	}
	if h := gutenberg.ParseHeader([]byte("no header at all\njust text\n")); h != (gutenberg.Header{}) {
		t.Errorf("ParseHeader(plain text) = %+v; want nothing", h)
	}
}

// A Title or Author goes on over the lines after it, indented or not,
// until a blank line or a new "Key:" line (book 10026's title goes on
// unindented; this fixture is made by hand in its shape).
func TestParseHeaderWrappedTitle(t *testing.T) {
	b, err := os.ReadFile("testdata/wrapped-title.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := gutenberg.Header{ID: 99001, Title: "A Long Title, With Many Parts, Vol. 1, Issue 2, A Day: In Spring And an Indented Line",
		Author: "First Author and Second Author", Language: "English", Released: "October 9, 2003"}
	if h := gutenberg.ParseHeader(b); h != want {
		t.Errorf("ParseHeader = %+v\nwant %+v", h, want)
	}
	b = readShared(t, "books/pg10026-mirror-of-literature-nospace.txt")
	h := gutenberg.ParseHeader(b[:min(len(b), 64<<10)])
	if want := "The Mirror of Literature, Amusement, and Instruction, Vol. 10, Issue 268, August 11, 1827"; h.Title != want || h.Author != "Various" || h.ID != 10026 {
		t.Errorf("ParseHeader(pg10026) = %+v; want title %q, author Various", h, want)
	}
}

// ParseHeader never panics, and its fields are one line each.
func FuzzParseHeader(f *testing.F) {
	if b, err := os.ReadFile("testdata/wrapped-title.txt"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("Title: a\n\tb\nc: d\n[EBook #1]\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h := gutenberg.ParseHeader(b)
		for _, v := range []string{h.Title, h.Author, h.Language, h.Released, h.Encoding} {
			if strings.ContainsAny(v, "\n") {
				t.Errorf("ParseHeader(%q): a field holds a line break: %q", b, v)
			}
		}
	})
}
