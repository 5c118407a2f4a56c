package count

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// refPass is the kernel's test at one position, byte by byte.
func refPass(k *kernel, text []byte, i int) bool {
	if text[i+k.o1]|k.m1 != k.c1 || text[i+k.o2]|k.m2 != k.c2 {
		return false
	}
	sp := func(c byte) bool { return c < 0x21 || c >= 0x80 }
	switch k.bound {
	case 0:
		return true
	case 2:
		sp = func(c byte) bool { return !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') }
	}
	return sp(text[i-1]) && sp(text[i+k.end])
}

// runKernel calls scanBlocks until the blocks are done and returns the
// positions that passed, and whether it saw a high byte.
func runKernel(k *kernel, text []byte, first, last int) ([]int, bool) {
	var out [scanOut]uint64
	var got []int
	var high bool
	for i := first; i <= last; {
		n, next, h := scanBlocks(k, text, i, last, &out)
		high = high || h
		for j := 0; j < n; j += 2 {
			for m := out[j+1]; m != 0; m &= m - 1 {
				got = append(got, int(out[j])+trailing(m))
			}
		}
		if next <= i {
			panic("no progress")
		}
		i = next
	}
	return got, high
}

func trailing(m uint64) int {
	n := 0
	for m&1 == 0 {
		m >>= 1
		n++
	}
	return n
}

// withAVX2 runs fn on the search this build has: the assembly where the
// processor has AVX2, the plain Go forms elsewhere and with -tags purego
// (which .ci/run tests too).
func withAVX2(t *testing.T, fn func(t *testing.T)) {
	name := "go"
	if hasAVX2 {
		name = "avx2"
	}
	t.Run(name, fn)
}

func TestScanKernel(t *testing.T) {
	withAVX2(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(1, 2))
		alphabet := []byte("aAbB \n\x00\xc3\xa9!09zZ`{@[/:\xe1")
		for trial := 0; trial < 3000; trial++ {
			n := r.IntN(600)
			text := make([]byte, n)
			for i := range text {
				text[i] = alphabet[r.IntN(len(alphabet))]
			}
			L := 1 + r.IntN(6)
			o1 := r.IntN(L)
			o2 := o1 + r.IntN(L-o1)
			k := kernel{o1: o1, o2: o2, end: L, c1: alphabet[r.IntN(4)] | 0x20, c2: alphabet[r.IntN(len(alphabet))]}
			if r.IntN(2) == 0 {
				k.m1 = 0x20
			} else {
				k.c1 &^= 0x20
			}
			k.bound = uint8(r.IntN(3))
			lo, hi := o1, o2
			if k.bound != 0 {
				lo, hi = -1, L
			}
			first, last := -lo, n-hi-64
			first += r.IntN(3)
			got, high := runKernel(&k, text, first, last)
			var want []int
			wantHigh := false
			for i := first; i <= last; i += 64 {
				for j := i; j < i+64; j++ {
					if refPass(&k, text, j) {
						want = append(want, j)
					}
				}
				wantHigh = wantHigh || bytes.ContainsFunc(text[i+lo:i+lo+64], func(r rune) bool { return r >= 0x80 || r == utf8.RuneError })
			}
			if !slices.Equal(got, want) || high != wantHigh {
				t.Fatalf("kernel %+v on %q from %d to %d = %v, %v; want %v, %v", k, text, first, last, got, high, want, wantHigh)
			}
		}
	})
}

func TestFirstHigh(t *testing.T) {
	withAVX2(t, func(t *testing.T) {
		for n := 0; n < 300; n++ {
			b := bytes.Repeat([]byte{'a'}, n)
			if got := FirstHigh(b); got != n {
				t.Fatalf("FirstHigh(%d ASCII bytes) = %d", n, got)
			}
			for i := 0; i < n; i++ {
				b[i] = 0x80 | byte(i)
				if got := FirstHigh(b); got != i {
					t.Fatalf("FirstHigh(high at %d of %d) = %d", i, n, got)
				}
				b[i] = 'a'
			}
		}
	})
}

