package corpus_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/gutcount/gutcount/corpus"
)

func TestGuessSource(t *testing.T) {
	for arg, want := range map[string]corpus.Guess{
		"www.gutenberg.org/ebooks/2701":          {Kind: corpus.NoScheme, URL: "https://www.gutenberg.org/ebooks/2701"},
		"Mirror.example.net:8080/files/2701.txt": {Kind: corpus.NoScheme, URL: "https://Mirror.example.net:8080/files/2701.txt"},
		"//gutenberg.org/ebooks/2701":            {Kind: corpus.NoScheme, URL: "https://gutenberg.org/ebooks/2701"},
		"ftp://gutenberg.org/2701.txt":           {},
		"no/such/dir/book.txt":                   {Kind: corpus.MissingFile},
		"missing.txt":                            {Kind: corpus.MissingFile},
		"Moby Dick":                              {Kind: corpus.Words},
		"moby":                                   {Kind: corpus.Words},
		"12-34":                                  {},
		"":                                       {},
	} {
		if got := corpus.GuessSource(arg); got != want {
			t.Errorf("GuessSource(%q) = %+v; want %+v", arg, got, want)
		}
	}
	if runtime.GOOS == "windows" {
		return // symbolic links need a privilege
	}
	loop := filepath.Join(t.TempDir(), "loop")
	if err := os.Symlink(loop, loop); err != nil {
		t.Fatal(err)
	}
	if g := corpus.GuessSource(loop); g.Kind != corpus.Unreadable || g.Err == nil {
		t.Errorf("a link to itself: %+v; want Unreadable with its error", g)
	}
}
