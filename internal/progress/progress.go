// Package progress draws gutcount's progress on a terminal: one Console
// per stderr, whose notes (retries, -v lines) each take a line of their
// own while the bar, when one is drawn, stays on the last line, drawn
// again below every note. A Bar follows one download (bytes, rate, time
// left, stalls); an Items bar the books of a batch. The bars themselves
// are github.com/schollz/progressbar's, rendered into the console's line.
//
//	con := progress.NewConsole(os.Stderr, 80)
//	b := con.Bar("2701 Moby Dick") // Start, Add, Finish as fetch.Progress
//	con.Note("retrying in 2s")
//
// Layering: a leaf; it imports nothing of the module.
package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/rivo/uniseg"
	"github.com/schollz/progressbar/v3"
)

// Console is stderr as downloads and batches use it: notes (retries, -v lines) each take
// a line of their own, and the progress bar, when one is drawn, stays on
// the last line, drawn again below every note.
type Console struct {
	mu    sync.Mutex
	w     io.Writer
	cols  int    // columns of the terminal
	line  string // the bar on screen, "" when none
	width int    // its width in columns
	owner any    // whose bar it is (a *Bar or an *Items)
}

// NewConsole returns the console writing to w, a terminal of cols columns
// (80 when cols is 0 or less).
func NewConsole(w io.Writer, cols int) *Console {
	if cols <= 0 {
		cols = 80
	}
	return &Console{w: w, cols: cols}
}

// Note prints "gutcount: " and s on a line of its own, above the bar.
func (t *Console) Note(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.erase()
	io.WriteString(t.w, "gutcount: "+s+"\n")
	if t.line != "" {
		io.WriteString(t.w, "\r"+t.line)
		t.width = uniseg.StringWidth(t.line)
	}
}

// draw puts line on the bar's line for b.
func (t *Console) draw(b any, line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	w := uniseg.StringWidth(line)
	pad := ""
	if t.width > w {
		pad = strings.Repeat(" ", t.width-w) // what a longer line left
	}
	io.WriteString(t.w, "\r"+line+pad)
	t.line, t.width, t.owner = line, w, b
}

// clear takes b's bar off the screen.
func (t *Console) clear(b any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.owner != b {
		return
	}
	t.erase()
	t.line, t.owner = "", nil
}

// erase blanks the bar's line and leaves the cursor at its start.
func (t *Console) erase() {
	if t.width > 0 {
		io.WriteString(t.w, "\r"+strings.Repeat(" ", t.width)+"\r")
		t.width = 0
	}
}

// Bar starts the bar of one download, labelled label (it has the
// methods of fetch.Progress: Start, Add, Finish).
func (t *Console) Bar(label string) *Bar {
	return newBar(t, label, time.Now, time.Second)
}

// Bar follows one download on a terminal: what it is, bytes done of the
// total, the rate over the last seconds, the time left, and a stall.
type Bar struct {
	t     *Console
	label string
	now   func() time.Time
	tick  time.Duration // how often a bar without data is redrawn; 0: never

	mu       sync.Mutex
	pb       *progressbar.ProgressBar
	total    int64 // -1 when unknown
	done     int64
	got      int64 // bytes of this attempt: the rate counts only these
	samples  []sample
	lastData time.Time
	lastDraw time.Time
	stop     chan struct{}
	stopped  chan struct{}
}

type sample struct {
	at  time.Time
	got int64
}

const (
	drawEvery  = 150 * time.Millisecond // throttle: a terminal needs no more
	rateWindow = 5 * time.Second        // the rate is over this much of the past
	rateAfter  = time.Second            // no rate before this much data time
	stallAfter = 3 * time.Second        // no data for this long is a stall
	barWidth   = 20
)

func newBar(t *Console, label string, now func() time.Time, tick time.Duration) *Bar {
	return &Bar{t: t, label: label, now: now, tick: tick}
}

func (b *Bar) Start(total, done int64) {
	b.mu.Lock()
	now := b.now()
	b.total, b.done, b.got = total, done, 0
	b.samples = []sample{{now, 0}}
	b.lastData = now
	max := total
	if max <= 0 {
		max = -1 // a spinner
	}
	// The bar itself (percent and blocks) is progressbar's, rendered into
	// String() only: rate, time left and stalls are counted here, where
	// resumed bytes are not taken for speed.
	b.pb = progressbar.NewOptions64(max,
		progressbar.OptionSetWriter(io.Discard),
		progressbar.OptionSetWidth(barWidth),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionSetElapsedTime(false),
		progressbar.OptionShowTotalBytes(false),
		progressbar.OptionSetSpinnerChangeInterval(0),
		progressbar.OptionThrottle(0),
	)
	if b.tick > 0 && b.stop == nil {
		b.stop, b.stopped = make(chan struct{}), make(chan struct{})
		go b.ticker(b.stop, b.stopped)
	}
	b.drawLocked(now)
	b.mu.Unlock()
}

func (b *Bar) Add(n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	b.done += int64(n)
	b.got += int64(n)
	b.lastData = now
	if last := b.samples[len(b.samples)-1]; now.Sub(last.at) >= drawEvery {
		b.samples = append(b.samples, sample{now, b.got})
	}
	if now.Sub(b.lastDraw) >= drawEvery || (b.total > 0 && b.done >= b.total) {
		b.drawLocked(now)
	}
}

