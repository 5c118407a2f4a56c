package count_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/table"
)

// refTokens is the reference tokenizer: strings.FieldsFunc with
// unicode.IsSpace, decoding invalid bytes as non-space.
func refTokens(b []byte) []string {
	return strings.FieldsFunc(string(b), func(r rune) bool {
		return r != utf8.RuneError && unicode.IsSpace(r)
	})
}

// refNormalize is an independent, simple form of the normalisation.
func refNormalize(tok string, o count.Options) string {
	if o.StripPunct {
		for len(tok) > 0 {
			r, n := utf8.DecodeRuneInString(tok)
			if r == utf8.RuneError || !unicode.IsPunct(r) {
				break
			}
			tok = tok[n:]
		}
		for len(tok) > 0 {
			r, n := utf8.DecodeLastRuneInString(tok)
			if r == utf8.RuneError || !unicode.IsPunct(r) {
				break
			}
			tok = tok[:len(tok)-n]
		}
	}
	if o.IgnoreCase {
		var sb strings.Builder
		for i := 0; i < len(tok); {
			r, n := utf8.DecodeRuneInString(tok[i:])
			if r == utf8.RuneError && n == 1 {
				sb.WriteByte(tok[i])
			} else {
				sb.WriteRune(unicode.ToLower(r))
			}
			i += n
		}
		tok = sb.String()
	}
	return tok
}

// refFirstHigh is the index of the first byte >= 0x80, byte by byte.
func refFirstHigh(b []byte) int {
	for i, c := range b {
		if c >= 0x80 {
			return i
		}
	}
	return len(b)
}

func refFreq(b []byte, o count.Options) map[string]int64 {
	m := map[string]int64{}
	for _, t := range refTokens(b) {
		if t = refNormalize(t, o); t != "" {
			m[t]++
		}
	}
	return m
}

func tableMap(t *count.Table) map[string]int64 {
	m := map[string]int64{}
	for _, r := range t.Sorted() {
		m[r.Word] = r.Count
	}
	return m
}

var optionSets = []count.Options{
	{}, {IgnoreCase: true}, {StripPunct: true}, {IgnoreCase: true, StripPunct: true},
}

var samples = []string{
	"",
	"   \n\t  ",
	"whale",
	"The whale, the WHALE! the Whale's whale.",
	"a\u00a0b\u3000c\u2028d\u0085e f",
	"caf\xe9 \xff\xfe whale\x00whale \x00",
	"\u212a Kelvin KELVIN k",
	"«Corazón» CORAZÓN corazón, ¡corazón!",
	"İstanbul ISTANBUL",
	"--- ... !!! a-b -a- “quoted” ‘single’",
	"line1\r\nline2\r\n\r\n",
	"\xe2\xe3\x80\x80x \xc2\xa0y \xe2\x80",
	"НАТАША Наташа наташа, ΣΊΣΥΦΟΣ σίσυφος Ⱥⱥ ẞß ǅǄǆ Åå \u212b",
	"\xc0\x80A \xed\xa0\x80B \xf4\x90\x80\x80C \xe2\x80 \xe2\x80\x9cQ\xe2\x80\x9d \xc2\x85x\xe1\x9a\x80y\xe2\x81\x9fz",
	"ÀÉÎÕÜ àéîõü ÇÑ çñ ĲĳŒœ Ωω Ǳǲǳ ᏸᏰ Ⓐⓐ Ⅻⅻ Ａａ",
	// Tokens of ASCII, letters of two bytes and U+2000 to U+203F, up to
	// 16 bytes and beyond, and what stops them (freq's fast path).
	"·pride prejudice· x·y ×2 2× naïve-café’s façade’ “élan” ΣΟΦΊΑ· ¿Qué? a\u2003b a\u200bb é\u2028 \u2029é Éé\u00a0é ÿ\u0085 —é—",
	"(café) “!” ‘...’ —(é)— 'Ñu' “Œuvre,” \"ÉCOLE\" [Ωμέγα] padding to keep the tokens above from the end of the text",
	"abcdefghijklmné ÉBCDEFGHIJKLMNOP é123456789012345 ééééééééé ÉÉÉÉÉÉÉÉ ÉÉÉÉÉÉÉé “ÀÉÎÕÜÀÉÎÕÜÀÉ” “abcdefghijklmno” abc\x01é \x01é é\x7f",
	// One mark at a token's end (freq's commonest trim, done in place) at
	// every length to 17, beside two marks, a mark at the start, a mark
	// alone and marks that are not punctuation ($, +), in either case.
	"a. Ab, ABC; abcd: Abcde! ABCDEF? abcdefg. Abcdefgh, ABCDEFGHI; abcdefghij: Abcdefghijk! ABCDEFGHIJKL? abcdefghijklm. Abcdefghijklmn, ABCDEFGHIJKLMNO; abcdefghijklmnop: Abcdefghijklmnopq! " +
		"ab.. Ab,\" \"Abc, (abcdefgh). abcdefgh.) abcdefghijklmno.\" . , Ab$ Ab+ $5. x,y, 'tis' end.",
	"\u201cWell,\u201d said \u2018Alice\u2019\u2014\u201cno\u201d\u2026 \u2019tis \u201cA-Rather-Long-Word\u201d \u00abÇa\u00bb \u201c\xe2\x80 x\xe2\x80\x9d\xe2\x81\x80 \u2070x\u2070",
}

