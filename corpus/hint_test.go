package corpus_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gutcount/gutcount/corpus"
)

// The Hinter counts loosely (case ignored, punctuation trimmed) in the
// files where nothing was found as asked, and gives up once a word was
// found or a text cannot be read again.
func TestHinter(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	file := func(name, text string) corpus.Source {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := corpus.ParseSource(p)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a := file("a.txt", "Whale! The WHALE, whale; a Sea-bird.\n")
	b := file("b.txt", "whale? whales sea\n")
	lib := &corpus.Library{Stdin: bytes.NewReader([]byte("whale\n"))}
	add := func(h *corpus.Hinter, src corpus.Source, n []int64) {
		tx, err := lib.OpenText(ctx, src, corpus.TextOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Close()
		h.Add(ctx, tx, n)
	}

	h := corpus.NewHinter([]string{"whale", "sea", "..."})
	add(h, a, []int64{0, 0, 0})
	add(h, b, []int64{0, 0, 0})
	if n, ok := h.Counts(); !ok || !slices.Equal(n, []int64{4, 1, 0}) {
		t.Errorf("counts %v %v; want [4 1 0] true", n, ok)
	}

	h = corpus.NewHinter([]string{"whale"})
	add(h, a, []int64{0})
	add(h, b, []int64{1})
	if _, ok := h.Counts(); ok {
		t.Error("counts known after a word was found as asked")
	}

	h = corpus.NewHinter([]string{"whale"})
	add(h, corpus.Source{Kind: corpus.Stdin, Arg: "-"}, []int64{0})
	if _, ok := h.Counts(); ok {
		t.Error("counts known after standard input, which cannot be read again")
	}
}
