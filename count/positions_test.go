package count

import (
	"errors"
	"slices"
	"testing"
)

func TestPositions(t *testing.T) {
	want := []int64{0, 0, 1, 127, 128, 300, 1 << 20, 1<<40 + 3}
	var p Positions
	for _, i := range want {
		p.Add(i)
	}
	if p.Len() != int64(len(want)) {
		t.Errorf("Len = %d; want %d", p.Len(), len(want))
	}
	var got []int64
	if err := p.Each(func(i int64) error { got = append(got, i); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Each gave %v; want %v", got, want)
	}
	stop := errors.New("stop")
	n := 0
	if err := p.Each(func(int64) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("Each after an error: %v after %d calls; want stop after 1", err, n)
	}
	var empty Positions
	if err := empty.Each(func(int64) error { t.Error("called on empty"); return nil }); err != nil || empty.Len() != 0 {
		t.Errorf("empty: %v, Len %d", err, empty.Len())
	}
}
