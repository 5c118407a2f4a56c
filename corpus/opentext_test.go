package corpus_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
)

// A file's text, mapped and stripped in memory, counts as the same text
// read as a stream from standard input, for every shared book: default,
// raw, and with a forced encoding.
func TestOpenTextMappedEqualsStream(t *testing.T) {
	files, _ := filepath.Glob(shared + "books/*.txt")
	if len(files) == 0 {
		t.Skip("shared corpus not found")
	}
	ctx := context.Background()
	words := [][]byte{[]byte("the"), []byte("corazón"), []byte("Gutenberg")}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		opts := []corpus.TextOptions{{}, {Raw: true}}
		if strings.Contains(f, "quijote") {
			opts = append(opts, corpus.TextOptions{Encoding: "latin1"})
		}
		for i, o := range opts {
			file, _ := corpus.ParseSource(f)
			lib := &corpus.Library{Stdin: bytes.NewReader(b)}
			mapped, err := lib.OpenText(ctx, file, o)
			if err != nil {
				t.Fatal(err)
			}
			stream, err := lib.OpenText(ctx, corpus.Source{Kind: corpus.Stdin, Arg: "-"}, o)
			if err != nil {
				t.Fatal(err)
			}
			wm, err1 := mapped.Words(words, count.Options{})
			ws, err2 := stream.Words(words, count.Options{})
			if err1 != nil || err2 != nil || !slices.Equal(wm, ws) {
				t.Errorf("%s %+v: words mapped %v, stream %v (%v %v)", filepath.Base(f), o, wm, ws, err1, err2)
			}
			mapped.Close()
			stream.Close()
			if i > 0 {
				continue // freq once per book: the race detector makes it slow
			}
			mapped, _ = lib.OpenText(ctx, file, o)
			lib.Stdin = bytes.NewReader(b)
			stream, _ = lib.OpenText(ctx, corpus.Source{Kind: corpus.Stdin, Arg: "-"}, o)
			fm, _ := mapped.Freq(count.Options{IgnoreCase: true})
			fs, _ := stream.Freq(count.Options{IgnoreCase: true})
			if !slices.Equal(fm.Sorted(), fs.Sorted()) {
				t.Errorf("%s %+v: freq of the mapped text differs from the stream's", filepath.Base(f), o)
			}
			mapped.Close()
			stream.Close()
		}
	}
}

// A mapped text counted a window at a time, its pages given back after
// each, counts as the whole: every shared book, with windows small enough
// that a book takes hundreds.
func TestFreqInWindows(t *testing.T) {
	files, _ := filepath.Glob(shared + "books/*.txt")
	if len(files) == 0 {
		t.Skip("shared corpus not found")
	}
	ctx := context.Background()
	for _, f := range files {
		file, _ := corpus.ParseSource(f)
		lib := &corpus.Library{}
		whole, err := lib.OpenText(ctx, file, corpus.TextOptions{Raw: true})
		if err != nil {
			t.Fatal(err)
		}
		want, _ := whole.Freq(count.Options{IgnoreCase: true})
		whole.Close()
		parts, _ := lib.OpenText(ctx, file, corpus.TextOptions{Raw: true})
		corpus.SetWindow(parts, 10_000) // hundreds of windows a book
		got, err := parts.Freq(count.Options{IgnoreCase: true})
		parts.Close()
		if err != nil || !slices.Equal(got.Sorted(), want.Sorted()) {
			t.Errorf("%s: freq in windows differs from freq of the whole (%v)", filepath.Base(f), err)
		}
	}
}

// A text found to be Windows-1252 is decoded a window at a time: counted
// in windows of a few bytes, it counts as its UTF-8 does.
func TestFreqWindows1252InWindows(t *testing.T) {
	latin1 := strings.Repeat("plain ASCII first, then ", 30) + strings.Repeat("caf\xe9 na\xefve \x93Ca\xf1on\x94 CAF\xc9 \x97 fa\xe7ade, ", 200)
	utf := strings.Repeat("plain ASCII first, then ", 30) + strings.Repeat("café naïve “Cañon” CAFÉ — façade, ", 200)
	path := filepath.Join(t.TempDir(), "latin1.txt")
	if err := os.WriteFile(path, []byte(latin1), 0o644); err != nil {
		t.Fatal(err)
	}
	o := count.Options{IgnoreCase: true, StripPunct: true}
	want, _ := count.FreqBytes([]byte(utf), o)
	file, _ := corpus.ParseSource(path)
	for _, w := range []int{0, 7, 100, 1000} {
		tx, err := (&corpus.Library{}).OpenText(context.Background(), file, corpus.TextOptions{Raw: true})
		if err != nil {
			t.Fatal(err)
		}
		if w > 0 {
			corpus.SetWindow(tx, w)
		}
		got, err := tx.Freq(o)
		tx.Close()
		if err != nil || !slices.Equal(got.Sorted(), want.Sorted()) {
			t.Errorf("window %d: freq of the Windows-1252 file = %v (%v); want %v", w, got.Sorted(), err, want.Sorted())
		}
	}
}