// refresh redraws the bar, so that time left and a stall show while no
// data comes.
func (b *Bar) refresh() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.pb != nil {
		b.drawLocked(b.now())
	}
}

func (b *Bar) ticker(stop, stopped chan struct{}) {
	defer close(stopped)
	t := time.NewTicker(b.tick)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			b.refresh()
		}
	}
}

func (b *Bar) Finish() {
	b.mu.Lock()
	stop, stopped := b.stop, b.stopped
	b.stop = nil
	b.mu.Unlock()
	if stop != nil {
		close(stop)
		<-stopped
	}
	b.t.clear(b)
}

func (b *Bar) drawLocked(now time.Time) {
	b.lastDraw = now
	b.t.draw(b, b.lineLocked(now))
}

// lineLocked renders the bar: "LABEL  42% |████     | 540 KiB of 1.2 MiB,
// 310 KiB/s, 2s left", fitted to the terminal.
func (b *Bar) lineLocked(now time.Time) string {
	if b.total > 0 {
		b.pb.Set64(min(b.done, b.total))
	}
	b.pb.Describe("") // renders once: a spinner turns one step a draw
	drawn := strings.TrimSpace(strings.TrimPrefix(b.pb.String(), "\r"))
	var stats []string
	if b.total > 0 {
		stats = append(stats, sizeIEC(b.done)+" of "+sizeIEC(b.total))
	} else {
		stats = append(stats, sizeIEC(b.done))
	}
	if idle := now.Sub(b.lastData); idle >= stallAfter {
		stats = append(stats, "stalled, no data for "+idle.Truncate(time.Second).String())
	} else if rate, ok := b.rateLocked(now); ok {
		stats = append(stats, sizeIEC(int64(rate))+"/s")
		if b.total > 0 && rate > 0 {
			left := time.Duration(float64(b.total-b.done) / rate * float64(time.Second))
			stats = append(stats, roundLeft(left)+" left")
		}
	}
	rest := " " + drawn + " " + strings.Join(stats, ", ")
	label := b.label
	if room := b.t.cols - 1 - uniseg.StringWidth(rest); uniseg.StringWidth(label) > room {
		label = truncate(label, max(room, 1))
	}
	return label + rest
}

// rateLocked is the bytes a second of this attempt over the last
// rateWindow, once there is rateAfter of it.
func (b *Bar) rateLocked(now time.Time) (float64, bool) {
	// Keep one sample at or before the window's start, and the rest.
	i := 0
	for i+1 < len(b.samples) && now.Sub(b.samples[i+1].at) >= rateWindow {
		i++
	}
	b.samples = b.samples[i:]
	from := b.samples[0]
	span := now.Sub(from.at)
	if span < rateAfter {
		return 0, false
	}
	return float64(b.got-from.got) / span.Seconds(), true
}

// roundLeft shows a time left, in whole seconds up: 45s, 3m05s, 2h10m.
func roundLeft(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	if r := d % time.Second; r != 0 {
		d += time.Second - r
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

func sizeIEC(n int64) string {
	v, unit := float64(n), "B"
	for _, u := range []string{"KiB", "MiB", "GiB", "TiB"} {
		if v < 1024 {
			break
		}
		v, unit = v/1024, u
	}
	if unit == "B" {
		return fmt.Sprintf("%d B", n)
	}
	if v < 10 {
		return fmt.Sprintf("%.1f %s", v, unit)
	}
	return fmt.Sprintf("%.0f %s", v, unit)
}

// truncate cuts s to at most n columns, marking the cut with "…".
func truncate(s string, n int) string {
	if uniseg.StringWidth(s) <= n {
		return s
	}
	var sb strings.Builder
	w := 0
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		cw := g.Width()
		if w+cw > n-1 {
			break
		}
		sb.WriteString(g.Str())
		w += cw
	}
	return sb.String() + "…"
}

// Items follows a count of items (the books of a batch) on the
// console's bar line: "books  42% |████     | 420/1000, 3.1 MB/s".
type Items struct {
	t     *Console
	label string
	mu    sync.Mutex
	pb    *progressbar.ProgressBar
	last  time.Time
}

// Items starts the bar of total items, labelled label.
func (t *Console) Items(label string, total int) *Items {
	pb := progressbar.NewOptions(total,
		progressbar.OptionSetWriter(io.Discard),
		progressbar.OptionSetWidth(barWidth),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(false),
		progressbar.OptionThrottle(0),
	)
	return &Items{t: t, label: label, pb: pb}
}

// Set shows done items, with note after the counts ("3.1 MB/s, 2
// failed"), at most every drawEvery but always the last.
func (it *Items) Set(done int, note string) {
	it.mu.Lock()
	defer it.mu.Unlock()
	now := time.Now()
	max := it.pb.GetMax()
	if now.Sub(it.last) < drawEvery && done < max {
		return
	}
	it.last = now
	it.pb.Set(done)
	it.pb.Describe("")
	drawn := strings.TrimSpace(strings.TrimPrefix(it.pb.String(), "\r"))
	line := it.label + " " + drawn + fmt.Sprintf(" %d/%d", done, max)
	if note != "" {
		line += ", " + note
	}
	if w := uniseg.StringWidth(line); w > it.t.cols-1 {
		line = truncate(line, it.t.cols-1)
	}
	it.t.draw(it, line)
}

// Finish takes the bar off the screen.
func (it *Items) Finish() { it.t.clear(it) }
