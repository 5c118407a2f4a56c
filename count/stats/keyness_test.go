package stats_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gutcount/gutcount/count"

	"github.com/gutcount/gutcount/count/stats"
)

// TestKeynessByHand checks G² on a table small enough to work out by
// hand. A has 100 tokens (whale 10, ship 5, the 85), B 200 (whale 2,
// bird 6, the 192); c = 100, d = 200, c+d = 300.
//
//	whale: a=10, b=2:   E1 = 100·12/300 = 4, E2 = 200·12/300 = 8
//	       G² = 2(10 ln(10/4) + 2 ln(2/8)) = 2(9.162907 - 2.772589) = 12.780637
//	ship:  a=5, b=0:    E1 = 100·5/300 = 5/3
//	       G² = 2(5 ln 3 + 0) = 10.986123
//	bird:  a=0, b=6:    E2 = 200·6/300 = 4
//	       G² = 2(0 + 6 ln(6/4)) = 12 · 0.405465 = 4.865581
//	the:   a=85, b=192: E1 = 100·277/300 = 92.3333, E2 = 200·277/300 = 184.6667
//	       G² = 2(85 · -0.082754 + 192 · 0.038943) = 2(-7.034087 + 7.477051) = 0.885929
//
// Rates per million: whale 100000 in A (10/100) and 10000 in B (2/200);
// the 850000 and 960000, so "the" is relatively more frequent in B.
func TestKeynessByHand(t *testing.T) {
	a := []count.Row{{Word: "whale", Count: 10}, {Word: "ship", Count: 5}, {Word: "the", Count: 85}}
	b := []count.Row{{Word: "the", Count: 192}, {Word: "bird", Count: 6}, {Word: "whale", Count: 2}}
	overA, overB := stats.Keyness(a, b)
	wantA := []stats.Keyword{
		{Word: "whale", A: 10, B: 2, RateA: 100000, RateB: 10000, G2: 12.780637},
		{Word: "ship", A: 5, B: 0, RateA: 50000, RateB: 0, G2: 10.986123},
	}
	wantB := []stats.Keyword{
		{Word: "bird", A: 0, B: 6, RateA: 0, RateB: 30000, G2: 4.865581},
		{Word: "the", A: 85, B: 192, RateA: 850000, RateB: 960000, G2: 0.885929},
	}
	check := func(side string, got, want []stats.Keyword) {
		if len(got) != len(want) {
			t.Fatalf("over %s = %+v; want %+v", side, got, want)
		}
		for i := range want {
			g, w := got[i], want[i]
			if g.Word != w.Word || g.A != w.A || g.B != w.B || math.Abs(g.RateA-w.RateA) > 1e-6 || math.Abs(g.RateB-w.RateB) > 1e-6 || math.Abs(g.G2-w.G2) > 1e-6 {
				t.Errorf("over %s [%d] = %+v; want %+v", side, i, g, w)
			}
		}
	}
	check("A", overA, wantA)
	check("B", overB, wantB)
	// A word as frequent in both is in neither list: 2 in 100, 4 in 200.
	overA, overB = stats.Keyness([]count.Row{{Word: "x", Count: 2}, {Word: "y", Count: 98}}, []count.Row{{Word: "x", Count: 4}, {Word: "y", Count: 196}})
	if len(overA)+len(overB) != 0 {
		t.Errorf("equal rates: %v, %v; want none", overA, overB)
	}
	for _, c := range []struct {
		a, b, c, d int64
		want       float64
	}{
		{10, 2, 100, 200, 12.780637193},
		{0, 0, 100, 200, 0},
		{5, 0, 5, 0, 0}, // only A has tokens: E1 = a, ln 1 = 0
		{1, 1, 0, 0, 0},
	} {
		if got := stats.LogLikelihood(c.a, c.b, c.c, c.d); math.Abs(got-c.want) > 1e-8 {
			t.Errorf("LogLikelihood(%d, %d, %d, %d) = %v; want %v", c.a, c.b, c.c, c.d, got, c.want)
		}
	}
}

func ExampleKeyness() {
	a := []count.Row{{Word: "whale", Count: 10}, {Word: "ship", Count: 5}, {Word: "the", Count: 85}}
	b := []count.Row{{Word: "the", Count: 192}, {Word: "bird", Count: 6}, {Word: "whale", Count: 2}}
	overA, _ := stats.Keyness(a, b)
	for _, k := range overA {
		fmt.Printf("%s %d %d %.2f\n", k.Word, k.A, k.B, k.G2)
	}
	// Output:
	// whale 10 2 12.78
	// ship 5 0 10.99
}
