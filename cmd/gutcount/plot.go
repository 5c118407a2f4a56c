package main

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/gutenberg"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/internal/fsx"
)

// series is the sorted frequencies of one source, and its name in the
// plot.
type series struct {
	title string
	rows  []count.Row
}

// bookTitle names a source in a plot: a stored book's title from its
// sidecar, a file's from its Gutenberg header, else the file name (or the
// URL's).
func bookTitle(src corpus.Source, tx *corpus.OpenedText) string {
	var title string
	switch {
	case tx.Book.Entry != nil:
		title = tx.Book.Entry.Title
	case src.Kind == corpus.File:
		title = fileTitle(src.Path)
	case src.Kind == corpus.Stdin:
		return "standard input"
	}
	if title = oneLine(title); title != "" {
		return clean(title)
	}
	name := filepath.Base(src.Arg)
	if src.Kind == corpus.URL || src.Kind == corpus.ID {
		name = path.Base(src.URL)
		if tx.Book.Entry != nil {
			name = path.Base(tx.Book.Entry.URL)
		}
	}
	return clean(name)
}

// fileTitle is the title in the Gutenberg header of the file at p, ""
// when it has none. A header that is not UTF-8 is Latin-1.
func fileTitle(p string) string {
	f, err := os.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	title := gutenberg.ParseHeader(head[:n]).Title
	if !utf8.ValidString(title) {
		if s, err := charmap.Windows1252.NewDecoder().String(title); err == nil {
			title = s
		}
	}
	return title
}

// plotTitle is the title of a plot of books: their titles, and how their
// tokens were counted.
func plotTitle(all []series, t TextFlags) string {
	names := make([]string, len(all))
	for i, s := range all {
		names[i] = cut(s.title, 40)
	}
	// Titles hold commas and "and": a dot keeps them apart.
	books := strings.Join(names, " · ")
	if len([]rune(books)) > 90 {
		books = plural(len(all), "book")
	}
	o := t.options()
	var how string
	switch {
	case o.IgnoreCase && o.StripPunct:
		how = "lowercased and punctuation trimmed (-n)"
	case o.IgnoreCase:
		how = "lowercased (-i)"
	case o.StripPunct:
		how = "punctuation trimmed (-p)"
	default:
		how = "as they are (no -i, -p or -n)"
	}
	if t.Raw {
		how += ", header and footer kept (--raw)"
	}
	return books + "\nZipf plot: rank and frequency of the tokens, " + how
}

// Sizes of the plot: readable on a screen and in a README.
const (
	plotWidth  = 8 * vg.Inch
	plotHeight = 5.5 * vg.Inch // the plot itself; the legend is below it
	plotDPI    = 144
)

// savePlot draws rank against frequency on log-log axes, one series per
// source with its fitted Zipf line, to an .svg or .png file. The legend
// sits below the axes, where no point can be.
func savePlot(file, title string, all []series) error {
	ext := strings.ToLower(filepath.Ext(file))
	if ext != ".svg" && ext != ".png" {
		return usagef("--plot %q: the file must end in .svg or .png", file)
	}
	p := plot.New()
	p.Title.TextStyle.Font.Size = vg.Points(14)
	p.Title.Text = fitLines(title, p.Title.TextStyle, plotWidth-vg.Points(40))
	p.Title.Padding = vg.Points(10)
	p.X.Label.Text = "rank"
	p.Y.Label.Text = "frequency"
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Scale = plot.LogScale{}
		a.Tick.Marker = plot.LogTicks{Prec: -1}
		a.Label.TextStyle.Font.Size = vg.Points(13)
		a.Tick.Label.Font.Size = vg.Points(11)
	}
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{Y: 220}
	grid.Horizontal.Color = color.Gray{Y: 220}
	p.Add(grid)
	legend := plot.NewLegend()
	legend.Left, legend.Top = true, true
	legend.TextStyle.Font.Size = vg.Points(11)
	legend.ThumbnailWidth = vg.Points(28)
	legend.Padding = vg.Points(3)
	maxRank, maxCount := 1.0, 1.0
	for i, s := range all {
		if len(s.rows) == 0 {
			continue
		}
		pts := rankPoints(s.rows)
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return err
		}
		sc.GlyphStyle.Color = plotutil.Color(i)
		sc.GlyphStyle.Shape = draw.CircleGlyph{}
		sc.GlyphStyle.Radius = vg.Points(1.6)
		z := count.FitZipf(s.rows, count.ZipfRanks)
		var fit plotter.XYs
		for _, r := range []float64{1, float64(max(z.Ranks, 2))} {
			fit = append(fit, plotter.XY{X: r, Y: math.Exp(z.Intercept) * math.Pow(r, -z.Exponent)})
		}
		line, err := plotter.NewLine(fit)
		if err != nil {
			return err
		}
		line.LineStyle.Color = plotutil.Color(i)
		line.LineStyle.Width = vg.Points(1.5)
		line.LineStyle.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		p.Add(sc, line)
		legend.Add(fmt.Sprintf("%s (fit: exponent %.3f, ranks 1-%d)", cut(s.title, 60), z.Exponent, z.Ranks), sc, line)
		maxRank = max(maxRank, float64(len(s.rows)))
		maxCount = max(maxCount, float64(s.rows[0].Count), fit[0].Y)
	}
	// A margin around the data (and the fitted lines) on both log axes,
	// so that no point sits on an axis: rank 1 and count 1 are the data's
	// edges.
	p.X.Min, p.X.Max = 0.7, maxRank*1.4
	p.Y.Min, p.Y.Max = 0.7, maxCount*1.4

	entry := legend.TextStyle.Rectangle("Mg").Max.Y
	legendHeight := vg.Length(len(all))*(entry+legend.Padding) + vg.Points(16)
	var c interface {
		vg.CanvasSizer
		io.WriterTo
	}
	if ext == ".svg" {
		c = vgsvg.New(plotWidth, plotHeight+legendHeight)
	} else {
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(plotWidth, plotHeight+legendHeight), vgimg.UseDPI(plotDPI))}
	}
	dc := draw.New(c)
	margin := vg.Points(8)
	dc = draw.Crop(dc, margin, -2*margin, margin, -margin)
	top := draw.Crop(dc, 0, 0, legendHeight, 0)
	p.Draw(top)
	below := dc
	below.Max.Y = below.Min.Y + legendHeight - vg.Points(6)
	below.Min.X = p.DataCanvas(top).Min.X
	legend.Draw(below)
	f, err := fsx.Create(file, 0o644)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := c.WriteTo(f); err != nil {
		return err
	}
	return f.Commit()
}

// fitLines breaks the lines of s at spaces where they are wider than
// width in style sty.
func fitLines(s string, sty text.Style, width vg.Length) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		cur := ""
		for _, w := range strings.Fields(line) {
			switch {
			case cur == "":
				cur = w
			case sty.Width(cur+" "+w) <= width:
				cur += " " + w
			default:
				out = append(out, cur)
				cur = w
			}
		}
		out = append(out, cur)
	}
	return strings.Join(out, "\n")
}

// rankPoints returns the (rank, count) points of rows, thinned to about
// 100 per decade of rank so large vocabularies plot fast.
func rankPoints(rows []count.Row) plotter.XYs {
	var pts plotter.XYs
	next := 1.0
	for i, r := range rows {
		rank := float64(i + 1)
		if rank >= next || i == len(rows)-1 {
			pts = append(pts, plotter.XY{X: rank, Y: float64(r.Count)})
			next = math.Max(rank+1, rank*1.023)
		}
	}
	return pts
}