// TestLowerVariants checks lowerVariants against every rune's lower case.
func TestLowerVariants(t *testing.T) {
	inverse := map[rune][]rune{}
	toASCII := map[rune]rune{}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if l := unicode.ToLower(r); l != r {
			inverse[l] = append(inverse[l], r)
			if l < utf8.RuneSelf && r >= utf8.RuneSelf {
				toASCII[r] = l
			}
			if unicode.ToLower(l) != l {
				t.Errorf("ToLower(%U) = %U is not lower case", r, l)
			}
			if unicode.IsPunct(r) || unicode.IsSpace(r) {
				t.Errorf("%U has a lower case and is punctuation or space", r)
			}
		}
	}
	for l, rs := range inverse {
		want := append([]rune{l}, rs...)
		got := lowerVariants(l)
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("lowerVariants(%U) = %U; want %U", l, got, want)
		}
	}
	for _, r := range []rune{'a', '1', ' ', 'é', 'ж', 0x10FFFF, 0x4E00} {
		if _, ok := inverse[r]; !ok && unicode.ToLower(r) == r {
			if got := lowerVariants(r); !slices.Equal(got, []rune{r}) {
				t.Errorf("lowerVariants(%U) = %U; want itself", r, got)
			}
		}
	}
	// The search counts on these two being the only non-ASCII runes that
	// lower to ASCII (ASCII words see no others).
	if fmt.Sprint(toASCII) != fmt.Sprint(map[rune]rune{0x130: 'i', 0x212a: 'k'}) {
		t.Errorf("runes that lower to ASCII: %U", toASCII)
	}
}

// refCounts counts the tokens of text by their normalised form: the plain
// reference, strings.FieldsFunc with unicode.IsSpace.
func refCounts(text []byte, o Options) map[string]int64 {
	m := map[string]int64{}
	for _, tok := range strings.FieldsFunc(string(text), func(r rune) bool { return r != utf8.RuneError && unicode.IsSpace(r) }) {
		if n := o.Normalize(nil, []byte(tok)); len(n) > 0 {
			m[string(n)]++
		}
	}
	return m
}

// searchText builds a text of the given tokens in random case, with
// random white space and punctuation around them.
func searchText(r *rand.Rand, toks []string, n int) []byte {
	spaces := []string{" ", "\n", "  ", "\t", "\r\n", "\u00a0", "\u3000", "\u2003"}
	puncts := []string{"", "", "", ",", ".", "“", "”", "«", "'", "!"}
	var b []byte
	for len(b) < n {
		tok := toks[r.IntN(len(toks))]
		switch r.IntN(4) {
		case 0:
			tok = strings.ToUpper(tok)
		case 1:
			tok = strings.ToTitle(tok[:1]) + tok[1:]
		}
		if r.IntN(3) == 0 {
			tok = puncts[r.IntN(len(puncts))] + tok + puncts[r.IntN(len(puncts))]
		}
		b = append(b, tok...)
		b = append(b, spaces[r.IntN(len(spaces))]...)
	}
	return b
}

var searchTokens = []string{
	"the", "The", "and", "whale", "whales", "Whale's", "a", "I", "i", "k", "kelvin", "\u212aelvin", "\u212a",
	"İstanbul", "istanbul", "İ", "ii", "Наташа", "наташа", "НАТАШа", "corazón", "CORAZÓN", "Jerusalem",
	"caf\xe9", "\xff", "x\x00y", "ǅemal", "ǆ", "Ǆ", "θ", "ϴ", "Θ", "ß", "ẞ", "\u2126", "\u03a9", "ω", "Ⱥ", "ⱥ", "Ⱥİ", "ⱥi",
	"the-end", "--", "whale,whale", "aaaa", "aaa", "aa",
}

// TestSearchPaths counts words on long texts through every path (the
// kernel in assembly and in Go, the plain loop, texts cut into many
// parts) and compares with the reference.
func TestSearchPaths(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	texts := [][]byte{searchText(r, searchTokens, 3000), searchText(r, searchTokens[:12], 5000), searchText(r, []string{"a", "aa", "aaa"}, 2000)}
	texts = append(texts, bytes.Repeat([]byte("whale "), 300), []byte(strings.Repeat("a", 500)), append(bytes.Repeat([]byte("x"), 200), " \u212aelvin İi"...))
	options := []Options{{}, {IgnoreCase: true}, {StripPunct: true}, {IgnoreCase: true, StripPunct: true}}
	words := [][]byte{}
	for _, w := range append(searchTokens, "zzz", "a b", "Whale", "", ",") {
		words = append(words, []byte(w))
	}
	refs := map[[2]int]map[string]int64{}
	for ti, text := range texts {
		for oi, o := range options {
			refs[[2]int{ti, oi}] = refCounts(text, o)
		}
	}
	withAVX2(t, func(t *testing.T) {
		for _, path := range []searchPath{autoPath, kernelPath, plainPath} {
			for _, sub := range []int{subBlock, 97, 1000} {
				for oi, o := range options {
					for ti, text := range texts {
						ref := refs[[2]int{ti, oi}]
						s := newSearcher(words, o)
						s.path, s.sub = path, sub
						high := s.chunk(text)
						if wh := bytes.IndexFunc(text, func(r rune) bool { return r >= utf8.RuneSelf || r == utf8.RuneError }); high != wh && !(wh < 0 && high == len(text)) {
							t.Fatalf("path %d sub %d text %d %+v: first high %d; want %d", path, sub, ti, o, high, wh)
						}
						counts := sumSearchers([]*searcher{s})
						for i, w := range words {
							want := ref[string(w)]
							if bytes.ContainsFunc(w, unicode.IsSpace) {
								want = 0
							}
							if counts[i] != want {
								t.Fatalf("path %d sub %d text %d %+v: count(%q) = %d; want %d (plan %+v)", path, sub, ti, o, w, counts[i], want, s.plans[i])
							}
						}
					}
				}
			}
		}
	})
}

