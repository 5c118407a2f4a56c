package main

import (
	"bytes"
	"encoding/xml"
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
