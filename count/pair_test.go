package count

import (
	"math/rand/v2"
	"testing"
)

func refIndexPair(s []byte, b0, b1 byte, off int) int {
	for i := 0; i+off < len(s); i++ {
		if s[i] == b0 && s[i+off] == b1 {
			return i
		}
	}
	return -1
}

func TestIndexPair(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 300; n++ {
		for trial := 0; trial < 20; trial++ {
			s := make([]byte, n)
			for i := range s {
				s[i] = "abcw"[r.IntN(4)]
			}
			off := r.IntN(6)
			b0, b1 := "abcw"[r.IntN(4)], "abcw"[r.IntN(4)]
			if got, want := indexPair(s, b0, b1, off), refIndexPair(s, b0, b1, off); got != want {
				t.Fatalf("indexPair(%q, %c, %c, %d) = %d; want %d", s, b0, b1, off, got, want)
			}
		}
	}
}

func FuzzIndexPair(f *testing.F) {
	f.Add([]byte("the whale and the whaler"), byte('w'), byte('l'), 3)
	f.Fuzz(func(t *testing.T, s []byte, b0, b1 byte, off int) {
		if off < 0 || off > 64 {
			return
		}
		if got, want := indexPair(s, b0, b1, off), refIndexPair(s, b0, b1, off); got != want {
			t.Fatalf("indexPair(%q, %d, %d, %d) = %d; want %d", s, b0, b1, off, got, want)
		}
	})
}

// TestSearchHandCounted checks search on a hand-counted text with
// many false candidates of both bytes, repeated across blocks.
func TestSearchHandCounted(t *testing.T) {
	text := []byte("whale whales awhale whale, wh ale whole whale\nwhalewhale whale")
	for _, c := range []struct {
		word  string
		strip bool
		want  int64
	}{
		{"whale", false, 3}, {"whale", true, 4}, {"wh", false, 1}, {"e", false, 0},
	} {
		for rep := 1; rep <= 40; rep += 13 {
			var big []byte
			for range rep {
				big = append(append(big, text...), '\n')
			}
			if got := search(big, []byte(c.word), c.strip); got != c.want*int64(rep) {
				t.Errorf("search(%d copies, %q, %v) = %d; want %d", rep, c.word, c.strip, got, c.want*int64(rep))
			}
		}
	}
}
