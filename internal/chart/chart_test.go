package chart

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestFormatOf(t *testing.T) {
	for _, c := range []struct {
		name string
		f    Format
		ok   bool
	}{{"a.svg", SVG, true}, {"dir.x/A.PNG", PNG, true}, {"a.gif", 0, false}, {"svg", 0, false}, {"a.svg.txt", 0, false}} {
		if f, ok := FormatOf(c.name); f != c.f || ok != c.ok {
			t.Errorf("FormatOf(%q) = %v, %v; want %v, %v", c.name, f, ok, c.f, c.ok)
		}
	}
}

func labels(ts []tick) (major []float64, minor int) {
	for _, t := range ts {
		if t.label != "" {
			major = append(major, t.v)
		} else {
			minor++
		}
	}
	return major, minor
}

func TestTicks(t *testing.T) {
	major, minor := labels(logTicks(0.7, 1400))
	if want := []float64{0.1, 1, 10, 100, 1000, 10000}; !reflect.DeepEqual(major, want) || minor != 5*8 {
		t.Errorf("logTicks(0.7, 1400) = %v and %d minor; want %v and 40", major, minor, want)
	}
	if got := logTicks(0.7, 1400)[len(logTicks(0.7, 1400))-1].label; got != "10000" {
		t.Errorf("last log tick %q; want 10000", got)
	}
	major, _ = labels(linearTicks(0, 212760))
	if want := []float64{0, 50000, 100000, 150000, 200000}; !reflect.DeepEqual(major, want) {
		t.Errorf("linearTicks(0, 212760) = %v; want %v", major, want)
	}
	major, _ = labels(linearTicks(0, 7))
	if want := []float64{0, 1, 2, 3, 4, 5, 6, 7}; !reflect.DeepEqual(major, want) {
		t.Errorf("linearTicks(0, 7) = %v; want %v", major, want)
	}
}

// svgTexts returns the text elements of an SVG document.
func svgTexts(t *testing.T, b []byte) []string {
	t.Helper()
	var texts []string
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
			var s string
			dec.DecodeElement(&s, &se)
			texts = append(texts, s)
		}
	}
}

func TestZipf(t *testing.T) {
	series := []Series{
		{Points: []Point{{1, 100}, {2, 50}, {3, 33}}, Fit: []Point{{1, 100}, {3, 33}}, Label: "one book"},
		{Points: []Point{{1, 9}}, Fit: []Point{{1, 9}, {2, 4}}, Label: "another"},
	}
	var b bytes.Buffer
	if err := Zipf(&b, SVG, "The Title\nsecond line", series); err != nil {
		t.Fatal(err)
	}
	texts := strings.Join(svgTexts(t, b.Bytes()), "|")
	for _, want := range []string{"The Title", "second line", "rank", "frequency", "one book", "another", "1", "10", "100"} {
		if !strings.Contains("|"+texts+"|", "|"+want+"|") {
			t.Errorf("Zipf SVG has no text %q: %s", want, texts)
		}
	}
	b.Reset()
	if err := Zipf(&b, PNG, "png", series); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil || img.Bounds().Dx() != 8*dpi {
		t.Fatalf("Zipf PNG: %v; want %d pixels wide", err, 8*dpi)
	}
}

func TestDispersion(t *testing.T) {
	rows := []Row{{"whale (3)", []float64{1, 50, 99}}, {"ahab (0)", nil}}
	var b bytes.Buffer
	if err := Dispersion(&b, SVG, "Moby", "token index", rows, 100); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	texts := strings.Join(svgTexts(t, b.Bytes()), "|")
	for _, want := range []string{"Moby", "token index", "whale (3)", "ahab (0)", "0", "40", "100"} {
		if !strings.Contains("|"+texts+"|", "|"+want+"|") {
			t.Errorf("Dispersion SVG has no text %q: %s", want, texts)
		}
	}
	// One tick per place, in the first row's colour (soft red: 241, 90, 96).
	if n := strings.Count(svg, "stroke:#F15A60"); n != 3 {
		t.Errorf("%d strokes in the first row's colour; want 3", n)
	}
}
