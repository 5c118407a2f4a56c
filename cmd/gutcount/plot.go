package main

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gutcount/gutcount/count"
)

// series is the sorted frequencies of one source.
type series struct {
	name string
	rows []count.Row
}

// savePlot draws rank against frequency on log-log axes, one series per
// source with its fitted Zipf line, to an .svg or .png file.
func savePlot(file string, all []series) error {
	ext := strings.ToLower(filepath.Ext(file))
	if ext != ".svg" && ext != ".png" {
		return usagef("--plot %q: the file must end in .svg or .png", file)
	}
	p := plot.New()
	p.Title.Text = "Rank and frequency (Zipf)"
	p.X.Label.Text = "rank"
	p.Y.Label.Text = "frequency"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	p.Legend.Left = true // the points run from top left to bottom right
	p.Add(plotter.NewGrid())
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
		sc.GlyphStyle.Radius = vg.Points(1.5)
		z := count.FitZipf(s.rows, count.ZipfRanks)
		fit := plotter.XYs{}
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
		p.Legend.Add(filepath.Base(s.name), sc)
		p.Legend.Add(fmt.Sprintf("fit: exponent %.3f (ranks 1-%d)", z.Exponent, z.Ranks), line)
	}
	return p.Save(8*vg.Inch, 6*vg.Inch, file)
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
