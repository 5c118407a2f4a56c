package count

import (
	"slices"
	"testing"
)

func TestTopRows(t *testing.T) {
	rows := []Row{{"the", 9}, {"whale", 5}, {"sea", 5}, {"ship", 2}, {"oar", 1}}
	for _, c := range []struct {
		top  int
		min  int64
		want []Row
	}{
		{0, 0, rows},
		{2, 0, rows[:2]},
		{0, 5, rows[:3]},
		{2, 5, rows[:2]},
		{10, 2, rows[:4]},
		{0, 10, rows[:0]},
	} {
		if got := TopRows(rows, c.top, c.min); !slices.Equal(got, c.want) {
			t.Errorf("TopRows(top %d, min %d) = %v; want %v", c.top, c.min, got, c.want)
		}
	}
}
