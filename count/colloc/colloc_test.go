package colloc_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/count/colloc"
	"github.com/gutcount/gutcount/count/stop"
)

func textOf(s string) *colloc.Text {
	t := colloc.NewText()
	for _, w := range strings.Fields(s) {
		t.Add([]byte(w))
	}
	return t
}

// g2 is the textbook G² of a 2x2 table (Manning and Schütze 5.3.4):
// 2 Σ O ln(O/E), E = row total · column total / N, 0 ln 0 = 0.
func g2(pair, first, second, n float64) float64 {
	obs := [2][2]float64{{pair, first - pair}, {second - pair, n - first - second + pair}}
	rows := [2]float64{obs[0][0] + obs[0][1], obs[1][0] + obs[1][1]}
	cols := [2]float64{obs[0][0] + obs[1][0], obs[0][1] + obs[1][1]}
	s := 0.0
	for i := range 2 {
		for j := range 2 {
			if o := obs[i][j]; o > 0 {
				s += o * math.Log(o/(rows[i]*cols[j]/n))
			}
		}
	}
	return 2 * s
}

func TestLikelihoodRatio(t *testing.T) {
	for _, c := range [][4]float64{{145, 183, 149, 215000}, {2, 2, 2, 100}, {1, 50, 70, 1000}, {30, 30, 1000, 5000}, {1.5, 3, 4, 20}} {
		got, want := colloc.LikelihoodRatio(c[0], c[1], c[2], c[3]), g2(c[0], c[1], c[2], c[3])
		if math.Abs(got-want) > 1e-9*math.Abs(want) {
			t.Errorf("LikelihoodRatio(%v) = %v; want %v", c, got, want)
		}
	}
}

func TestCollocations(t *testing.T) {
	// Hand-counted: "New York" 3 times, "York City" 2, "big apple" 2
	// (once as "Big apple": a pair keeps its case), "the city" and "is
	// big" hold a stop word or a short word.
	text := textOf("New York is big . New York City is the city . New York City big apple big apple Big apple")
	en, err := stop.Lang("en")
	if err != nil {
		t.Fatal(err)
	}
	n := float64(text.Len()) // 22
	got, err := text.Collocations(colloc.CollocationOptions{Window: 2, Min: 2, Stop: en})
	if err != nil {
		t.Fatal(err)
	}
	want := []colloc.Collocation{
		{Words: [2]string{"New", "York"}, Count: 3, Score: g2(3, 3, 3, n)},
		{Words: [2]string{"York", "City"}, Count: 2, Score: g2(2, 3, 2, n)},
		{Words: [2]string{"big", "apple"}, Count: 2, Score: g2(2, 3, 3, n)},
	}
	slices.SortFunc(want, func(a, b colloc.Collocation) int {
		if a.Score > b.Score {
			return -1
		}
		return 1
	})
	if len(got) != len(want) {
		t.Fatalf("Collocations = %+v; want %+v", got, want)
	}
	for i := range want {
		if got[i].Words != want[i].Words || got[i].Count != want[i].Count || math.Abs(got[i].Score-want[i].Score) > 1e-9 {
			t.Errorf("Collocations[%d] = %+v; want %+v", i, got[i], want[i])
		}
	}

	// Window 3: "New" pairs with "York" (3) and "City" (2): counts halved
	// for the score; --min 3 keeps "New York" alone.
	got, err = text.Collocations(colloc.CollocationOptions{Window: 3, Min: 3, Stop: en})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Words != [2]string{"New", "York"} || got[0].Count != 3 || math.Abs(got[0].Score-g2(1.5, 3, 3, n)) > 1e-9 {
		t.Errorf("Collocations(window 3, min 3) = %+v; want New York 3 %v", got, g2(1.5, 3, 3, n))
	}

	// Without a stop list "the city" is kept; Top cuts.
	got, _ = text.Collocations(colloc.CollocationOptions{Window: 2, Min: 1, Top: 100})
	if !slices.ContainsFunc(got, func(c colloc.Collocation) bool { return c.Words == [2]string{"the", "city"} }) {
		t.Errorf("Collocations(no stop list) = %+v; want the city among them", got)
	}
	if got, _ := text.Collocations(colloc.CollocationOptions{Window: 2, Min: 1, Top: 2}); len(got) != 2 {
		t.Errorf("Collocations(Top 2) has %d pairs", len(got))
	}
	if _, err := text.Collocations(colloc.CollocationOptions{Window: 1}); !errors.Is(err, colloc.ErrWindow) {
		t.Errorf("Collocations(Window 1) error = %v; want ErrWindow", err)
	}
}

func TestSimilar(t *testing.T) {
	// Alphabetic tokens only ("3" and "," go), lowercased. Contexts of
	// cat: (the, sat), (a, ran). dog: (the, sat) twice, (a, ran): 2
	// distinct. bird: (the, sat): 1. The first "The" has *START* on its left.
	text := textOf("The cat sat , the dog sat . a cat ran 3 a dog ran the dog sat the bird sat The")
	got, err := text.Similar("CAT", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []colloc.Similar{{"dog", 2}, {"bird", 1}}
	if !slices.Equal(got, want) {
		t.Errorf("Similar(CAT) = %v; want %v", got, want)
	}
	if got, _ := text.Similar("cat", 1); !slices.Equal(got, want[:1]) {
		t.Errorf("Similar(cat, top 1) = %v; want %v", got, want[:1])
	}
	if _, err := text.Similar("cow", 0); !errors.Is(err, colloc.ErrNotFound) {
		t.Errorf("Similar(cow) error = %v; want ErrNotFound", err)
	}
	if _, err := text.Similar("3", 0); !errors.Is(err, colloc.ErrNotFound) {
		t.Errorf("Similar(3) error = %v; want ErrNotFound: not alphabetic", err)
	}
}

func TestContexts(t *testing.T) {
	// cat: the_sat, a_ran. dog: the_sat twice, a_ran, *START*_ran.
	text := textOf("dog ran . The cat sat , the dog sat . a cat ran a dog ran the dog sat")
	got, err := text.Contexts([]string{"cat", "Dog"})
	if err != nil {
		t.Fatal(err)
	}
	want := []colloc.Context{{Left: "the", Right: "sat", Count: 3}, {Left: "a", Right: "ran", Count: 2}}
	if !slices.Equal(got, want) {
		t.Errorf("Contexts(cat, Dog) = %v; want %v", got, want)
	}
	if got, _ := text.Contexts([]string{"dog"}); len(got) != 3 || got[1].String() != "*START*_ran" {
		t.Errorf("Contexts(dog) = %v; want 3, *START*_ran second (before a_ran: ties by bytes)", got)
	}
	if got, err := text.Contexts([]string{"cat", "."}); err != nil || len(got) != 0 {
		t.Errorf("Contexts(cat, .) = %v, %v; want none", got, err)
	}
	var we *colloc.WordError
	if _, err := text.Contexts([]string{"cat", "cow", "eel"}); !errors.As(err, &we) || !slices.Equal(we.Words, []string{"cow", "eel"}) {
		t.Errorf("Contexts(cat, cow, eel) error = %v; want a WordError naming cow and eel", err)
	}
}
