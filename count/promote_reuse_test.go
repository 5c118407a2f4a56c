package count

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestPromoteReuseAdversarial counts texts of many short, mid and long
// keys whose counts rise unevenly (so keys found past their home slot
// are promoted over and over), then checks Sorted and Get against a map,
// gives the table back with Reuse and counts the next text into it,
// checking that no row or count of the one before is left or moved.
func TestPromoteReuseAdversarial(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	c := NewCounter(Options{Workers: 2, ChunkSize: 4096})
	for round := range 12 {
		want := map[string]int64{}
		var sb strings.Builder
		nkeys := 300 + rng.IntN(12000)
		for range 20000 + rng.IntN(20000) {
			// Skewed choice: later keys are counted more as the text goes on.
			k := rng.IntN(nkeys)
			if rng.IntN(3) == 0 {
				k = nkeys - 1 - rng.IntN(1+nkeys/10)
			}
			var w string
			switch k % 3 {
			case 0:
				w = fmt.Sprintf("k%x", k+round*7) // short
			case 1:
				w = fmt.Sprintf("mid-key-%08x", k) // 16 bytes
			default:
				w = fmt.Sprintf("a-long-key-of-more-than-16-%d", k)
			}
			want[w]++
			sb.WriteString(w)
			sb.WriteByte(' ')
		}
		c.AddBytes([]byte(sb.String()))
		tab := c.Table()
		for w, n := range want {
			if got := tab.Get([]byte(w)); got != n {
				t.Fatalf("round %d: Get(%q) = %d, want %d", round, w, got, n)
			}
		}
		rows := tab.Sorted()
		var ref []Row
		for w, n := range want {
			ref = append(ref, Row{w, n})
		}
		SortRows(ref)
		if !slices.Equal(rows, ref) {
			t.Fatalf("round %d: Sorted differs from a map's rows (%d vs %d rows)", round, len(rows), len(ref))
		}
		for _, r := range ref { // the table is still whole after Sorted
			if got := tab.Get([]byte(r.Word)); got != r.Count {
				t.Fatalf("round %d: after Sorted, Get(%q) = %d, want %d", round, r.Word, got, r.Count)
			}
		}
		c.Reuse(tab)
	}
}
