package chart

import (
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one source of a Zipf plot.
type Series struct {
	Points []Point // (rank, count), drawn as dots
	Fit    []Point // the fitted line, drawn dashed
	Label  string  // its entry in the legend
}

// Sizes of a Zipf plot: readable on a screen and in a README.
const (
	zipfWidth  = 8 * vg.Inch
	zipfHeight = 5.5 * vg.Inch // the axes and title; the legend is below
	margin     = vg.Length(8)
)

// Zipf writes a plot of rank against frequency on log-log axes, the
// series' dots and fitted lines in turn in the colours of Color, to w in
// format f. The legend sits below the axes, where no point can be; the
// title is broken into lines that fit.
func Zipf(w io.Writer, f Format, title string, series []Series) error {
	titleSty, labelSty, tickSty, legendSty := style(14), style(13), style(11), style(11)
	const legendPad = vg.Length(3)
	entry := legendSty.Rectangle("Mg").Max.Y
	legendHeight := vg.Length(len(series))*(entry+legendPad) + 16
	p := newPage(f, zipfWidth, zipfHeight+legendHeight)
	c := draw.Crop(p.Canvas, margin, -2*margin, margin, -margin)
	top := draw.Crop(c, 0, 0, legendHeight, 0)

	// A margin around the data (and the fitted lines) on both log axes,
	// so that no point sits on an axis: rank 1 and count 1 are the data's
	// edges.
	maxX, maxY := 1.0, 1.0
	for _, s := range series {
		for _, pts := range [][]Point{s.Points, s.Fit} {
			for _, pt := range pts {
				maxX, maxY = max(maxX, pt.X), max(maxY, pt.Y)
			}
		}
	}
	ax, ay := axis{0.7, maxX * 1.4, true}, axis{0.7, maxY * 1.4, true}
	xt, yt := logTicks(ax.min, ax.max), logTicks(ay.min, ay.max)

	title = fitLines(title, titleSty, zipfWidth-40)
	th := drawTitle(top, title, titleSty)
	d := vg.Rectangle{
		Min: vg.Point{
			X: top.Min.X + labelSty.Height("rank") + 4 + tickWidth(yt, ay, tickSty) + 3 + tickLen,
			Y: top.Min.Y + labelSty.Height("rank") + 4 + tickSty.Height("0") + 2 + tickLen,
		},
		Max: vg.Point{X: top.Max.X - tickSty.Width("10000")/2, Y: top.Max.Y - th - 10},
	}
	data := draw.Crop(top, d.Min.X-top.Min.X, d.Max.X-top.Max.X, d.Min.Y-top.Min.Y, d.Max.Y-top.Max.Y)
	at := func(pt Point) vg.Point {
		return vg.Point{
			X: d.Min.X + vg.Length(ax.norm(pt.X))*(d.Max.X-d.Min.X),
			Y: d.Min.Y + vg.Length(ay.norm(pt.Y))*(d.Max.Y-d.Min.Y),
		}
	}

	grid := draw.LineStyle{Color: color.Gray{Y: 220}, Width: vg.Points(0.25)}
	placed(xt, ax, d.Min.X, d.Max.X, 0, func(x, _ vg.Length, label string) {
		if label != "" {
			data.StrokeLine2(grid, x, d.Min.Y, x, d.Max.Y)
		}
	})
	placed(yt, ay, d.Min.Y, d.Max.Y, 0, func(y, _ vg.Length, label string) {
		if label != "" {
			data.StrokeLine2(grid, d.Min.X, y, d.Max.X, y)
		}
	})
	dot := func(i int) draw.GlyphStyle {
		return draw.GlyphStyle{Color: Color(i), Radius: vg.Points(1.6), Shape: draw.CircleGlyph{}}
	}
	dashed := func(i int) draw.LineStyle {
		return draw.LineStyle{Color: Color(i), Width: vg.Points(1.5), Dashes: []vg.Length{vg.Points(6), vg.Points(3)}}
	}
	for i, s := range series {
		for _, pt := range s.Points {
			data.DrawGlyph(dot(i), at(pt))
		}
		line := make([]vg.Point, len(s.Fit))
		for k, pt := range s.Fit {
			line[k] = at(pt)
		}
		data.StrokeLines(dashed(i), data.ClipLinesXY(line)...)
	}
	xAxis(top, d, ax, xt, "rank", tickSty, labelSty)
	yAxis(top, d, ay, yt, tickLen, "frequency", top.Min.X, tickSty, labelSty)

	// The legend: a dot and a dash for each series, then its label.
	const thumb = vg.Length(28)
	legendSty.XAlign, legendSty.YAlign = draw.XLeft, draw.YCenter
	y := c.Min.Y + legendHeight - 6 - entry/2
	for i, s := range series {
		mid := d.Min.X + thumb/2
		p.StrokeLine2(dashed(i), d.Min.X, y, d.Min.X+thumb, y)
		p.DrawGlyph(dot(i), vg.Point{X: mid, Y: y})
		p.FillText(legendSty, vg.Point{X: d.Min.X + thumb + 5, Y: y}, s.Label)
		y -= entry + legendPad
	}
	return p.write(w)
}

// RankPoints returns the (rank, count(i)) points of n counts in rank
// order (i from 0, rank i+1), thinned to about 100 per decade of rank so
// large vocabularies plot fast; the last is always kept.
func RankPoints(n int, count func(i int) float64) []Point {
	var pts []Point
	next := 1.0
	for i := range n {
		rank := float64(i + 1)
		if rank >= next || i == n-1 {
			pts = append(pts, Point{X: rank, Y: count(i)})
			next = math.Max(rank+1, rank*1.023)
		}
	}
	return pts
}

// PowerLine is the fitted line of a Zipf series from rank 1 to ranks (at
// least 2): count = e^intercept · rank^-exponent at both ends.
func PowerLine(intercept, exponent float64, ranks int) []Point {
	var fit []Point
	for _, r := range []float64{1, float64(max(ranks, 2))} {
		fit = append(fit, Point{X: r, Y: math.Exp(intercept) * math.Pow(r, -exponent)})
	}
	return fit
}
