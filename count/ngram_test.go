package count_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/gutcount/gutcount/count"
)

// refNGrams counts the n-grams of the kept tokens of text, one after the
// other.
func refNGrams(text []byte, n int, o count.Options) map[string]int64 {
	toks := refKept(text, o)
	m := map[string]int64{}
	for i := 0; i+n <= len(toks); i++ {
		var ws []string
		for _, t := range toks[i : i+n] {
			ws = append(ws, t.norm)
		}
		m[strings.Join(ws, " ")]++
	}
	return m
}

func checkNGrams(t *testing.T, text []byte, n int, o count.Options, want map[string]int64) {
	t.Helper()
	tab, err := count.NGrams(bytes.NewReader(text), n, o)
	if err != nil {
		t.Fatal(err)
	}
	got := tableMap(tab)
	var sum int64
	for _, c := range want {
		sum += c
	}
	if len(got) != len(want) || tab.Tokens() != sum {
		t.Fatalf("NGrams(%.40q, %d, %+v): %d distinct, %d in all; want %d, %d", text, n, o, len(got), tab.Tokens(), len(want), sum)
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("NGrams(%.40q, %d, %+v)[%q] = %d; want %d", text, n, o, k, got[k], v)
		}
	}
}

// TestNGramsAgainstReference cuts texts into blocks of every small size,
// so that n-grams cross one, two or more block edges, on one worker and
// on several.
func TestNGramsAgainstReference(t *testing.T) {
	texts := append([]string{"a b c d e f g", "ha ha ha ha", "x", "white — whale, the WHITE whale.", strings.Repeat("ab cd ef ", 50)}, samples...)
	for _, s := range texts {
		for _, n := range []int{1, 2, 3, 5} {
			for _, o := range optionSets {
				want := refNGrams([]byte(s), n, o)
				for _, chunk := range []int{1, 2, 3, 5, 8, 64, 1 << 20} {
					for _, w := range []int{1, 3} {
						o.ChunkSize, o.Workers = chunk, w
						checkNGrams(t, []byte(s), n, o, want)
					}
				}
			}
		}
	}
	if _, err := count.NGrams(strings.NewReader("a b"), 0, count.Options{}); err == nil {
		t.Error("NGrams(n = 0): no error")
	}
}

// TestNGramsBook counts the bigrams and trigrams of Moby Dick, lowercased,
// against n-grams made here from strings.FieldsFunc, in blocks small and
// large.
func TestNGramsBook(t *testing.T) {
	text, err := os.ReadFile("../../shared/corpus/books/pg2701-moby-dick-modern.txt")
	if err != nil {
		t.Skip("shared corpus not found:", err)
	}
	for _, c := range []struct {
		n    int
		size int // of the text's start taken
		o    count.Options
	}{
		{2, len(text), count.Options{IgnoreCase: true}},
		{3, len(text), count.Options{IgnoreCase: true, ChunkSize: 64 << 10, Workers: 3}},
		{2, 100 << 10, count.Options{IgnoreCase: true, ChunkSize: 4093, Workers: 3}},
	} {
		part := text[:c.size]
		toks := strings.FieldsFunc(strings.ToLower(string(part)), unicode.IsSpace)
		want := map[string]int64{}
		for i := 0; i+c.n <= len(toks); i++ {
			want[strings.Join(toks[i:i+c.n], " ")]++
		}
		if c.n == 2 && c.size == len(text) && want["the whale"] < 100 {
			t.Fatalf("reference: the whale %d", want["the whale"])
		}
		checkNGrams(t, part, c.n, c.o, want)
	}
}

func ExampleNGrams() {
	t, _ := count.NGrams(strings.NewReader("Ha ha ha. The white whale, the white whale!"), 2, count.Options{IgnoreCase: true, StripPunct: true})
	for _, r := range t.Sorted() {
		fmt.Println(r.Word, r.Count)
	}
	// Output:
	// ha ha 2
	// the white 2
	// white whale 2
	// ha the 1
	// whale the 1
}

func FuzzNGrams(f *testing.F) {
	for _, s := range samples {
		f.Add([]byte(s), uint8(2), uint8(0), uint8(3))
	}
	f.Fuzz(func(t *testing.T, in []byte, n, opts, chunk uint8) {
		o := optionSets[int(opts)%len(optionSets)]
		o.ChunkSize, o.Workers = int(chunk)%17+1, int(opts/4)%3+1
		k := int(n)%4 + 2
		checkNGrams(t, in, k, o, refNGrams(in, k, o))
	})
}