func checkFreq(t *testing.T, in []byte, o count.Options) {
	t.Helper()
	got, err := count.Freq(bytes.NewReader(in), o)
	if err != nil {
		t.Fatal(err)
	}
	want := refFreq(in, o)
	compareTable(t, fmt.Sprintf("Freq(%q, %+v)", in, o), got, want)
	fromBytes, high := count.FreqBytes(in, o)
	compareTable(t, fmt.Sprintf("FreqBytes(%q, %+v)", in, o), fromBytes, want)
	if wh := refFirstHigh(in); high != wh {
		t.Fatalf("FreqBytes(%q, %+v): firstHigh = %d; want %d", in, o, high, wh)
	}
	// A Counter given the text in pieces cut at white space (streams and
	// slices in turn) counts what one pass over the whole counts.
	c := count.NewCounter(o)
	for k, piece := range cutAtSpace(in, 3) {
		if k%2 == 0 {
			c.AddBytes(piece)
		} else if err := c.Add(bytes.NewReader(piece)); err != nil {
			t.Fatal(err)
		}
	}
	compareTable(t, fmt.Sprintf("Counter(%q, %+v)", in, o), c.Table(), want)
	if empty := c.Table(); empty.Len() != 0 || empty.Tokens() != 0 {
		t.Fatalf("Counter.Table after Table: %d distinct, %d tokens; want none", empty.Len(), empty.Tokens())
	}
	// The pieces counted at once, each by a lane of its own (slices and
	// streams in turn), count the same into the counter's table.
	lo := o
	lo.Workers = 3
	c = count.NewCounter(lo)
	lanes := c.Lanes()
	var wg sync.WaitGroup
	errs := make([]error, len(lanes))
	for k, piece := range cutAtSpace(in, len(lanes)) {
		wg.Go(func() {
			if k%2 == 0 {
				lanes[k].AddBytes(piece)
			} else {
				errs[k] = lanes[k].Add(bytes.NewReader(piece))
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	compareTable(t, fmt.Sprintf("Counter.Lanes(%q, %+v)", in, o), c.Table(), want)
}

// cutAtSpace cuts b into up to n pieces, each ending after an ASCII space
// (but the last).
func cutAtSpace(b []byte, n int) [][]byte {
	var pieces [][]byte
	for len(pieces) < n-1 {
		i := bytes.IndexAny(b[len(b)/2:], " \n")
		if i < 0 {
			break
		}
		i += len(b)/2 + 1
		pieces = append(pieces, b[:i])
		b = b[i:]
	}
	return append(pieces, b)
}

func compareTable(t *testing.T, name string, got *count.Table, want map[string]int64) {
	t.Helper()
	gm := tableMap(got)
	if len(gm) != len(want) || got.Len() != len(want) {
		t.Fatalf("%s has %d distinct (Len %d); want %d\n got %v\nwant %v", name, len(gm), got.Len(), len(want), gm, want)
	}
	var tokens int64
	for k, v := range want {
		tokens += v
		if gm[k] != v || got.Get([]byte(k)) != v {
			t.Fatalf("%s[%q] = %d (Get %d); want %d", name, k, gm[k], got.Get([]byte(k)), v)
		}
	}
	if got.Tokens() != tokens {
		t.Fatalf("%s: Tokens = %d; want %d", name, got.Tokens(), tokens)
	}
	if n := got.Get([]byte("zzz-not-there")); n != 0 && want["zzz-not-there"] == 0 {
		t.Fatalf("Get of an absent token = %d", n)
	}
}

func checkWords(t *testing.T, in []byte, o count.Options) {
	t.Helper()
	want := refFreq(in, o)
	var words [][]byte
	var keys []string
	for k := range want {
		words = append(words, []byte(k))
		keys = append(keys, k)
	}
	words = append(words, []byte("zzz-not-there"))
	keys = append(keys, "zzz-not-there")
	got, err := count.Words(bytes.NewReader(in), words, o)
	if err != nil {
		t.Fatal(err)
	}
	fromBytes, high := count.WordsBytes(in, words, o)
	if fmt.Sprint(fromBytes) != fmt.Sprint(got) {
		t.Fatalf("WordsBytes(%q, %+v) = %v; Words gives %v", in, o, fromBytes, got)
	}
	if want := refFirstHigh(in); high != want {
		t.Fatalf("WordsBytes(%q, %+v): firstHigh = %d; want %d", in, o, high, want)
	}
	for i, k := range keys {
		if got[i] != want[k] {
			t.Fatalf("Words(%q, %q, %+v) = %d; want %d", in, k, o, got[i], want[k])
		}
	}
}

func TestFreqAndWordsAgainstReference(t *testing.T) {
	for _, s := range samples {
		for _, o := range optionSets {
			for _, chunk := range []int{1, 3, 64} {
				for _, w := range []int{1, 3} {
					o.ChunkSize, o.Workers = chunk, w
					checkFreq(t, []byte(s), o)
					checkWords(t, []byte(s), o)
				}
			}
		}
	}
}

func FuzzTokenizer(f *testing.F) {
	for _, s := range samples {
		f.Add([]byte(s), uint8(0), uint8(3))
	}
	f.Fuzz(func(t *testing.T, in []byte, opts uint8, chunk uint8) {
		o := optionSets[int(opts)%len(optionSets)]
		o.ChunkSize = int(chunk)%17 + 1
		o.Workers = int(opts/4)%3 + 1
		checkFreq(t, in, o)
		checkWords(t, in, o)
		// Chunks of the default size too: freq's fast paths look up to 16
		// bytes ahead, which chunks of a few bytes rarely allow.
		o.ChunkSize = 0
		checkFreq(t, in, o)
	})
}

// TestKJV checks the countwords benchmark's expected output.
func TestKJV(t *testing.T) {
	in, err := os.ReadFile("../../shared/corpus/kjv/kjvbible.txt")
	if err != nil {
		t.Skip("shared corpus not found:", err)
	}
	want, err := os.ReadFile("../../shared/corpus/kjv/expected-freq-lowercase.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []count.Options{{IgnoreCase: true}, {IgnoreCase: true, ChunkSize: 1 << 16, Workers: 3}, {IgnoreCase: true, ChunkSize: 1000, Workers: 1}} {
		tab, err := count.Freq(bytes.NewReader(in), o)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := table.WriteRows(&out, "text", tab.Sorted()); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), want) {
			t.Errorf("freq -i of kjvbible (%+v) differs from expected-freq-lowercase.txt", o)
		}
		if tab.Tokens() != 821133 || tab.Len() != 32187 {
			t.Errorf("tokens, distinct = %d, %d; want 821133, 32187", tab.Tokens(), tab.Len())
		}
	}
}

func TestHugeTokenAndOnlySpace(t *testing.T) {
	big := bytes.Repeat([]byte("ab"), 1<<20)
	tab, err := count.Freq(bytes.NewReader(big), count.Options{ChunkSize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() != 0 || tab.Tokens() != 0 || tab.Skipped() != 1 {
		t.Errorf("one 2 MiB run (no word, see MaxToken): Len = %d, Tokens = %d, Skipped = %d; want 0, 0, 1", tab.Len(), tab.Tokens(), tab.Skipped())
	}
	spaces := bytes.Repeat([]byte(" \n\t\u3000"), 100000)
	tab, err = count.Freq(bytes.NewReader(spaces), count.Options{ChunkSize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() != 0 || tab.Tokens() != 0 {
		t.Errorf("only white space: Len = %d, Tokens = %d; want 0, 0", tab.Len(), tab.Tokens())
	}
}

func ExampleFreq() {
	t, _ := count.Freq(strings.NewReader("the whale The WHALE, the end"), count.Options{IgnoreCase: true})
	for _, r := range t.Sorted() {
		fmt.Println(r.Word, r.Count)
	}
	// Output:
	// the 3
	// end 1
	// whale 1
	// whale, 1
}

// TestEveryChunkBoundary cuts a text with every kind of token at every
// chunk size, so each token is split at each place once.
func TestEveryChunkBoundary(t *testing.T) {
	in := []byte("Ünïcödé whale,\u00a0WHALE\u3000x\x00y \xff\xfeab \u2028“quoted” caf\xe9 z\r\nend")
	for size := 1; size <= len(in)+1; size++ {
		for _, o := range optionSets {
			o.ChunkSize, o.Workers = size, 2
			checkFreq(t, in, o)
			checkWords(t, in, o)
		}
	}
}

// TestLongTokenThenUnicodeSpace: a token longer than a block followed by
// a Unicode space (no ASCII one) is still two tokens.
func TestLongTokenThenUnicodeSpace(t *testing.T) {
	in := append(bytes.Repeat([]byte("é"), 5000), []byte("\u3000tail\u2003x")...)
	for _, o := range []count.Options{{ChunkSize: 64}, {ChunkSize: 65, IgnoreCase: true}, {ChunkSize: 1 << 20}} {
		checkFreq(t, in, o)
		checkWords(t, in, o)
	}
}

// Counts far beyond a slot's 32 bits are added at once and kept whole.
func TestHugeCounts(t *testing.T) {
	tb := count.NewTable()
	for _, w := range []string{"a", "twelve bytes", "a token longer than sixteen bytes"} {
		tb.Add([]byte(w), 1<<62)
		tb.Add([]byte(w), 5)
		if got := tb.Get([]byte(w)); got != 1<<62+5 {
			t.Errorf("Get(%q) = %d; want %d", w, got, int64(1<<62+5))
		}
	}
	rows := tb.Sorted()
	if len(rows) != 3 || rows[0].Count != 1<<62+5 {
		t.Errorf("Sorted = %v", rows)
	}
}

func TestWordNormalisesAndChecks(t *testing.T) {
	text := "The whale whale, the WHALE! “Whale” Whale whales \u212aelvin kelvin"
	for _, c := range []struct {
		word string
		o    count.Options
		want int64
	}{
		{"Whale", count.Options{IgnoreCase: true}, 2},
		{"WHALE", count.Options{IgnoreCase: true, StripPunct: true}, 5},
		{"“Whale”", count.Options{StripPunct: true}, 2},
		{"whale", count.Options{}, 1},
		{"KELVIN", count.Options{IgnoreCase: true}, 2},
		{"\u212aelvin", count.Options{}, 1},
	} {
		got, err := count.Word(strings.NewReader(text), c.word, c.o)
		if err != nil || got != c.want {
			t.Errorf("Word(%q, %+v) = %d, %v; want %d", c.word, c.o, got, err, c.want)
		}
		n, high, err := count.WordBytes([]byte(text), c.word, c.o)
		if err != nil || n != c.want || high != strings.IndexRune(text, '“') {
			t.Errorf("WordBytes(%q, %+v) = %d, %d, %v; want %d, %d", c.word, c.o, n, high, err, c.want, strings.IndexRune(text, '“'))
		}
	}
	for _, c := range []struct {
		word string
		o    count.Options
		want error
	}{
		{"a b", count.Options{}, count.ErrSpace},
		{"a\u00a0b", count.Options{}, count.ErrSpace},
		{"", count.Options{}, count.ErrEmpty},
		{"“…”", count.Options{StripPunct: true}, count.ErrEmpty},
	} {
		_, err := count.Word(strings.NewReader(text), c.word, c.o)
		var we *count.WordError
		if !errors.Is(err, c.want) || !errors.As(err, &we) || we.Word != c.word {
			t.Errorf("Word(%q, %+v) error = %v; want a *WordError for %v", c.word, c.o, err, c.want)
		}
		if _, _, err := count.WordBytes(nil, c.word, c.o); !errors.Is(err, c.want) {
			t.Errorf("WordBytes(%q, %+v) error = %v; want %v", c.word, c.o, err, c.want)
		}
	}
	words, err := count.PrepareWords([]string{"Whale", "“The”", "whale"}, count.Options{IgnoreCase: true, StripPunct: true})
	if err != nil || fmt.Sprintf("%q", words) != `["whale" "the" "whale"]` {
		t.Errorf("PrepareWords = %q, %v", words, err)
	}
	counts, err := count.Words(strings.NewReader(text), words, count.Options{IgnoreCase: true, StripPunct: true})
	if err != nil || fmt.Sprint(counts) != "[5 2 5]" {
		t.Errorf("Words(prepared) = %v, %v; want [5 2 5]", counts, err)
	}
	if counts, _ := count.Words(strings.NewReader(text), [][]byte{[]byte("Whale")}, count.Options{IgnoreCase: true}); counts[0] != 0 {
		t.Errorf("Words with a word not normalised = %v; want 0 (no token lowers to it)", counts)
	}
}

func ExampleWord() {
	n, err := count.Word(strings.NewReader("Call me Ishmael. The whale, the WHALE!"), "Whale", count.Options{IgnoreCase: true, StripPunct: true})
	fmt.Println(n, err)
	_, err = count.Word(strings.NewReader(""), "white whale", count.Options{})
	fmt.Println(errors.Is(err, count.ErrSpace), err)
	// Output:
	// 2 <nil>
	// true count: word "white whale" contains white space
}

// Case 8 of issue 19: a closed Options.Done stops every way of counting
// at its next block: the streams return ErrStopped, the texts in memory
// count no block after it.
func TestDoneStops(t *testing.T) {
	text := bytes.Repeat([]byte("the whale saw the sea\n"), 1<<16)
	done := make(chan struct{})
	close(done)
	o := count.Options{Workers: 2, ChunkSize: 64 << 10, Done: done}
	words := [][]byte{[]byte("whale")}
	if _, err := count.Words(bytes.NewReader(text), words, o); !errors.Is(err, count.ErrStopped) {
		t.Errorf("Words after Done: %v; want ErrStopped", err)
	}
	if _, err := count.Freq(bytes.NewReader(text), o); !errors.Is(err, count.ErrStopped) {
		t.Errorf("Freq after Done: %v; want ErrStopped", err)
	}
	if _, err := count.NGrams(bytes.NewReader(text), 2, o); !errors.Is(err, count.ErrStopped) {
		t.Errorf("NGrams after Done: %v; want ErrStopped", err)
	}
	if n, _ := count.WordsBytes(text, words, o); n[0] != 0 {
		t.Errorf("WordsBytes after Done counted %d; want nothing", n[0])
	}
	if tab, _ := count.FreqBytes(text, o); tab.Tokens() != 0 {
		t.Errorf("FreqBytes after Done counted %d tokens; want none", tab.Tokens())
	}
	for _, f := range []func() (int64, error){
		func() (int64, error) {
			return (&count.Finder{Phrases: []count.Phrase{{[]byte("whale")}}, Options: o}).Bytes(text, func(count.Match) error { return nil })
		},
		func() (int64, error) {
			return (&count.Finder{Phrases: []count.Phrase{{[]byte("the"), []byte("sea")}}, Options: o}).Reader(bytes.NewReader(text), func(count.Match) error { return nil })
		},
	} {
		if _, err := f(); !errors.Is(err, count.ErrStopped) {
			t.Errorf("Finder after Done: %v; want ErrStopped", err)
		}
	}
}