// Many sources counted with one Counter (Library.Freq) count what their
// tables merged count: a Latin-1 book among UTF-8 ones is decoded without
// dropping the counts of the others.
func TestFreqOfManySources(t *testing.T) {
	files, _ := filepath.Glob(shared + "books/*.txt")
	if len(files) == 0 {
		t.Skip("shared corpus not found")
	}
	ctx := context.Background()
	lib := &corpus.Library{}
	var srcs []corpus.Source
	want := count.NewTable()
	for _, f := range files {
		src, _ := corpus.ParseSource(f)
		srcs = append(srcs, src)
		tx, err := lib.OpenText(ctx, src, corpus.TextOptions{})
		if err != nil {
			t.Fatal(err)
		}
		tab, _ := tx.Freq(count.Options{IgnoreCase: true})
		tx.Close()
		want.Merge(tab)
	}
	srcs = append(srcs, srcs...) // more sources than lanes, each twice
	twice := count.NewTable()
	twice.Merge(want)
	twice.Merge(want)
	want = twice
	// Sources counted a whole text to a lane; some counted on every core
	// (big texts) between the lanes' texts; one worker, in order.
	for _, c := range []struct {
		name    string
		workers int
		big     int
	}{{"lanes", 2, 0}, {"lanes and big texts", 3, 1 << 20}, {"one worker", 1, 0}} {
		lib := &corpus.Library{}
		if c.big > 0 {
			corpus.SetBigText(lib, c.big)
		}
		got, err := lib.Freq(ctx, srcs, corpus.FreqOptions{Count: count.Options{IgnoreCase: true, Workers: c.workers}})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Sorted(), want.Sorted()) || got.Tokens() != want.Tokens() {
			t.Errorf("%s: Freq of %d sources differs from their tables merged", c.name, len(srcs))
		}
	}
}

// Standard input named twice among files is read whole by the first, as
// one by one: the second counts nothing, whatever the lanes do meanwhile.
func TestFreqOfStdinTwice(t *testing.T) {
	files, _ := filepath.Glob(shared + "books/*.txt")
	if len(files) < 2 {
		t.Skip("shared corpus not found")
	}
	ctx := context.Background()
	in := bytes.Repeat([]byte("the whale and the sea\n"), 100_000)
	stdin := corpus.Source{Kind: corpus.Stdin, Arg: "-"}
	a, _ := corpus.ParseSource(files[0])
	b, _ := corpus.ParseSource(files[1])
	o := corpus.FreqOptions{Text: corpus.TextOptions{Raw: true}, Count: count.Options{Workers: 2}}
	want := count.NewTable()
	for _, src := range []corpus.Source{a, b} {
		tab, err := (&corpus.Library{}).Freq(ctx, []corpus.Source{src}, o)
		if err != nil {
			t.Fatal(err)
		}
		want.Merge(tab)
	}
	whole, _ := count.Freq(bytes.NewReader(in), count.Options{})
	want.Merge(whole)
	lib := &corpus.Library{Stdin: bytes.NewReader(in)}
	got, err := lib.Freq(ctx, []corpus.Source{a, stdin, b, stdin}, o)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Sorted(), want.Sorted()) || got.Tokens() != want.Tokens() {
		t.Errorf("Freq of two files and - twice: %d tokens; want %d (the files and standard input once)", got.Tokens(), want.Tokens())
	}
}

// Of many sources, the first that cannot be opened is the one Freq names,
// as counting them one by one would, whatever the lanes counted already.
func TestFreqOfManySourcesFails(t *testing.T) {
	files, _ := filepath.Glob(shared + "books/*.txt")
	if len(files) == 0 {
		t.Skip("shared corpus not found")
	}
	dir := t.TempDir()
	var srcs []corpus.Source
	for k, f := range files {
		if k == 5 || k == 8 {
			// A file removed after its source was parsed.
			missing := filepath.Join(dir, fmt.Sprintf("missing-%d.txt", k))
			srcs = append(srcs, corpus.Source{Kind: corpus.File, Arg: missing, Path: missing})
		}
		src, _ := corpus.ParseSource(f)
		srcs = append(srcs, src)
	}
	for _, workers := range []int{1, 2, 4} {
		lib := &corpus.Library{}
		_, err := lib.Freq(context.Background(), srcs, corpus.FreqOptions{Count: count.Options{Workers: workers}})
		var se *corpus.SourceError
		if !errors.As(err, &se) || se.Source.Arg != srcs[5].Arg || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%d workers: Freq = %v; want the error of %s, not found", workers, err, srcs[5].Arg)
		}
	}
}
