// Package plot draws the pictures of counted text: a Zipf plot of sorted
// frequencies (rank against count on log-log axes, with each source's
// fitted Zipf line) and a dispersion plot of where words occur in a
// text. freq --plot, where --plot and the web pages of serve draw with
// it, so that they show the same pictures.
//
//	err := plot.Zipf(w, plot.SVG, "Moby Dick", []plot.Series{{Title: "Moby Dick", Rows: t.Sorted()}})
//
// The labels made of titles and words are made safe to show (control
// characters escaped, table.Clean); a plot's own title is drawn as given,
// its lines apart. The drawing itself is internal/chart's.
//
// Layering: imports count, count/stats, count/table and internal/chart.
package plot

import (
	"fmt"
	"io"

	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/stats"
	"github.com/gutcount/gutcount/count/table"
	"github.com/gutcount/gutcount/internal/chart"
)

// Format is a picture's file format.
type Format = chart.Format

// The formats.
const (
	SVG = chart.SVG
	PNG = chart.PNG
)

// FormatOf returns the format a file name's extension asks for (.svg or
// .png), and false for any other.
func FormatOf(name string) (Format, bool) { return chart.FormatOf(name) }

// Series is one source of a Zipf plot: its name and its frequencies,
// sorted by count, most frequent first.
type Series struct {
	Title string
	Rows  []count.Row
}

// Zipf draws rank against frequency, one series per source with its
// fitted Zipf line (stats.FitZipf), under title; a source with no rows is
// left out.
func Zipf(w io.Writer, f Format, title string, all []Series) error {
	var plotted []chart.Series
	for _, s := range all {
		if len(s.Rows) == 0 {
			continue
		}
		z := stats.FitZipf(s.Rows, stats.ZipfRanks)
		plotted = append(plotted, chart.Series{
			Points: chart.RankPoints(len(s.Rows), func(i int) float64 { return float64(s.Rows[i].Count) }),
			Fit:    chart.PowerLine(z.Intercept, z.Exponent, z.Ranks),
			Label:  fmt.Sprintf("%s (fit: exponent %.3f, ranks 1-%d)", table.Cut(table.Clean(s.Title), 60), z.Exponent, z.Ranks),
		})
	}
	return chart.Zipf(w, f, title, plotted)
}

// ticksPerRow is how many distinct places along the text a row of the
// dispersion plot draws at most: more ticks would fall on the same pixel.
const ticksPerRow = 4096

// Dispersion draws, under title, a row per word (labelled with it and how
// often it occurs) with a tick at each token index in its places, in a
// text of tokens tokens.
func Dispersion(w io.Writer, f Format, title string, words []string, places []count.Positions, tokens int64) error {
	xLabel := fmt.Sprintf("token index (of %d tokens)", tokens)
	return chart.Dispersion(w, f, title, xLabel, dispersionRows(words, places, tokens), float64(max(tokens, 1)))
}

// dispersionRows are the rows of a dispersion plot: a word's label and its
// places, thinned to ticksPerRow.
func dispersionRows(words []string, places []count.Positions, tokens int64) []chart.Row {
	rows := make([]chart.Row, len(places))
	for k := range places {
		last := int64(-1)
		places[k].Each(func(i int64) error {
			if b := i * ticksPerRow / max(tokens, 1); b != last {
				rows[k].At, last = append(rows[k].At, float64(i)), b
			}
			return nil
		})
		rows[k].Label = fmt.Sprintf("%s (%d)", table.Clean(words[k]), places[k].Len())
	}
	return rows
}

// Pages draws the plots of serve's pages as SVG, as the command line
// draws them (a serve.Plotter).
type Pages struct{}

// Zipf is the Zipf plot of one source's sorted rows.
func (Pages) Zipf(w io.Writer, title string, rows []count.Row) error {
	return Zipf(w, SVG, table.Clean(title), []Series{{Title: title, Rows: rows}})
}

// Dispersion is the dispersion plot of words, each with its token
// indices in order.
func (Pages) Dispersion(w io.Writer, title string, words []string, indices [][]int64, tokens int64) error {
	places := make([]count.Positions, len(indices))
	for i, xs := range indices {
		for _, x := range xs {
			places[i].Add(x)
		}
	}
	return Dispersion(w, SVG, table.Clean(title), words, places, tokens)
}
