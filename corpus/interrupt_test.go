package corpus_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
)

// Case 8 of issue 19. A mapped file (a local file, a stored book) stops as a stream does:
// once the context is done, every way of counting it returns the
// context's error instead of counts of part of it.
func TestMappedTextStops(t *testing.T) {
	name := t.TempDir() + "/big.txt"
	if err := os.WriteFile(name, bytes.Repeat([]byte("the prince saw the whale and the sea\n"), 1<<18), 0o644); err != nil {
		t.Fatal(err)
	}
	lib := &corpus.Library{}
	src := corpus.Source{Arg: name, Kind: corpus.File, Path: name}
	for what, run := range countingWays(count.Options{Workers: 2}) {
		ctx, cancel := context.WithCancel(context.Background())
		tx, err := lib.OpenText(ctx, src, corpus.TextOptions{Raw: true})
		if err != nil {
			t.Fatal(err)
		}
		cancel()
		if err := run(tx); !errors.Is(err, context.Canceled) {
			t.Errorf("%s of a mapped text after Ctrl-C: %v; want context.Canceled", what, err)
		}
		tx.Close()
	}
}

// countingWays are the ways of counting an opened text, by name.
func countingWays(o count.Options) map[string]func(tx *corpus.OpenedText) error {
	return map[string]func(tx *corpus.OpenedText) error{
		"words": func(tx *corpus.OpenedText) error {
			_, err := tx.Count([]count.Phrase{count.ParsePhrase("whale", o)}, o)
			return err
		},
		"phrase": func(tx *corpus.OpenedText) error {
			_, err := tx.Count([]count.Phrase{count.ParsePhrase("the prince", o)}, o)
			return err
		},
		"kwic": func(tx *corpus.OpenedText) error {
			_, err := tx.Find(&count.Finder{Phrases: []count.Phrase{count.ParsePhrase("whale", o)}, Options: o, Width: 20}, func(count.Match) error { return nil })
			return err
		},
		"freq":   func(tx *corpus.OpenedText) error { _, err := tx.Freq(o); return err },
		"ngrams": func(tx *corpus.OpenedText) error { _, err := tx.NGrams(3, o); return err },
	}
}
