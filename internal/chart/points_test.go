package chart

import (
	"math"
	"testing"
)

func TestRankPoints(t *testing.T) {
	// Ten counts: every rank kept (ranks below 44 are each a step).
	pts := RankPoints(10, func(i int) float64 { return float64(100 - i) })
	if len(pts) != 10 || pts[0] != (Point{1, 100}) || pts[9] != (Point{10, 91}) {
		t.Errorf("10 counts: %v", pts)
	}
	// A million counts: thinned to about 100 a decade, first and last kept.
	n := 1_000_000
	pts = RankPoints(n, func(i int) float64 { return 1 })
	if len(pts) < 400 || len(pts) > 600 || pts[0].X != 1 || pts[len(pts)-1].X != float64(n) {
		t.Errorf("a million counts: %d points, from %v to %v", len(pts), pts[0], pts[len(pts)-1])
	}
	for i := 1; i < len(pts); i++ {
		if pts[i].X <= pts[i-1].X {
			t.Fatalf("ranks not increasing at %d: %v then %v", i, pts[i-1], pts[i])
		}
	}
	if RankPoints(0, nil) != nil {
		t.Error("no counts: points")
	}
}

func TestPowerLine(t *testing.T) {
	fit := PowerLine(math.Log(1000), 1, 100)
	if len(fit) != 2 || fit[0].X != 1 || math.Abs(fit[0].Y-1000) > 1e-9 || fit[1].X != 100 || math.Abs(fit[1].Y-10) > 1e-9 {
		t.Errorf("PowerLine(ln 1000, 1, 100) = %v; want (1,1000) (100,10)", fit)
	}
	if fit := PowerLine(0, 1, 1); fit[1].X != 2 {
		t.Errorf("one rank: line to %v; want rank 2", fit[1])
	}
}
