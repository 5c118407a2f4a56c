package stats_test

import (
	"fmt"
	"testing"

	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/stats"
)

// rows is n words made from form (with %d), one occurrence each.
func rows(form string, n int) []count.Row {
	var r []count.Row
	for i := range n {
		r = append(r, count.Row{Word: fmt.Sprintf(form, i), Count: 1})
	}
	return r
}

func TestLooks(t *testing.T) {
	for _, c := range []struct {
		name string
		rows []count.Row
		want stats.Counted
		ok   bool
	}{
		{"-n", rows("word%d", 60), stats.Counted{Folded: true, Trimmed: true}, true},
		{"raw", append(rows("word%d", 59), count.Row{Word: "The,", Count: 9}), stats.Counted{}, true},
		{"-i", append(rows("word%d", 59), count.Row{Word: "“the", Count: 9}), stats.Counted{Folded: true}, true},
		{"-p", append(rows("word%d", 59), count.Row{Word: "Whale", Count: 9}), stats.Counted{Trimmed: true}, true},
		{"too few words", rows("w%d", 49), stats.Counted{Folded: true, Trimmed: true}, false},
		{"numbers are no words", rows("%d", 80), stats.Counted{Folded: true, Trimmed: true}, false},
	} {
		got, ok := stats.Looks(c.rows)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: Looks = %+v, %v; want %+v, %v", c.name, got, ok, c.want, c.ok)
		}
	}
}
