package count

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// Both the AVX2 and the plain Go block search find what a byte-by-byte
// search finds.
func TestIndexFoldPaths(t *testing.T) {
	withAVX2(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(7, 8))
		alphabet := []byte("gutenbergGUTENBERG *\n\xc3")
		for range 2000 {
			s := make([]byte, r.IntN(300))
			for j := range s {
				s[j] = alphabet[r.IntN(len(alphabet))]
			}
			low := make([]byte, len(s)) // ASCII lowering, byte for byte (bytes.ToLower rewrites invalid UTF-8)
			for j, c := range s {
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				low[j] = c
			}
			for _, w := range []string{"gutenberg", "tenb", "g*"} {
				if got, want := IndexFold(s, w), bytes.Index(low, []byte(w)); got != want {
					t.Fatalf("IndexFold(%q, %q) = %d; want %d", s, w, got, want)
				}
			}
		}
	})
}

// Candidates in every block fill the search's output buffer many times
// over (the free path of the AVX2 kernel once ran on past it).
func TestIndexFoldDenseCandidates(t *testing.T) {
	withAVX2(t, func(t *testing.T) {
		s := append(bytes.Repeat([]byte("g!!!!b!!!!"), 20000), "GutenBerg"...)
		if got := IndexFold(s, "gutenberg"); got != len(s)-9 {
			t.Errorf("IndexFold = %d; want %d", got, len(s)-9)
		}
	})
}
