package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestPlots(t *testing.T) {
	books := []string{"pg2600-war-and-peace.txt", "pg2701-moby-dick-modern.txt", "pg1342-pride-and-prejudice.txt"}
	var paths []string
	for _, b := range books {
		p := filepath.Join(sharedCorpus, "books", b)
		if _, err := os.Stat(p); err != nil {
			t.Skip("shared corpus not found")
		}
		paths = append(paths, p)
	}
	dir := t.TempDir()
	for _, c := range []struct {
		n   int
		ext string
	}{{3, "png"}, {3, "svg"}, {1, "svg"}} {
		n, ext := c.n, c.ext
		{
			file := filepath.Join(dir, "zipf"+strconv.Itoa(n)+"."+ext)
			_, errs, code := gutcount(t, "", append([]string{"freq", "-n", "--plot", file}, paths[:n]...)...)
			if code != 0 {
				t.Fatalf("--plot %s: exit %d: %s", file, code, errs)
			}
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if ext == "png" {
				img, err := png.Decode(bytes.NewReader(b))
				if err != nil || img.Bounds().Dx() < 400 {
					t.Errorf("%s: not a PNG of a plot: %v", file, err)
				}
				continue
			}
			dec := xml.NewDecoder(bytes.NewReader(b))
			for {
				_, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s: not XML: %v", file, err)
				}
			}
			// One legend entry per series and per fit.
			if legend := strings.Count(string(b), "fit: exponent"); legend != n {
				t.Errorf("%s: %d fitted lines in the legend; want %d", file, legend, n)
			}
		}
	}
	out, _, _ := gutcount(t, "", "freq", "-n", "--stats", "--format", "json", paths[0])
	i := strings.Index(out, `"exponent":`)
	if i < 0 {
		t.Fatalf("--stats json: %s", out)
	}
	var exp float64
	fieldEnd := strings.IndexAny(out[i+11:], ",}")
	exp, _ = strconv.ParseFloat(out[i+11:i+11+fieldEnd], 64)
	if exp < 0.8 || exp > 1.2 {
		t.Errorf("Zipf exponent of War and Peace = %v; want 0.8 to 1.2", exp)
	}
	if _, errs, code := gutcount(t, "", "freq", "--plot", filepath.Join(dir, "x.gif"), paths[0]); code != exitUsage {
		t.Errorf("--plot x.gif: exit %d (%s); want 2", code, errs)
	}
}

func TestChartAndStats(t *testing.T) {
	sample := "../../testdata/sample/whale-primer.txt"
	out, _, code := gutcount(t, "", "freq", "-n", "--chart", "--top", "3", sample)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], "the   11 ") || !strings.HasPrefix(lines[1], "whale 10 ") {
		t.Fatalf("--chart = %q", out)
	}
	// Bars are scaled: the longest fills the width, the others in proportion.
	full := strings.Count(lines[0], "█")
	if w := len([]rune(lines[0])); w > 80 || full < 60 {
		t.Errorf("top bar: %d columns, %d blocks; want it to fill about 80", w, full)
	}
	out, _, _ = gutcount(t, "", "freq", "-n", "--stats", sample)
	for _, want := range []string{"tokens\t", "distinct\t", "hapax legomena\t", "type/token ratio\t", "zipf exponent\t"} {
		if !strings.Contains(out, want) {
			t.Errorf("--stats lacks %q: %s", want, out)
		}
	}
}

// The IDs that search prints count correctly when fed back.
func TestSearchIDsFeedBack(t *testing.T) {
	m := newMirror(t)
	defer m.Close()
	cache := t.TempDir()
	out, errs, code := gutcount(t, "", "--mirror", m.URL, "--cache-dir", cache, "corpus", "search", "--ids", "melville", "whale")
	if code != 0 || !strings.Contains(out, "2701\n") {
		t.Fatalf("search melville whale: %q, %s", out, errs)
	}
	golden := readBook(t, "golden/strip-expected-2701.txt")
	for _, id := range strings.Fields(out) {
		if id != "2701" {
			continue // the local mirror has only some books
		}
		got, _, _ := gutcount(t, "", "--mirror", m.URL, "--cache-dir", cache, "count", "whale", id)
		if want := countLineFor(refCount(golden, "whale"), "whale"); got != want {
			t.Errorf("count whale %s = %q; want %q", id, got, want)
		}
	}
}

