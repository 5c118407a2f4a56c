package main

import (
	"context"
	"io"

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

// openText opens src and returns its text, decoded and stripped as asked.
func openText(ctx context.Context, lib *corpus.Library, src corpus.Source, t *TextFlags) (io.Reader, *corpus.Book, error) {
	book, err := lib.Open(ctx, src)
	if err != nil {
		return nil, nil, err
	}
	o := corpus.TextOptions{Encoding: t.Encoding, Raw: t.Raw}
	if book.Entry != nil {
		o.Declared = book.Entry.Charset
	}
	r, _, err := corpus.Text(ctxReader{ctx, book}, o)
	if err != nil {
		book.Close()
		return nil, nil, err
	}
	return r, book, nil
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
