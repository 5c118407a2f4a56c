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

// Windows-1252's undefined bytes decode to distinct C1 controls (as
// WHATWG has it), so the words they are in stay apart: declared, forced,
// and detected, mapped and streamed.
func TestWindows1252UndefinedBytes(t *testing.T) {
	body := "a\x81b a\x8db a\x8fb a\x90b a\x9db a\x81b\n"
	want := map[string]int{"a\u0081b": 2, "a\u008db": 1, "a\u008fb": 1, "a\u0090b": 1, "a\u009db": 1}
	dir := t.TempDir()
	for name, text := range map[string]string{
		"detected": body,
		"declared": "Character set encoding: ISO-8859-1\n\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\n" + body,
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		file, _ := corpus.ParseSource(path)
		for _, o := range []corpus.TextOptions{{}, {Encoding: "windows-1252"}} {
			lib := &corpus.Library{Stdin: strings.NewReader(text)}
			for _, src := range []corpus.Source{file, {Kind: corpus.Stdin, Arg: "-"}} {
				tx, err := lib.OpenText(context.Background(), src, o)
				if err != nil {
					t.Fatal(err)
				}
				tab, _ := tx.Freq(count.Options{})
				tx.Close()
				got := map[string]int{}
				for _, e := range tab.Sorted() {
					got[e.Word] = int(e.Count)
				}
				if len(got) != len(want) {
					t.Errorf("%s %+v %s: words %v; want %v", name, o, src.Arg, got, want)
					continue
				}
				for w, n := range want {
					if got[w] != n {
						t.Errorf("%s %+v %s: %q = %d; want %d", name, o, src.Arg, w, got[w], n)
					}
				}
			}
		}
	}
}
