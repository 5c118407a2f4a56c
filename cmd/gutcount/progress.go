package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/gutcount/gutcount/corpus/store"
	"github.com/gutcount/gutcount/fetch"
	"github.com/gutcount/gutcount/internal/progress"
)

// console is the progress console of stderr, with fetch's retry note.
type console struct{ *progress.Console }

func newConsole(w io.Writer, cols int) console { return console{progress.NewConsole(w, cols)} }

func (t console) note(s string) { t.Note(s) }

// progress is fetch.Options.Progress.
func (t console) progress(label string) fetch.Progress { return t.Bar(label) }

// retry is fetch.Options.OnRetry: a note for every retry, -v or not.
func (t console) retry(r fetch.Retry) {
	t.note(fmt.Sprintf("retrying in %s (%d/%d): GET %s: %v", roundWait(r.Wait), r.Attempt, r.Attempts, r.URL, r.Err))
}

// roundWait shows a wait as a person reads it: 2s, 1.4s, 300ms.
func roundWait(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}

// downloadHint is fetch.Options.Hint: what to do about a failed download,
// in gutcount's flags.
func downloadHint(err error) string {
	switch {
	case errors.Is(err, fetch.ErrTooLarge):
		return "see --max-size"
	case errors.Is(err, fetch.ErrWaitTooLong):
		return "see --max-wait"
	case errors.As(err, new(*fetch.NetworkError)):
		return "check the network, or give --mirror"
	case errors.Is(err, store.ErrNotABook):
		return "blocked? try --mirror URL"
	}
	return ""
}
