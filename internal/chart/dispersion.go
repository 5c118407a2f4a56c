package chart

import (
	"io"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Row is a row of a dispersion plot: a word's label and the places
// (token indices) where it occurs.
type Row struct {
	Label string
	At    []float64
}

// Dispersion writes a dispersion plot of rows to w in format f: a row per
// word, top to bottom, with a tick at each place, along an x axis from 0
// to xMax named xLabel.
func Dispersion(w io.Writer, f Format, title, xLabel string, rows []Row, xMax float64) error {
	titleSty, labelSty, tickSty := style(12), style(12), style(10)
	p := newPage(f, 9*vg.Inch, vg.Inch+vg.Length(len(rows))*0.45*vg.Inch)
	c := draw.Crop(p.Canvas, margin, -2*margin, margin, -margin)
	ax := axis{0, max(xMax, 1), false}
	ay := axis{-0.5, float64(len(rows)) - 0.5, false}
	xt := linearTicks(ax.min, ax.max)
	yt := make([]tick, len(rows))
	for i, r := range rows {
		yt[i] = tick{float64(len(rows) - 1 - i), r.Label}
	}
	th := drawTitle(c, title, titleSty)
	d := vg.Rectangle{
		Min: vg.Point{
			X: c.Min.X + tickWidth(yt, ay, tickSty) + 3,
			Y: c.Min.Y + labelSty.Height(xLabel) + 4 + tickSty.Height("0") + 2 + tickLen,
		},
		Max: vg.Point{X: c.Max.X - tickSty.Width("000000")/2, Y: c.Max.Y - th - 10},
	}
	data := draw.Crop(c, d.Min.X-c.Min.X, d.Max.X-c.Max.X, d.Min.Y-c.Min.Y, d.Max.Y-c.Max.Y)
	toX := func(v float64) vg.Length { return d.Min.X + vg.Length(ax.norm(v))*(d.Max.X-d.Min.X) }
	toY := func(v float64) vg.Length { return d.Min.Y + vg.Length(ay.norm(v))*(d.Max.Y-d.Min.Y) }
	for i, r := range rows {
		y := float64(len(rows) - 1 - i)
		y0, y1 := toY(y-0.35), toY(y+0.35)
		sty := draw.LineStyle{Color: Color(i), Width: vg.Points(0.8)}
		for _, x := range r.At {
			data.StrokeLine2(sty, toX(x), y0, toX(x), y1)
		}
	}
	xAxis(c, d, ax, xt, xLabel, tickSty, labelSty)
	yAxis(c, d, ay, yt, 0, "", 0, tickSty, labelSty)
	return p.write(w)
}
