package count_test

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/count"
)

// zeros is a reader of n zero bytes that allocates nothing: one token
// (NUL is no white space) as long as wanted.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	k := int(min(int64(len(p)), z.n))
	clear(p[:k])
	z.n -= int64(k)
	return k, nil
}

// withLong is "the whale saw " + a token of n zero bytes + " the sea\n"
// as a stream.
func withLong(n int64) io.Reader {
	return io.MultiReader(strings.NewReader("the whale saw "), &zeros{n}, strings.NewReader(" the sea\n"))
}

// allocated returns the bytes fn allocates.
func allocated(fn func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	fn()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// Case 10 of issue 19: a token of 64 MiB read from a stream is dropped as
// it comes, never held whole, by every way of reading a text: what they
// allocate stays far below its size. The words around it count as if it
// were not there.
func TestLongTokenStreamed(t *testing.T) {
	const long = 64 << 20
	const most = 24 << 20 // the blocks of the workers, and slack
	o := count.Options{Workers: 2}
	var tab *count.Table
	var err error
	for name, fn := range map[string]func(){
		"Freq":   func() { tab, err = count.Freq(withLong(long), o) },
		"NGrams": func() { _, err = count.NGrams(withLong(long), 2, o) },
		"Words": func() {
			var n []int64
			n, err = count.Words(withLong(long), [][]byte{[]byte("the")}, o)
			if err == nil && n[0] != 2 {
				err = fmt.Errorf("the: %d; want 2", n[0])
			}
		},
		"Finder": func() {
			f := &count.Finder{Phrases: []count.Phrase{count.ParsePhrase("the", o)}, Options: o, Width: 10, Index: true}
			n := 0
			_, err = f.Reader(withLong(long), func(count.Match) error { n++; return nil })
			if err == nil && n != 2 {
				err = fmt.Errorf("%d matches of the; want 2", n)
			}
		},
		"EachToken": func() {
			var toks []string
			err = count.EachToken(withLong(long), o, func(tok []byte) error { toks = append(toks, string(tok)); return nil })
			if err == nil && strings.Join(toks, " ") != "the whale saw the sea" {
				err = fmt.Errorf("tokens %q", toks)
			}
		},
	} {
		if a := allocated(fn); err != nil || a > most {
			t.Errorf("%s over a %d MiB token: %v, %d MiB allocated; want at most %d MiB", name, long>>20, err, a>>20, most>>20)
		}
	}
	if err == nil && tab != nil {
		if got := fmt.Sprint(tab.Sorted()); got != "[{the 2} {saw 1} {sea 1} {whale 1}]" || tab.Skipped() != 1 {
			t.Errorf("Freq = %s, %d skipped; want the words around the long token, 1 skipped", got, tab.Skipped())
		}
	}
}

// The long token is skipped alike in a stream and in memory, by Freq and
// by NGrams (whose n-grams close over it), and a token just short of the
// limit is counted.
func TestLongTokenSameEverywhere(t *testing.T) {
	short := string(bytes.Repeat([]byte("x"), count.MaxToken-1))
	long := string(bytes.Repeat([]byte("y"), count.MaxToken+5))
	text := "a b " + long + " c " + short + " d\n"
	o := count.Options{Workers: 2, ChunkSize: 256 << 10}
	st, err := count.Freq(strings.NewReader(text), o)
	if err != nil {
		t.Fatal(err)
	}
	mem, _ := count.FreqBytes([]byte(text), o)
	want := fmt.Sprint([]count.Row{{Word: "a", Count: 1}, {Word: "b", Count: 1}, {Word: "c", Count: 1}, {Word: "d", Count: 1}, {Word: short, Count: 1}})
	for name, tab := range map[string]*count.Table{"stream": st, "memory": mem} {
		if got := fmt.Sprint(tab.Sorted()); got != want || tab.Skipped() != 1 || tab.Tokens() != 5 {
			t.Errorf("Freq (%s): %.80s…, %d tokens, %d skipped; want a b c d and the short one, 5 tokens, 1 skipped", name, got, tab.Tokens(), tab.Skipped())
		}
	}
	ng, err := count.NGrams(strings.NewReader(text), 2, o)
	if err != nil {
		t.Fatal(err)
	}
	if ng.Get([]byte("b c")) != 1 || ng.Get([]byte("a b")) != 1 || ng.Skipped() != 1 {
		t.Errorf("NGrams: a b %d, b c %d, %d skipped; want 1, 1 (across the skipped token), 1", ng.Get([]byte("a b")), ng.Get([]byte("b c")), ng.Skipped())
	}
}
