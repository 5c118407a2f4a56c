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
