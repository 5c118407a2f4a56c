package count_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/iotest"
	"unicode"
	"unicode/utf8"

	"github.com/gutcount/gutcount/count"
	"github.com/rivo/uniseg"
)

// refTok is a token of the reference tokenizer, with its place.
type refTok struct {
	norm       string
	start, end int
}

// refKept splits text at white space with a plain rune loop (an invalid
// byte is a rune that is not space), normalises each token with
// refNormalize and leaves out those that become empty.
func refKept(text []byte, o count.Options) []refTok {
	var toks []refTok
	start := -1
	flush := func(end int) {
		if start >= 0 {
			if n := refNormalize(string(text[start:end]), o); n != "" {
				toks = append(toks, refTok{n, start, end})
			}
			start = -1
		}
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		if r != utf8.RuneError && unicode.IsSpace(r) {
			flush(i)
		} else if start < 0 {
			start = i
		}
		i += size
	}
	flush(len(text))
	return toks
}

// refMatches finds phrases in text by comparing every run of consecutive
// kept tokens, with contexts of width characters taken from the text with
// its white space collapsed (every token, kept or not, joined by one
// space).
func refMatches(text []byte, phrases []string, o count.Options, width int) []count.Match {
	toks := refKept(text, o)
	raw := refKept(text, count.Options{})
	var c strings.Builder
	cstart := make([]int, len(text)+1) // byte offsets in text -> in c
	cend := make([]int, len(text)+1)
	for i, r := range raw {
		if i > 0 {
			c.WriteByte(' ')
		}
		cstart[r.start] = c.Len()
		c.WriteString(r.norm)
		cend[r.end] = c.Len()
	}
	collapsed := c.String()
	// The boundaries of collapsed's characters (grapheme clusters, as
	// uniseg finds them from the start), and the character of each byte.
	bounds := []int{0}
	runeAt := make([]int, len(collapsed)+1)
	g := uniseg.NewGraphemes(collapsed)
	for g.Next() {
		from, to := g.Positions()
		for i := from; i < to; i++ {
			runeAt[i] = len(bounds) - 1
		}
		bounds = append(bounds, to)
	}
	runeAt[len(collapsed)] = len(bounds) - 1
	var want [][]string
	for _, phrase := range phrases {
		var w []string
		for _, f := range strings.FieldsFunc(phrase, unicode.IsSpace) {
			if n := refNormalize(f, o); n != "" {
				w = append(w, n)
			}
		}
		want = append(want, w)
	}
	var ms []count.Match
	for i := range toks {
		for p := range phrases {
			// Reported where they end: at the last token.
			first := i - len(want[p]) + 1
			if len(want[p]) == 0 || first < 0 {
				continue
			}
			ok := true
			for j, w := range want[p] {
				ok = ok && toks[first+j].norm == w
			}
			if !ok {
				continue
			}
			m := count.Match{Phrase: p, Index: int64(first), Start: int64(toks[first].start), End: int64(toks[i].end)}
			if width > 0 {
				s, e := cstart[toks[first].start], cend[toks[i].end]
				m.Text = collapsed[s:e]
				ls := runeAt[max(0, s-1)] // the space before the match is not context
				m.Left = strings.TrimLeft(collapsed[bounds[max(0, ls-width)]:bounds[ls]], " ")
				rs := runeAt[min(len(collapsed), e+1)]
				m.Right = strings.TrimRight(collapsed[bounds[rs]:bounds[min(len(bounds)-1, rs+width)]], " ")
			}
			ms = append(ms, m)
		}
	}
	return ms
}

