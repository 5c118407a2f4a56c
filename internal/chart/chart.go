// Package chart draws gutcount's two charts as SVG or PNG: a Zipf plot
// (the frequency of each token against its rank, on log-log axes, with a
// fitted line per series) and a dispersion plot (a row per word, a tick
// wherever it occurs in a text).
//
// It draws on gonum's vector-graphics canvases (gonum.org/v1/plot/vg and
// vg/draw) but does not import gonum.org/v1/plot itself: that package's
// init parses twelve fonts, which every command of the program paid for at
// start-up whether it plotted or not. Here the fonts are parsed when the
// first chart is drawn.
//
//	err := chart.Zipf(w, chart.SVG, "Moby Dick", []chart.Series{{...}})
//
// Layering: a leaf; it imports nothing of the module.
package chart

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Format is the file format of a chart.
type Format int

const (
	SVG Format = iota
	PNG
)

// FormatOf returns the format that a file name's extension (.svg or
// .png, in any case) asks for, and false for any other.
func FormatOf(name string) (Format, bool) {
	ext := name[strings.LastIndexByte(name, '.')+1:]
	switch {
	case strings.LastIndexByte(name, '.') < 0:
		return 0, false
	case strings.EqualFold(ext, "svg"):
		return SVG, true
	case strings.EqualFold(ext, "png"):
		return PNG, true
	}
	return 0, false
}

// dpi is the resolution of a PNG: sharp on a screen and in a README.
const dpi = 144

// fonts is the font cache of every chart, filled on first use.
var fonts = sync.OnceValue(func() *font.Cache { return font.NewCache(liberation.Collection()) })

// style is text in Liberation Serif of size points.
func style(size vg.Length) draw.TextStyle {
	return draw.TextStyle{
		Color:   color.Black,
		Font:    font.Font{Typeface: "Liberation", Variant: "Serif", Size: size},
		Handler: text.Plain{Fonts: fonts()},
	}
}

// Color is the color of the i-th series (as gonum's plotutil.Color).
func Color(i int) color.Color {
	soft := [...]color.RGBA{
		{241, 90, 96, 255}, {122, 195, 106, 255}, {90, 155, 212, 255}, {250, 167, 91, 255},
		{158, 103, 171, 255}, {206, 112, 88, 255}, {215, 127, 180, 255},
	}
	return soft[i%len(soft)]
}

// page is a canvas of a format, to draw on and then write out.
type page struct {
	c interface {
		vg.CanvasSizer
		io.WriterTo
	}
	draw.Canvas
}

func newPage(f Format, w, h vg.Length) *page {
	p := &page{}
	if f == PNG {
		p.c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))}
	} else {
		p.c = vgsvg.New(w, h)
	}
	p.Canvas = draw.New(p.c)
	p.SetColor(color.White)
	p.Fill(p.Rectangle.Path())
	return p
}

// Point is a point of a series, in data units.
type Point struct{ X, Y float64 }

// axis maps data values to one direction of a canvas, on a linear or
// log10 scale.
type axis struct {
	min, max float64
	log      bool
}

func (a axis) norm(v float64) float64 {
	if a.log {
		return (math.Log10(v) - math.Log10(a.min)) / (math.Log10(a.max) - math.Log10(a.min))
	}
	return (v - a.min) / (a.max - a.min)
}

// tick is a place on an axis; minor ticks have no label.
type tick struct {
	v     float64
	label string
}

// logTicks are the powers of ten (labelled) and their multiples 2 to 9
// (minor) from below min to above max.
func logTicks(lo, hi float64) []tick {
	var ts []tick
	top := math.Pow10(int(math.Ceil(math.Log10(hi))))
	v := math.Pow10(int(math.Floor(math.Log10(lo))))
	for ; v < top; v *= 10 {
		ts = append(ts, tick{v, strconv.FormatFloat(v, 'g', -1, 64)})
		for i := 2; i < 10; i++ {
			ts = append(ts, tick{v * float64(i), ""})
		}
	}
	return append(ts, tick{v, strconv.FormatFloat(v, 'g', -1, 64)})
}

