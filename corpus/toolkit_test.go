package corpus_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
)

// A mapped file and the same bytes read from standard input give the same
// occurrences, token indices and contexts, and the same n-grams; the
// Latin-1 Don Quijote, mapped, is found to be Windows-1252 before any
// match is reported.
func TestFindMappedEqualsStream(t *testing.T) {
	ctx := context.Background()
	o := count.Options{IgnoreCase: true, StripPunct: true}
	for _, c := range []struct {
		book    string
		phrases []string
	}{
		{"pg2000-don-quijote-latin1.txt", []string{"corazón", "don quijote"}},
		{"pg2701-moby-dick-modern.txt", []string{"whale", "white whale"}},
	} {
		f := shared + "books/" + c.book
		b, err := os.ReadFile(f)
		if err != nil {
			t.Skip("shared corpus not found")
		}
		var ps []count.Phrase
		for _, p := range c.phrases {
			ps = append(ps, count.ParsePhrase(p, o))
		}
		find := func(src corpus.Source) ([]count.Match, int64, []int64, []count.Row) {
			lib := &corpus.Library{Stdin: bytes.NewReader(b)}
			tx, err := lib.OpenText(ctx, src, corpus.TextOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Close()
			var ms []count.Match
			tokens, err := tx.Find(&count.Finder{Phrases: ps, Options: o, Index: true, Width: 30}, func(m count.Match) error {
				ms = append(ms, m)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			lib.Stdin = bytes.NewReader(b)
			tx2, _ := lib.OpenText(ctx, src, corpus.TextOptions{})
			defer tx2.Close()
			n, err := tx2.Count(ps, o)
			if err != nil {
				t.Fatal(err)
			}
			lib.Stdin = bytes.NewReader(b)
			tx3, _ := lib.OpenText(ctx, src, corpus.TextOptions{})
			defer tx3.Close()
			bi, err := tx3.NGrams(2, o)
			if err != nil {
				t.Fatal(err)
			}
			return ms, tokens, n, bi.Sorted()
		}
		file, _ := corpus.ParseSource(f)
		mm, mt, mn, mb := find(file)
		sm, st, sn, sb := find(corpus.Source{Kind: corpus.Stdin, Arg: "-"})
		if len(mm) == 0 || fmt.Sprint(mm) != fmt.Sprint(sm) || mt != st {
			t.Errorf("%s: mapped and stream differ: %d matches, %d tokens; %d, %d", c.book, len(mm), mt, len(sm), st)
		}
		if !slices.Equal(mn, sn) || !slices.Equal(mb, sb) {
			t.Errorf("%s: counts %v and %v, or bigrams, differ", c.book, mn, sn)
		}
		for i := range ps {
			k := int64(0)
			for _, m := range mm {
				if m.Phrase == i {
					k++
				}
			}
			if k != mn[i] {
				t.Errorf("%s: %d matches of %q; Count says %d", c.book, k, c.phrases[i], mn[i])
			}
		}
		for _, m := range mm {
			if m.Phrase == 0 && strings.Contains(c.book, "latin1") && !strings.Contains(strings.ToLower(m.Text), "corazón") {
				t.Errorf("%s: match %q of corazón, not decoded", c.book, m.Text)
				break
			}
		}
	}
}

func TestTitle(t *testing.T) {
	lib := &corpus.Library{}
	src, _ := corpus.ParseSource(filepath.Join("..", "testdata", "sample", "whale-primer.txt"))
	tx, err := lib.OpenText(context.Background(), src, corpus.TextOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Close()
	if got := tx.Title(); got != "A Whale Primer" {
		t.Errorf("Title() = %q; want A Whale Primer", got)
	}
}

// A concordance of "whale" in the sample book: each occurrence with its
// token index and 20 characters of context each side.
func ExampleOpenedText_Find() {
	lib := &corpus.Library{}
	src, _ := corpus.ParseSource("../testdata/sample/whale-primer.txt")
	tx, _ := lib.OpenText(context.Background(), src, corpus.TextOptions{})
	defer tx.Close()
	o := count.Options{IgnoreCase: true, StripPunct: true}
	f := &count.Finder{Phrases: []count.Phrase{count.ParsePhrase("whale", o)}, Options: o, Index: true, Width: 20}
	tokens, _ := tx.Find(f, func(m count.Match) error {
		fmt.Printf("%d: %s [%s] %s\n", m.Index, m.Left, m.Text, m.Right)
		return nil
	})
	fmt.Println(tokens, "tokens in", tx.Title())
	// Output:
	// 1: A [WHALE] PRIMER CHAPTER 1. Th
	// 6: RIMER CHAPTER 1. The [Whale] The whale is large.
	// 8: TER 1. The Whale The [whale] is large. A whale, w
	// 12: he whale is large. A [whale,] when it breathes, bl
	// 20: , blows a spout; the [Whale] of the old books blo
	// 30: it higher. Call the [whale] what you will: WHALE
	// 34: whale what you will: [WHALE,] whale, “whale” — it
	// 35: hat you will: WHALE, [whale,] “whale” — it is one
	// 36: will: WHALE, whale, [“whale”] — it is one word onc
	// 56: ounting To count the [whale] is to read every lin
	// 89 tokens in A Whale Primer
}

// Counting a word and a phrase in a book.
func ExampleOpenedText_Count() {
	lib := &corpus.Library{}
	src, _ := corpus.ParseSource("../testdata/sample/whale-primer.txt")
	tx, _ := lib.OpenText(context.Background(), src, corpus.TextOptions{})
	defer tx.Close()
	o := count.Options{IgnoreCase: true, StripPunct: true}
	n, _ := tx.Count([]count.Phrase{count.ParsePhrase("whale", o), count.ParsePhrase("the whale", o)}, o)
	fmt.Println(n)
	// Output:
	// [10 5]
}