// checkFind compares the Finder on text (in memory and as a stream read a
// byte at a time) with the reference.
func checkFind(t *testing.T, text []byte, phrases []string, o count.Options, index bool, width int) {
	t.Helper()
	// Phrases with nothing left to look for are refused by the Finder.
	var kept []string
	for _, p := range phrases {
		if len(count.ParsePhrase(p, o)) > 0 {
			kept = append(kept, p)
		}
	}
	phrases = kept
	want := refMatches(text, phrases, o, width)
	if !index {
		for i := range want {
			want[i].Index = -1
		}
	}
	var ps []count.Phrase
	for _, p := range phrases {
		ps = append(ps, count.ParsePhrase(p, o))
	}
	modes := []string{"bytes", "bytes on 3 workers", "bytes on 1", "reader"}
	for _, p := range ps {
		if len(p) > 1 {
			modes = []string{"bytes", "reader"} // phrases are searched on one core
		}
	}
	for _, how := range modes {
		f := &count.Finder{Phrases: ps, Options: o, Index: index, Width: width}
		var got []count.Match
		collect := func(m count.Match) error { got = append(got, m); return nil }
		var tokens int64
		var err error
		switch how {
		case "reader":
			tokens, err = f.Reader(iotest.HalfReader(bytes.NewReader(text)), collect)
		case "bytes on 3 workers":
			f.Options.Workers = 3
			tokens, err = f.Bytes(text, collect)
		case "bytes on 1":
			f.Options.Workers = 1
			tokens, err = f.Bytes(text, collect)
		default:
			tokens, err = f.Bytes(text, collect)
		}
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
			t.Fatalf("Finder %s (%q, %q, %+v, index %v, width %d):\n got %+v\nwant %+v", how, text, phrases, o, index, width, got, want)
		}
		if n := int64(len(refKept(text, o))); index && tokens != n {
			t.Fatalf("Finder %s (%q, %+v) tokens = %d; want %d", how, text, o, tokens, n)
		}
	}
	// The counts agree with Phrases.
	n, err := count.Phrases(bytes.NewReader(text), ps, o)
	if err != nil {
		t.Fatal(err)
	}
	nb := count.PhrasesBytes(text, ps, o)
	for p := range phrases {
		w := int64(0)
		for _, m := range want {
			if m.Phrase == p {
				w++
			}
		}
		if n[p] != w || nb[p] != w {
			t.Fatalf("Phrases(%q, %q, %+v) = %d (bytes %d); want %d", text, phrases[p], o, n[p], nb[p], w)
		}
	}
}

func TestPhraseCounts(t *testing.T) {
	for _, c := range []struct {
		text, phrase string
		o            count.Options
		want         int64
	}{
		{"ha ha ha ha", "ha ha", count.Options{}, 3},
		{"ha ha ha ha", "ha ha ha", count.Options{}, 2},
		{"ha ha ha ha", "ha", count.Options{}, 4},
		{"Ha, ha! HA ha.", "ha ha", count.Options{IgnoreCase: true, StripPunct: true}, 3},
		{"Ha, ha! HA ha.", "ha ha", count.Options{IgnoreCase: true}, 0},
		// A token of punctuation alone is dropped from the text and from
		// the phrase with -p: "white — whale" is "white whale".
		{"the white — whale and the white whale", "white whale", count.Options{StripPunct: true}, 2},
		{"the white — whale and the white whale", "white whale", count.Options{}, 1},
		{"the white — whale and the white whale", "white — whale", count.Options{}, 1},
		{"the white — whale and the white whale", "white — whale", count.Options{StripPunct: true}, 2},
		{"white\n\nwhale white\u00a0whale white\u3000whale", "white whale", count.Options{}, 3},
		{"white whale", "  white   whale  ", count.Options{}, 1},
		{"a b a b a b", "a b a", count.Options{}, 2},
		{"a a b a a a b", "a a b", count.Options{}, 2},
		{"x y", "x y z", count.Options{}, 0},
		{"", "x y", count.Options{}, 0},
	} {
		p := count.ParsePhrase(c.phrase, c.o)
		got := count.PhrasesBytes([]byte(c.text), []count.Phrase{p}, c.o)
		if got[0] != c.want {
			t.Errorf("PhrasesBytes(%q, %q, %+v) = %d; want %d", c.text, c.phrase, c.o, got[0], c.want)
		}
		checkFind(t, []byte(c.text), []string{c.phrase}, c.o, true, 10)
	}
	if p := count.ParsePhrase(" — ", count.Options{StripPunct: true}); len(p) != 0 {
		t.Errorf("ParsePhrase(\" — \", -p) = %q; want nothing", p)
	}
	if _, err := (&count.Finder{Phrases: []count.Phrase{nil}}).Bytes([]byte("x"), func(count.Match) error { return nil }); err == nil {
		t.Error("Finder with an empty phrase: no error")
	}
}