// svgTexts returns the text elements of an SVG file and their heights
// on the page (0 at the bottom).
func svgTexts(t *testing.T, b []byte) map[string]float64 {
	t.Helper()
	texts := map[string]float64{}
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return texts
		}
		if err != nil {
			t.Fatalf("not XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "text" {
			var y float64
			for _, a := range se.Attr {
				if a.Name.Local == "y" {
					y, _ = strconv.ParseFloat(a.Value, 64)
				}
			}
			var s string
			dec.DecodeElement(&s, &se)
			texts[s] = -y // drawn flipped: y is minus the height
		}
	}
}

// A plot names its books by title (a stored book's from its sidecar, a
// file's from its header, else the file's name) and how the tokens were
// counted; the legend is below the axes, not on the data.
func TestPlotTitles(t *testing.T) {
	dir := t.TempDir()
	book := func(name, header string) string {
		var b strings.Builder
		b.WriteString(header + "\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\n")
		for i := range 300 {
			fmt.Fprintf(&b, "the whale and the sea, the ship %d and a word%d\n", i%7, i%40)
		}
		b.WriteString("*** END OF THE PROJECT GUTENBERG EBOOK X ***\n")
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(b.String()), 0o644)
		return p
	}
	made := book("made.txt", "Title: A Book Made Here\nAuthor: Nobody")
	latin1 := book("latin1.txt", "Title: Caf\xe9 \x1b[2J Society")
	bare := book("bare.txt", "")
	m := newCatalogMirror(t)
	svg := filepath.Join(dir, "zipf.svg")
	_, errs, code := gutcount(t, "", "--cache-dir", t.TempDir(), "--mirror", m.URL, "freq", "-n", "--plot", svg, made, latin1, bare, "1342")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	texts := svgTexts(t, b)
	title := "A Book Made Here · Café \\x1b[2J Society · bare.txt · Pride and Prejudice"
	if _, ok := texts[title]; !ok {
		t.Errorf("no title %q in %v", title, texts)
	}
	if _, ok := texts["Zipf plot: rank and frequency of the tokens, lowercased and punctuation trimmed (-n)"]; !ok {
		t.Errorf("the title does not say -n: %v", texts)
	}
	rank, ok := texts["rank"]
	if !ok {
		t.Fatalf("no x axis label in %v", texts)
	}
	legend := 0
	for s, y := range texts {
		for _, name := range []string{"A Book Made Here", "Café \\x1b[2J Society", "bare.txt", "Pride and Prejudice"} {
			if strings.HasPrefix(s, name+" (fit: exponent ") {
				legend++
				if y >= rank {
					t.Errorf("legend entry %q at height %v, not below the axes (rank at %v)", s, y, rank)
				}
			}
		}
	}
	if legend != 4 {
		t.Errorf("%d legend entries with titles; want 4: %v", legend, texts)
	}
	if bytes.ContainsRune(b, 0x1b) {
		t.Errorf("an escape from a header reached the plot")
	}
	pngFile := filepath.Join(dir, "zipf.png")
	if _, errs, code := gutcount(t, "", "freq", "--plot", pngFile, made); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	f, _ := os.Open(pngFile)
	defer f.Close()
	if cfg, err := png.DecodeConfig(f); err != nil || cfg.Width < 1000 {
		t.Errorf("%s: %v, %d pixels wide; want a PNG of 1000 or more", pngFile, err, cfg.Width)
	}
}
