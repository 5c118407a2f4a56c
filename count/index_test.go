package count_test

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/count"
)

// indexFold is the reference: bytes.Index on the ASCII-lowered bytes.
func indexFold(s []byte, word string) int {
	l := make([]byte, len(s))
	for i, c := range s {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		l[i] = c
	}
	return bytes.Index(l, []byte(word))
}

func TestIndexFold(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	alphabet := []byte("gutenbergGUTENBERG *\n\xc3\xa9")
	for i := range 3000 {
		n := r.IntN(400)
		s := make([]byte, n)
		for j := range s {
			s[j] = alphabet[r.IntN(len(alphabet))]
		}
		if i%3 == 0 && n > 20 {
			at := r.IntN(n - 10)
			copy(s[at:], []string{"GutenBerg", "gutenberg", "GUTENBERG"}[i%3])
		}
		for _, w := range []string{"gutenberg", "g", "ge", "***", "end of"} {
			if got, want := count.IndexFold(s, w), indexFold(s, w); got != want {
				t.Fatalf("IndexFold(%q, %q) = %d; want %d", s, w, got, want)
			}
		}
	}
	big := []byte(strings.Repeat("the whale and the sea; ", 100000) + "Project GUTENBERG")
	if got := count.IndexFold(big, "gutenberg"); got != len(big)-9 {
		t.Errorf("IndexFold in 2 MB = %d; want %d", got, len(big)-9)
	}
}

func FuzzIndexFold(f *testing.F) {
	f.Add([]byte("End of the Project Gutenberg EBook"), "gutenberg")
	f.Add(bytes.Repeat([]byte("gUtEnBeRg "), 20), "nberg")
	f.Fuzz(func(t *testing.T, s []byte, w string) {
		w = strings.ToLower(w)
		for i := 0; i < len(w); i++ {
			if w[i] >= 0x80 {
				return // the word must be ASCII
			}
		}
		if got, want := count.IndexFold(s, w), indexFold(s, w); got != want {
			t.Fatalf("IndexFold(%q, %q) = %d; want %d", s, w, got, want)
		}
	})
}
