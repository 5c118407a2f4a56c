package main

import (
	"io"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/gutcount/gutcount/fetch"
)

// newBar returns a download progress factory drawing on w (a terminal).
func newBar(w io.Writer) func(label string) fetch.Progress {
	return func(label string) fetch.Progress { return &bar{w: w, name: label} }
}

type bar struct {
	w    io.Writer
	name string
	b    *progressbar.ProgressBar
}

func (b *bar) Start(total, done int64) {
	if b.b == nil {
		b.b = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(b.w),
			progressbar.OptionSetDescription(b.name),
			progressbar.OptionShowBytes(true),
			progressbar.OptionShowTotalBytes(true),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetWidth(30),
		)
	} else {
		b.b.ChangeMax64(total)
	}
	b.b.Set64(done)
}

func (b *bar) Add(n int) {
	if b.b != nil {
		b.b.Add(n)
	}
}

func (b *bar) Finish() {
	if b.b != nil {
		b.b.Finish()
	}
}
