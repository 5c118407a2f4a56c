package corpus_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/gutenberg"
	"github.com/gutcount/gutcount/count"
)

// The made-up old files of testdata/gutenberg open, as files (mapped) and
// as standard input (a stream), to the text of their hand-written .want.
func TestOpenTextOldShapes(t *testing.T) {
	wants, _ := filepath.Glob("../testdata/gutenberg/*.want")
	if len(wants) == 0 {
		t.Fatal("no fixtures in testdata/gutenberg")
	}
	ctx := context.Background()
	for _, w := range wants {
		want, _ := os.ReadFile(w)
		path := strings.TrimSuffix(w, ".want") + ".txt"
		b, _ := os.ReadFile(path)
		file, _ := corpus.ParseSource(path)
		lib := &corpus.Library{Stdin: bytes.NewReader(b)}
		for _, src := range []corpus.Source{file, {Kind: corpus.Stdin, Arg: "-"}} {
			tx, err := lib.OpenText(ctx, src, corpus.TextOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := tx.Freq(count.Options{})
			tx.Close()
			c := count.NewCounter(count.Options{})
			c.AddBytes(want)
			if !slices.Equal(got.Sorted(), c.Table().Sorted()) {
				t.Errorf("%s (%s): the words kept are not those of %s", filepath.Base(path), src.Arg, filepath.Base(w))
			}
		}
	}
}

// A declared encoding that names nothing is noted once per opening, on
// the mapped and the stream paths alike, and the bytes decide.
func TestOpenTextUnknownEncoding(t *testing.T) {
	text := []byte("Character set encoding: Klingon-7\n\n*** START OF THE PROJECT GUTENBERG EBOOK K ***\ncafé café\n")
	path := filepath.Join(t.TempDir(), "k.txt")
	if err := os.WriteFile(path, text, 0o644); err != nil {
		t.Fatal(err)
	}
	file, _ := corpus.ParseSource(path)
	var notes []error
	lib := &corpus.Library{Stdin: bytes.NewReader(text), Note: func(_ corpus.Source, err error) { notes = append(notes, err) }}
	for _, src := range []corpus.Source{file, {Kind: corpus.Stdin, Arg: "-"}} {
		notes = nil
		tx, err := lib.OpenText(context.Background(), src, corpus.TextOptions{})
		if err != nil {
			t.Fatal(err)
		}
		n, err := tx.Words([][]byte{[]byte("café")}, count.Options{})
		tx.Close()
		var ue *gutenberg.UnknownEncodingError
		if len(notes) != 1 || !errors.As(notes[0], &ue) || ue.Label != "Klingon-7" {
			t.Errorf("%s: notes %v; want one naming Klingon-7", src.Arg, notes)
		}
		if err != nil || n[0] != 2 {
			t.Errorf("%s: café = %v, %v; want 2 (UTF-8, detected)", src.Arg, n, err)
		}
	}
}
