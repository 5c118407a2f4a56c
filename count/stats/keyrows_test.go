package stats_test

import (
	"testing"

	"github.com/gutcount/gutcount/count/stats"
)

func TestKeyRows(t *testing.T) {
	a := []stats.Keyword{{Word: "whale", A: 9, B: 0}, {Word: "sea", A: 1, B: 0}, {Word: "ship", A: 5, B: 1}}
	b := []stats.Keyword{{Word: "pride", A: 0, B: 7}, {Word: "ball", A: 0, B: 1}}
	words := func(rows []stats.KeyRow) string {
		s := ""
		for _, r := range rows {
			s += r.Word + ":" + r.Overused + " "
		}
		return s
	}
	for _, c := range []struct {
		top  int
		min  int64
		both bool
		want string
	}{
		{0, 0, false, "whale:A sea:A ship:A "},
		{2, 0, false, "whale:A sea:A "},
		{2, 2, false, "whale:A ship:A "}, // sea (1) is below min, then top counts the kept
		{1, 0, true, "whale:A pride:B "},
		{0, 2, true, "whale:A ship:A pride:B "},
	} {
		if got := words(stats.KeyRows(a, b, c.top, c.min, c.both)); got != c.want {
			t.Errorf("KeyRows(top %d, min %d, both %v) = %q; want %q", c.top, c.min, c.both, got, c.want)
		}
	}
}
