package progress

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// clock is a fake time.Now.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestBarShowsWhatItIs(t *testing.T) {
	var scr Screen
	con := NewConsole(&scr, 100)
	clk := &clock{time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}
	b := newBar(con, "2701 Moby Dick", clk.now, 0)

	// A resumed download: half was there already.
	b.Start(1<<20, 512<<10)
	want := "2701 Moby Dick 50% |██████████          | 512 KiB of 1.0 MiB"
	if got := scr.Last(); got != want {
		t.Errorf("first frame %q; want %q (no rate yet: the resumed bytes are not speed)", got, want)
	}
	// Throttled: a read right after draws nothing.
	n := scr.Writes()
	b.Add(64 << 10)
	if scr.Writes() != n {
		t.Errorf("a read at once redrew the bar")
	}
	clk.advance(2 * time.Second)
	b.Add(200 << 10)
	// 264 KiB in 2s is 132 KiB/s; 248 KiB left at that rate is 2s.
	want = "2701 Moby Dick 75% |███████████████     | 776 KiB of 1.0 MiB, 132 KiB/s, 2s left"
	if got := scr.Last(); got != want {
		t.Errorf("after 2s: %q; want %q", got, want)
	}

	// A stall shows as such.
	clk.advance(4 * time.Second)
	b.refresh()
	want = "2701 Moby Dick 75% |███████████████     | 776 KiB of 1.0 MiB, stalled, no data for 4s"
	if got := scr.Last(); got != want {
		t.Errorf("stalled: %q; want %q", got, want)
	}

	// A note goes on its own line above the bar.
	note := "retrying in 2s (2/6): GET http://mirror.example/pg2701.txt: 503 Service Unavailable"
	con.Note(note)
	lines := scr.Lines()
	if len(lines) != 2 || lines[0] != "gutcount: "+note || lines[1] != want {
		t.Errorf("after a note the screen shows %q; want the note, then the bar", lines)
	}

	// Data again: the shorter line leaves nothing of the longer one.
	clk.advance(time.Second)
	b.Add(100 << 10)
	if got := scr.Last(); strings.Contains(got, "stalled") || !strings.HasPrefix(got, "2701 Moby Dick 85% |") {
		t.Errorf("after the stall: %q", got)
	}

	b.Finish()
	lines = scr.Lines()
	if len(lines) != 2 || lines[0] != "gutcount: "+note || lines[1] != "" {
		t.Errorf("after Finish the screen shows %q; want the note and an empty line", lines)
	}
	if strings.Contains(scr.Raw(), "\x1b") {
		t.Errorf("escape sequences written: %q", scr.Raw())
	}
}

// The bar starts over with each attempt: a restart from zero does not
// keep the bytes or the rate of the attempt before.
func TestBarRestart(t *testing.T) {
	var scr Screen
	clk := &clock{time.Unix(1e9, 0)}
	b := newBar(NewConsole(&scr, 100), "pg11.txt", clk.now, 0)
	b.Start(100<<20, 99<<20)
	clk.advance(time.Second)
	b.Add(1 << 20) // done
	clk.advance(time.Second)
	b.Start(100<<20, 0)
	clk.advance(1500 * time.Millisecond)
	b.Add(3 << 20)
	want := "pg11.txt 3% |                    | 3.0 MiB of 100 MiB, 2.0 MiB/s, 49s left"
	if got := scr.Last(); got != want {
		t.Errorf("after a restart: %q; want %q", got, want)
	}
	b.Finish()
}

func TestBarUnknownSize(t *testing.T) {
	var scr Screen
	clk := &clock{time.Unix(1e9, 0)}
	b := newBar(NewConsole(&scr, 100), "book", clk.now, 0)
	b.Start(-1, 0)
	clk.advance(2 * time.Second)
	b.Add(3 << 20)
	got := scr.Last()
	if !strings.HasPrefix(got, "book ") || !strings.HasSuffix(got, " 3.0 MiB, 1.5 MiB/s") || strings.Contains(got, "left") || strings.Contains(got, "%") {
		t.Errorf("unknown size: %q; want the label, a spinner, bytes and rate, no percent or time left", got)
	}
	clk.advance(time.Second)
	b.Add(1 << 20)
	if next := scr.Last(); next[:6] == got[:6] {
		t.Errorf("the spinner did not turn: %q, then %q", got, next)
	}
	b.Finish()
}

// A long label is cut so that the line fits the terminal (a line that
// wraps cannot be drawn over).
func TestBarFits(t *testing.T) {
	var scr Screen
	clk := &clock{time.Unix(1e9, 0)}
	b := newBar(NewConsole(&scr, 60), strings.Repeat("The Life and Opinions of Tristram Shandy ", 3), clk.now, 0)
	b.Start(1<<20, 0)
	got := scr.Last()
	if w := utf8.RuneCountInString(got); w > 59 || !strings.HasPrefix(got, "The Life and") || !strings.Contains(got, "… 0% |") {
		t.Errorf("%q (%d columns); want the label cut to fit 59 columns", got, w)
	}
	b.Finish()
}

// However many reads, the bar is drawn a few times a second at most.
func TestBarThrottled(t *testing.T) {
	var scr Screen
	clk := &clock{time.Unix(1e9, 0)}
	b := newBar(NewConsole(&scr, 100), "book", clk.now, 0)
	b.Start(10<<20, 0)
	for range 1000 {
		clk.advance(time.Millisecond)
		b.Add(1 << 10)
	}
	// A second of reads: one draw every 150ms, and the first.
	if n := scr.Writes(); n > 1+1000/150+1 {
		t.Errorf("%d writes for a second of 1000 reads; want at most %d", n, 1+1000/150+1)
	}
	b.Finish()
}

// bookServer serves a book; the first request for /broken/ paths is cut
// in the middle of the body, and /busy answers 503 once.
