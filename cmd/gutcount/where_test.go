package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestWhere: the token index and fraction of each occurrence in Moby Dick,
// in text and json, against the reference; stop words left out; exit
// codes.
func TestWhere(t *testing.T) {
	moby := mobyPath(t)
	b, _ := os.ReadFile(moby)
	words := refTokensOf(string(b), true)
	ws := []string{"whale", "ahab", "white whale", "narwhal"}
	var want strings.Builder
	for _, w := range ws {
		for _, i := range refPhraseAt(words, strings.Fields(w)) {
			fmt.Fprintf(&want, "%s\t%d\t%.4f\n", w, i, float64(i)/float64(len(words)))
		}
	}
	got, errs, code := gutcount(t, "", append(append([]string{"where", "-n", "--raw"}, ws...), moby)...)
	if code != 0 || got != want.String() {
		t.Errorf("where -n --raw %q: exit %d (%s), %d bytes; want %d", ws, code, errs, len(got), want.Len())
	}
	js, _, _ := gutcount(t, "", "where", "-n", "--raw", "--format", "json", "whale", "white whale", moby)
	var rec struct {
		Source string `json:"source"`
		Title  string `json:"title"`
		Tokens int    `json:"tokens"`
		Words  []struct {
			Word    string `json:"word"`
			Count   int    `json:"count"`
			Indices []int  `json:"indices"`
		} `json:"words"`
	}
	if err := json.Unmarshal([]byte(js), &rec); err != nil {
		t.Fatal(err, js[:min(200, len(js))])
	}
	if rec.Tokens != len(words) || rec.Title != "Moby Dick; Or, The Whale" || len(rec.Words) != 2 ||
		!slices.Equal(rec.Words[1].Indices, refPhraseAt(words, []string{"white", "whale"})) || rec.Words[0].Count != len(refPhraseAt(words, []string{"whale"})) {
		t.Errorf("where --format json: tokens %d (want %d), title %q, %d words", rec.Tokens, len(words), rec.Title, len(rec.Words))
	}
	// Standard input, tsv, a stop word left out with a note.
	text := "the whale and the sea\nthe whale"
	got, errs, _ = gutcount(t, text, "where", "--format", "tsv", "--stop", "en", "the", "whale", "-")
	if got != "word\tindex\tfraction\nwhale\t1\t0.1429\nwhale\t6\t0.8571\n" || !strings.Contains(errs, "'the' is made of stop words") {
		t.Errorf("where --stop en the whale -: %q, %q", got, errs)
	}
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"where", "narwhal", "-"}, exitNoMatch},
		{[]string{"where", "whale"}, exitUsage},
		{[]string{"where", "--stop", "en", "the", "-"}, exitUsage},
		{[]string{"where", "--plot", "x.jpg", "whale", "-"}, exitUsage},
		{[]string{"where", "--format", "xml", "whale", "-"}, exitUsage},
		{[]string{"where", "--plot", "x.svg", "--format", "json", "whale", "-"}, exitUsage},
	} {
		if _, errs, code := gutcount(t, text, c.args...); code != c.code {
			t.Errorf("gutcount %q: exit %d (%s); want %d", c.args, code, errs, c.code)
		}
	}
}

// TestWherePlot draws the dispersion plot of Moby Dick in both formats.
func TestWherePlot(t *testing.T) {
	moby := mobyPath(t)
	dir := t.TempDir()
	for _, ext := range []string{"png", "svg"} {
		file := filepath.Join(dir, "dispersion."+ext)
		_, errs, code := gutcount(t, "", "where", "-n", "--plot", file, "whale", "ahab", "starbuck", "white whale", moby)
		if code != 0 || !strings.Contains(errs, "wrote "+file) {
			t.Fatalf("where --plot %s: exit %d: %s", file, code, errs)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if ext == "png" {
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil || img.Bounds().Dx() < 600 || img.Bounds().Dy() < 200 {
				t.Errorf("%s: not a plot: %v", file, err)
			}
			continue
		}
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: not XML: %v", file, err)
			}
		}
		for _, label := range []string{"Moby Dick; Or, The Whale", "whale (", "white whale (", "starbuck ("} {
			if !strings.Contains(string(b), label) {
				t.Errorf("%s has no %q", file, label)
			}
		}
	}
}

// TestNewCmdWhere checks where's flags and arguments without running it.
func TestNewCmdWhere(t *testing.T) {
	g := &Globals{IO: &IOStreams{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}}
	var w *WhereOptions
	cmd := NewCmdWhere(g, func(_ context.Context, o *WhereOptions) error { w = o; return nil })
	cmd.SetArgs([]string{"-i", "--plot", "d.png", "whale", "ahab", "2701"})
	if err := cmd.Execute(); err != nil || !slices.Equal(w.Words, []string{"whale", "ahab"}) || w.Source != "2701" || w.Plot != "d.png" || !w.Text.IgnoreCase {
		t.Errorf("where flags: %+v, %v", w, err)
	}
}