// FuzzSearch checks the word search (all paths, case folded or not)
// against the plain reference: strings.FieldsFunc with unicode.IsSpace and
// the options' normalisation of every token. The text is repeated so that
// the block search runs on it, and the words are the given one and the
// text's first tokens, normalised and in upper case.
func FuzzSearch(f *testing.F) {
	f.Add([]byte("The whale WHALE, “Whale” \u212aelvin İstanbul"), []byte("whale"), uint8(1), uint8(5))
	f.Add([]byte("Наташа НАТАША наташа, corazón CORAZÓN"), []byte("наташа"), uint8(3), uint8(9))
	f.Add([]byte("Ⱥİ ⱥi ǅ ǆ Ǆ θ ϴ Θ"), []byte("ⱥi"), uint8(1), uint8(30))
	for _, s := range searchTokens {
		f.Add([]byte(s+" x "+s), []byte(s), uint8(len(s)), uint8(len(s)))
	}
	options := []Options{{}, {IgnoreCase: true}, {StripPunct: true}, {IgnoreCase: true, StripPunct: true}}
	f.Fuzz(func(t *testing.T, in, word []byte, opts, rep uint8) {
		if len(in) > 300 || len(word) > 64 {
			return // long enough repeated; keeps minimising quick
		}
		o := options[int(opts)%len(options)]
		seps := []string{" ", "\n", "\u00a0", "", "\u2003 "}
		var text []byte
		for range int(rep)%24 + 1 {
			text = append(append(text, in...), seps[int(opts/4)%len(seps)]...)
		}
		words := [][]byte{word, o.Normalize(nil, word)}
		n := 0
		Fields(in, func(tok []byte) {
			if n++; n <= 4 {
				words = append(words, o.Normalize(nil, tok), bytes.ToUpper(tok))
			}
		})
		ref := refCounts(text, o)
		wantHigh := bytes.IndexFunc(text, func(r rune) bool { return r >= utf8.RuneSelf || r == utf8.RuneError })
		if wantHigh < 0 {
			wantHigh = len(text)
		}
		for _, path := range []searchPath{kernelPath, plainPath} {
			s := newSearcher(words, o)
			s.path = path
			if high := s.chunk(text); high != wantHigh {
				t.Fatalf("avx2 %v path %d %+v: first high of %q = %d; want %d", hasAVX2, path, o, text, high, wantHigh)
			}
			counts := sumSearchers([]*searcher{s})
			for i, w := range words {
				if counts[i] != ref[string(w)] {
					t.Fatalf("avx2 %v path %d %+v: count(%q) in %q = %d; want %d", hasAVX2, path, o, w, text, counts[i], ref[string(w)])
				}
			}
		}
	})
}

// FuzzScanKernel checks the block search (assembly, and its plain Go
// form) against refPass at every position, and the high-byte report.
func FuzzScanKernel(f *testing.F) {
	f.Add([]byte(strings.Repeat("the whale and the Whale, \xc3\xa9 ", 9)), uint8(3), uint8(1), uint8(5), byte('w'), byte('l'), uint8(0x21))
	f.Fuzz(func(t *testing.T, text []byte, o1, o2, end uint8, c1, c2 byte, flags uint8) {
		L := int(end)%16 + 1
		k := kernel{o1: int(o1) % L, end: L, c1: c1, c2: c2, bound: flags % 3}
		k.o2 = k.o1 + int(o2)%(L-k.o1)
		if flags&4 != 0 {
			k.m1, k.c1 = 0x20, c1|0x20
		}
		if flags&8 != 0 {
			k.m2, k.c2 = 0x20, c2|0x20
		}
		lo, hi := k.o1, k.o2
		if k.bound != 0 {
			lo, hi = -1, L
		}
		first, last := -lo, len(text)-hi-64
		var want []int
		wantHigh := false
		for i := first; i <= last; i += 64 {
			for j := i; j < i+64; j++ {
				if refPass(&k, text, j) {
					want = append(want, j)
				}
			}
			wantHigh = wantHigh || bytes.IndexFunc(text[i+lo:i+lo+64], func(r rune) bool { return r >= utf8.RuneSelf || r == utf8.RuneError }) >= 0
		}
		got, high := runKernel(&k, text, first, last)
		if !slices.Equal(got, want) || high != wantHigh {
			t.Fatalf("avx2 %v: kernel %+v on %q = %v, %v; want %v, %v", hasAVX2, k, text, got, high, want, wantHigh)
		}
	})
}
