package corpus_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/gutcount/gutcount/corpus"
)

// A text is named by its header's title (on one line, Windows-1252 when
// not UTF-8), else its file name; standard input by what it is.
func TestOpenedTextName(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := &corpus.Library{Stdin: bytes.NewReader([]byte("Title: Ignored\n\nwords\n"))}
	for _, c := range []struct{ file, text, want string }{
		{"moby.txt", "Title: Moby Dick;\n  or, The Whale\n\nCall me Ishmael.\n", "Moby Dick; or, The Whale"},
		{"quijote.txt", "Title: Don Quijote de la Mancha, \xe9dition\n\nEn un lugar\n", "Don Quijote de la Mancha, édition"},
		{"plain.txt", "just some words\n", "plain.txt"},
		{"-", "", "standard input"},
	} {
		src := corpus.Source{Kind: corpus.Stdin, Arg: "-"}
		if c.file != "-" {
			p := filepath.Join(dir, c.file)
			if err := os.WriteFile(p, []byte(c.text), 0o644); err != nil {
				t.Fatal(err)
			}
			var err error
			if src, err = corpus.ParseSource(p); err != nil {
				t.Fatal(err)
			}
		}
		tx, err := lib.OpenText(ctx, src, corpus.TextOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := tx.Name(src); got != c.want {
			t.Errorf("%s: Name = %q; want %q", c.file, got, c.want)
		}
		tx.Close()
	}
}