// linearTicks are round values (1, 2 or 5 times a power of ten apart)
// from min to max, about six of them labelled, with a minor tick between.
func linearTicks(lo, hi float64) []tick {
	span := hi - lo
	if span <= 0 {
		return []tick{{lo, strconv.FormatFloat(lo, 'g', -1, 64)}}
	}
	step := math.Pow10(int(math.Floor(math.Log10(span / 6))))
	for _, m := range []float64{1, 2, 5, 10} {
		if span/(step*m) <= 7 {
			step *= m
			break
		}
	}
	var ts []tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ts = append(ts, tick{v, strconv.FormatFloat(v, 'f', -1, 64)})
		if v+step/2 <= hi {
			ts = append(ts, tick{v + step/2, ""})
		}
	}
	return ts
}

const (
	tickLen   = vg.Length(8) // a labelled tick; a minor one is half
	axisWidth = vg.Length(0.5)
)

var axisLine = draw.LineStyle{Color: color.Black, Width: axisWidth}

// placed calls fn for each tick of ts within a: its place from lo to hi,
// its length (full for a labelled tick, half for a minor one) and label.
func placed(ts []tick, a axis, lo, hi, full vg.Length, fn func(at, length vg.Length, label string)) {
	for _, t := range ts {
		if t.v < a.min || t.v > a.max {
			continue
		}
		l := full
		if t.label == "" {
			l /= 2
		}
		fn(lo+vg.Length(a.norm(t.v))*(hi-lo), l, t.label)
	}
}

// xAxis draws the ticks and their labels below the data area d of c, and
// label under them.
func xAxis(c draw.Canvas, d vg.Rectangle, a axis, ts []tick, label string, tickSty draw.TextStyle, labelSty draw.TextStyle) {
	c.StrokeLine2(axisLine, d.Min.X, d.Min.Y, d.Max.X, d.Min.Y)
	tickSty.XAlign, tickSty.YAlign = draw.XCenter, draw.YTop
	placed(ts, a, d.Min.X, d.Max.X, tickLen, func(x, l vg.Length, text string) {
		c.StrokeLine2(axisLine, x, d.Min.Y, x, d.Min.Y-l)
		if text != "" {
			c.FillText(tickSty, vg.Point{X: x, Y: d.Min.Y - tickLen - 2}, text)
		}
	})
	labelSty.XAlign, labelSty.YAlign = draw.XCenter, draw.YTop
	y := d.Min.Y - tickLen - 2 - tickSty.Height("0") - 4
	c.FillText(labelSty, vg.Point{X: (d.Min.X + d.Max.X) / 2, Y: y}, label)
}

// yAxis draws the ticks (of length full; none when 0) and their labels
// left of the data area d of c, and label (turned upright) left of them
// at x.
func yAxis(c draw.Canvas, d vg.Rectangle, a axis, ts []tick, full vg.Length, label string, x vg.Length, tickSty, labelSty draw.TextStyle) {
	c.StrokeLine2(axisLine, d.Min.X, d.Min.Y, d.Min.X, d.Max.Y)
	tickSty.XAlign, tickSty.YAlign = draw.XRight, draw.YCenter
	placed(ts, a, d.Min.Y, d.Max.Y, full, func(y, l vg.Length, text string) {
		if l > 0 {
			c.StrokeLine2(axisLine, d.Min.X, y, d.Min.X-l, y)
		}
		if text != "" {
			c.FillText(tickSty, vg.Point{X: d.Min.X - full - 3, Y: y}, text)
		}
	})
	if label != "" {
		labelSty.Rotation = math.Pi / 2
		labelSty.XAlign, labelSty.YAlign = draw.XCenter, draw.YTop
		c.FillText(labelSty, vg.Point{X: x, Y: (d.Min.Y + d.Max.Y) / 2}, label)
	}
}

// tickWidth is the width of the widest label of ts in sty.
func tickWidth(ts []tick, a axis, sty draw.TextStyle) vg.Length {
	var w vg.Length
	for _, t := range ts {
		if t.label != "" && t.v >= a.min && t.v <= a.max {
			w = max(w, sty.Width(t.label))
		}
	}
	return w
}

// fitLines breaks the lines of s at spaces where they are wider than
// width in style sty.
func fitLines(s string, sty draw.TextStyle, width vg.Length) string {
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

// drawTitle draws s centred at the top of c, in lines, and returns its
// height.
func drawTitle(c draw.Canvas, s string, sty draw.TextStyle) vg.Length {
	if s == "" {
		return 0
	}
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
	c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y}, s)
	return sty.Height(s)
}

// write writes the page to w.
func (p *page) write(w io.Writer) error {
	_, err := p.c.WriteTo(w)
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	return nil
}
