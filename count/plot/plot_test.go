package plot

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/count"
)

// The ticks of a word are thinned to one per ticksPerRow-th of the text:
// here a text of 8,192 tokens (two tokens a bucket) where a word occurs at
// every token index, and one that occurs three times, two of them in one
// bucket.
func TestDispersionRows(t *testing.T) {
	var every, three count.Positions
	for i := range int64(8192) {
		every.Add(i)
	}
	for _, i := range []int64{0, 1, 9} {
		three.Add(i)
	}
	rows := dispersionRows([]string{"the", "whale\x1b[2J"}, []count.Positions{every, three}, 8192)
	if len(rows[0].At) != ticksPerRow {
		t.Errorf("a word at every index has %d ticks; want %d (one a bucket)", len(rows[0].At), ticksPerRow)
	}
	for k, x := range rows[0].At {
		if x != float64(2*k) {
			t.Fatalf("tick %d at %v; want %d (the first index of its bucket)", k, x, 2*k)
		}
	}
	if want := []float64{0, 9}; fmt.Sprint(rows[1].At) != fmt.Sprint(want) {
		t.Errorf("ticks %v; want %v (0 and 1 share a bucket)", rows[1].At, want)
	}
	if rows[0].Label != "the (8192)" || rows[1].Label != `whale\x1b[2J (3)` {
		t.Errorf("labels %q, %q; want the count beside each word, its control characters escaped", rows[0].Label, rows[1].Label)
	}
}

// A Zipf plot has a legend entry per source with rows, with the exponent
// of the line fitted to them: rows of counts 1000/r have exponent 1.
func TestZipf(t *testing.T) {
	var rows []count.Row
	for r := 1; r <= 200; r++ {
		rows = append(rows, count.Row{Word: fmt.Sprint("w", r), Count: int64(math.Round(1000 / float64(r)))})
	}
	var b bytes.Buffer
	err := Zipf(&b, SVG, "A title", []Series{{Title: "Moby\x07 Dick", Rows: rows}, {Title: "Empty"}})
	if err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	for _, want := range []string{"A title", `Moby\x07 Dick (fit: exponent 1.00`} {
		if !strings.Contains(svg, want) {
			t.Errorf("the plot has no %q", want)
		}
	}
	if strings.Contains(svg, "Empty") || strings.Contains(svg, "\x07") {
		t.Error("the plot shows the source without rows, or a raw control character")
	}
}

// The pages' plots are the command line's: a dispersion from index lists
// is the one from the same positions, its title cleaned.
func TestPagesDispersion(t *testing.T) {
	indices := [][]int64{{1, 5, 90}, {}, {3}}
	var places []count.Positions
	for _, xs := range indices {
		var p count.Positions
		for _, x := range xs {
			p.Add(x)
		}
		places = append(places, p)
	}
	words := []string{"a", "b", "c"}
	var got, want bytes.Buffer
	if err := (Pages{}).Dispersion(&got, "T\x1b", words, indices, 100); err != nil {
		t.Fatal(err)
	}
	if err := Dispersion(&want, SVG, `T\x1b`, words, places, 100); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Error("Pages.Dispersion draws another picture than Dispersion")
	}
}