// phrasesOf returns every token of text, every pair and some triples of
// consecutive tokens (as written), and a word that is not there.
func phrasesOf(text []byte) []string {
	toks := refTokens(text)
	ps := []string{"zzz-not-there", "a b"}
	for i, tok := range toks {
		ps = append(ps, tok)
		if i+1 < len(toks) {
			ps = append(ps, tok+" "+toks[i+1])
		}
		if i+2 < len(toks) && i%3 == 0 {
			ps = append(ps, tok+"\t"+toks[i+1]+"\n"+toks[i+2])
		}
	}
	return ps
}

func TestFinderAgainstReference(t *testing.T) {
	texts := append([]string{
		"ha ha ha ha",
		"  lead and trail  ",
		"Call me Ishmael. Some years ago—never mind how long precisely—having little\r\nor no money",
		"a — b -- c ... d “e” ‘f’ (g)",
		"x\u00a0y\u2028z\u3000w\u0085v",
		// Decomposed accents, an emoji sequence, Hangul jamo: a character
		// is a grapheme cluster, never cut.
		"cafe\u0301 cre\u0300me bru\u0302le\u0301e cafe\u0301 o\u0308\u0301\u0323k cafe\u0301",
		"a\u0301\u0301\u0301\u0301\u0301b whale e\u0301e\u0301e\u0301e\u0301 whale x\U0001F469\u200D\U0001F467y whale",
		"\u1100\u1161\u11A8\u1100\u1161 whale \u1100\u1161\u11A8\u1100\u1161\u11A8 whale",
	}, samples...)
	for _, text := range texts {
		ps := phrasesOf([]byte(text))
		for _, o := range optionSets {
			for k, chunk := range []int{1, 2, 7, 1 << 20} {
				o.ChunkSize = chunk
				width := []int{0, 1, 5, 40}[k]
				// Each phrase alone (single words take the byte search),
				// then all at once.
				for i, p := range ps {
					checkFind(t, []byte(text), []string{p}, o, (i+k)%2 == 0, width)
				}
				checkFind(t, []byte(text), ps, o, true, width)
				checkFind(t, []byte(text), refTokens([]byte(text)), o, false, 3)
			}
		}
	}
}

// TestContextsAtTheEnds: a match at the very start and end of a text has
// empty contexts there, and contexts stop at the text's ends.
func TestContextsAtTheEnds(t *testing.T) {
	text := []byte("whale one two three whale")
	f := &count.Finder{Phrases: []count.Phrase{count.ParsePhrase("whale", count.Options{})}, Width: 8, Index: true}
	var got []count.Match
	f.Bytes(text, func(m count.Match) error { got = append(got, m); return nil })
	want := []count.Match{
		{Phrase: 0, Index: 0, Start: 0, End: 5, Left: "", Text: "whale", Right: "one two"},
		{Phrase: 0, Index: 4, Start: 20, End: 25, Left: "wo three", Text: "whale", Right: ""},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Finder(%q) = %+v; want %+v", text, got, want)
	}
}

// TestFinderBook checks phrase counts, indices and contexts in a real book
// against the reference.
func TestFinderBook(t *testing.T) {
	text, err := os.ReadFile("../../shared/corpus/books/pg2701-moby-dick-modern.txt")
	if err != nil {
		t.Skip("shared corpus not found:", err)
	}
	o := count.Options{IgnoreCase: true, StripPunct: true}
	phrases := []string{"white whale", "whale", "the whale", "Moby Dick", "ha ha", "Captain Ahab"}
	want := refMatches(text, phrases, o, 40)
	counts := map[int]int{}
	for _, m := range want {
		counts[m.Phrase]++
	}
	// Hand-checked orders of magnitude, so the reference is not empty.
	if counts[0] < 50 || counts[1] < 900 || counts[3] < 50 {
		t.Fatalf("reference counts look wrong: %v", counts)
	}
	checkFind(t, text, phrases, o, true, 40)
	checkFind(t, text, phrases[1:2], count.Options{}, true, 40)
	checkFind(t, text[:200<<10], phrases[1:2], count.Options{IgnoreCase: true, ChunkSize: 4096}, true, 40)
}

