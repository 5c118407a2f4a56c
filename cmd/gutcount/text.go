package main

import (
	"context"
	"io"
	"os"
	"unicode/utf8"

	"github.com/spf13/pflag"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
)

// TextFlags are the text options of count, freq and batch.
type TextFlags struct {
	IgnoreCase bool
	StripPunct bool
	Normalize  bool
	Raw        bool
	Encoding   string
}

func (t *TextFlags) register(f *pflag.FlagSet) {
	f.BoolVarP(&t.IgnoreCase, "ignore-case", "i", false, "lowercase tokens and words (Unicode)")
	f.BoolVarP(&t.StripPunct, "strip-punct", "p", false, "trim leading and trailing punctuation")
	f.BoolVarP(&t.Normalize, "normalize", "n", false, "both -i and -p")
	f.BoolVar(&t.Raw, "raw", false, "keep the Project Gutenberg header and footer")
	f.StringVar(&t.Encoding, "encoding", "", "encoding of the input (default: declared, else detected)")
}

func (t *TextFlags) options() count.Options {
	return count.Options{IgnoreCase: t.IgnoreCase || t.Normalize, StripPunct: t.StripPunct || t.Normalize}
}

// text is the text of an opened source: a stream, or for a raw UTF-8
// file, the file mapped into memory.
type text struct {
	r    io.Reader
	b    []byte
	m    *corpus.Mapped
	book *corpus.Book
	hdr  corpus.Header // what the Gutenberg header says

	// For a mapped text whose encoding is detected: it is UTF-8 when its
	// first non-ASCII byte starts valid UTF-8, else it is read again.
	detect bool
	reopen func() (*text, error)
}

func (t *text) Close() {
	if t.m != nil {
		t.m.Close()
	}
	t.book.Close()
}

// utf8 reports whether the mapped text is UTF-8, given the index of its
// first non-ASCII byte; when not, it must be read again through the
// decoder. The pages stay mapped, as rg keeps them: dropping each counted
// chunk (madvise) costs TLB shootdowns that make count slower.
func (t *text) utf8(firstHigh int) bool {
	if !t.detect || firstHigh >= len(t.b) {
		return true
	}
	r, size := utf8.DecodeRune(t.b[firstHigh:])
	return !(r == utf8.RuneError && size <= 1)
}

// openText opens src and returns its text, decoded and stripped as asked.
// With mapped, a raw UTF-8 file is mapped into memory rather than read:
// count gains by it. Smaller files are mapped for freq too (chunks sized
// from the file keep every core busy); larger ones are read, so that
// their pages do not add to freq's memory.
func openText(ctx context.Context, lib *corpus.Library, src corpus.Source, t *TextFlags, mapped bool) (*text, error) {
	book, o, err := openBook(ctx, lib, src, t)
	if err != nil {
		return nil, err
	}
	if t.Raw && book.Path != "" && (mapped || smallFile(book.Path)) {
		if m, err := corpus.MapFile(book.Path); err == nil {
			if b, detect, ok := corpus.TextBytes(m.Data, o); ok {
				tx := &text{b: b, m: m, book: book, detect: detect}
				tx.hdr = corpus.ParseHeader(b[:min(len(b), 64<<10)])
				tx.reopen = func() (*text, error) { return openTextStream(ctx, lib, src, t) }
				return tx, nil
			}
			m.Close()
		}
	}
	return openStream(ctx, book, o)
}

// smallFile reports whether the file at path is under 32 MiB.
func smallFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Size() < 32<<20
}

func openTextStream(ctx context.Context, lib *corpus.Library, src corpus.Source, t *TextFlags) (*text, error) {
	book, o, err := openBook(ctx, lib, src, t)
	if err != nil {
		return nil, err
	}
	return openStream(ctx, book, o)
}

// openBook opens src and says how to read its text.
func openBook(ctx context.Context, lib *corpus.Library, src corpus.Source, t *TextFlags) (*corpus.Book, corpus.TextOptions, error) {
	o := corpus.TextOptions{Encoding: t.Encoding, Raw: t.Raw}
	book, err := lib.Open(ctx, src)
	if err != nil {
		return nil, o, err
	}
	if book.Entry != nil {
		o.Declared = book.Entry.Charset
	}
	return book, o, nil
}

func openStream(ctx context.Context, book *corpus.Book, o corpus.TextOptions) (*text, error) {
	r, h, err := corpus.Text(ctxReader{ctx, book}, o)
	if err != nil {
		book.Close()
		return nil, err
	}
	return &text{r: r, book: book, hdr: h}, nil
}

// freq counts the text; a mapped text that turns out not to be UTF-8 is
// counted again through the decoder.
func (t *text) freq(o count.Options) (*count.Table, error) {
	if t.b != nil {
		tab, firstHigh := count.FreqBytes(t.b, o)
		if t.utf8(firstHigh) {
			return tab, nil
		}
		s, err := t.reopen()
		if err != nil {
			return nil, err
		}
		defer s.Close()
		t = s
	}
	return count.Freq(t.r, o)
}

// words counts words in the text; a mapped text that turns out not to be
// UTF-8 is counted again through the decoder.
func (t *text) words(words [][]byte, o count.Options) ([]int64, error) {
	if t.b != nil {
		n, firstHigh := count.WordsBytes(t.b, words, o)
		if t.utf8(firstHigh) {
			return n, nil
		}
		s, err := t.reopen()
		if err != nil {
			return nil, err
		}
		defer s.Close()
		t = s
	}
	return count.Words(t.r, words, o)
}

// ctxReader stops reading once ctx is cancelled (Ctrl-C).
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
