package count

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The toolkit's byte helpers against plain references: bytes.Index for
// the word search, a rune loop for the token count.

func checkWordSearch(t *testing.T, text, w []byte) {
	t.Helper()
	if len(w) == 0 {
		return
	}
	s := newWordSearch(w)
	for i := 0; i <= len(text); i++ {
		if got, want := s.index(text[i:]), bytes.Index(text[i:], w); got != want {
			t.Fatalf("wordSearch(%q).index(%q) = %d; want %d", w, text[i:], got, want)
		}
	}
}

func refCountTokens(b []byte, prevSpace bool) int64 {
	var n int64
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		sp := r != utf8.RuneError && unicode.IsSpace(r)
		if !sp && prevSpace {
			n++
		}
		prevSpace = sp
		i += size
	}
	return n
}

func TestScanHelpers(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", "e", "l", "o", "r", "d", "q", " ", "\n", "\t", "é", "\u00a0", "\u3000", "\xff", "\x85", "\xc2"}
	for range 2000 {
		var sb strings.Builder
		for range rng.IntN(40) {
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		text := []byte(sb.String())
		for _, w := range []string{"lord", "ld", "q", "e", "a b", "\xc2", "éa", "bb"} {
			checkWordSearch(t, text, []byte(w))
		}
		for _, prev := range []bool{true, false} {
			if got, want := countTokens(text, prev), refCountTokens(text, prev); got != want {
				t.Fatalf("countTokens(%q, %v) = %d; want %d", text, prev, got, want)
			}
		}
	}
}

func FuzzWordSearch(f *testing.F) {
	f.Add([]byte("the lord is my shepherd\u00a0lord"), []byte("lord"))
	f.Add([]byte("aaaa\xff\xfe zzz"), []byte("zz"))
	f.Fuzz(func(t *testing.T, text, w []byte) {
		checkWordSearch(t, text, w)
		if got, want := countTokens(text, true), refCountTokens(text, true); got != want {
			t.Fatalf("countTokens(%q) = %d; want %d", text, got, want)
		}
	})
}