func FuzzFinder(f *testing.F) {
	for _, s := range samples {
		f.Add([]byte(s), "whale", uint8(0), uint8(3), uint8(5))
	}
	f.Add([]byte("ha ha ha ha"), "ha ha", uint8(1), uint8(2), uint8(3))
	f.Add([]byte("white — whale, white whale"), "white whale", uint8(2), uint8(1), uint8(4))
	f.Fuzz(func(t *testing.T, in []byte, phrase string, opts, chunk, width uint8) {
		o := optionSets[int(opts)%len(optionSets)]
		o.ChunkSize = int(chunk)%17 + 1
		toks := refTokens(in)
		ps := []string{phrase}
		if len(toks) > 0 {
			// A phrase that is there: one to three tokens of the text.
			i := int(chunk) % len(toks)
			ps = append(ps, strings.Join(toks[i:min(len(toks), i+int(opts)%3+1)], " "))
			ps = append(ps, toks[i])
		}
		w := int(width) % 12
		for _, p := range ps {
			if len(count.ParsePhrase(p, o)) == 0 {
				continue
			}
			checkFind(t, in, []string{p}, o, opts&8 != 0, w)
		}
	})
}

func ExampleFinder() {
	text := []byte("Call me Ishmael. Some years ago, never mind how long precisely,\nhaving little or no money in my purse, and nothing particular to interest me on shore")
	o := count.Options{IgnoreCase: true, StripPunct: true}
	f := &count.Finder{Phrases: []count.Phrase{count.ParsePhrase("me", o)}, Options: o, Index: true, Width: 20}
	f.Bytes(text, func(m count.Match) error {
		fmt.Printf("%20s [%s] %-20s token %d\n", m.Left, m.Text, m.Right, m.Index)
		return nil
	})
	// Output:
	//                 Call [me] Ishmael. Some years  token 1
	// rticular to interest [me] on shore             token 24
}

func ExampleParsePhrase() {
	o := count.Options{IgnoreCase: true, StripPunct: true}
	p := count.ParsePhrase("The  White — Whale!", o)
	fmt.Printf("%d tokens: %s\n", len(p), p)
	n := count.PhrasesBytes([]byte("ha ha ha ha, the white whale"), []count.Phrase{count.ParsePhrase("ha ha", o), p}, o)
	fmt.Println(n)
	// Output:
	// 3 tokens: the white whale
	// [3 1]
}

// TestFinderStops: an error from fn stops the search, on one core and on
// several, and is returned.
func TestFinderStops(t *testing.T) {
	text := []byte(strings.Repeat("whale and sea ", 5000))
	stop := fmt.Errorf("enough")
	for _, w := range []int{1, 3} {
		f := &count.Finder{Phrases: []count.Phrase{count.ParsePhrase("whale", count.Options{})}, Options: count.Options{Workers: w, ChunkSize: 64}, Width: 5, Index: true}
		calls := 0
		_, err := f.Bytes(text, func(m count.Match) error {
			if calls++; calls == 3 {
				return stop
			}
			return nil
		})
		if err != stop || calls != 3 {
			t.Errorf("Bytes on %d workers: %v after %d calls; want enough after 3", w, err, calls)
		}
		calls = 0
		_, err = f.Reader(bytes.NewReader(text), func(m count.Match) error {
			if calls++; calls == 3 {
				return stop
			}
			return nil
		})
		if err != stop || calls != 3 {
			t.Errorf("Reader: %v after %d calls; want enough after 3", err, calls)
		}
	}
}
