package corpus

import (
	"bytes"
	"context"
	"io"
	"sync"

	"github.com/gutcount/gutcount/count"
)

// OpenedText is the text of a source, opened by Library.OpenText: decoded
// to UTF-8 and, unless raw, without its Gutenberg header and footer. A
// file's text (a stored book is one) is mapped into memory and its body
// found there when it needs no decoding; it is read as a stream otherwise
// (standard input, Latin-1 books).
type OpenedText struct {
	Book   *Book
	Header Header // what the Gutenberg header says

	r io.Reader // the text as a stream, when not mapped
	b []byte    // the text in memory
	m *Mapped

	// For a mapped text whose encoding is detected: the earliest
	// non-ASCII byte seen and whether it starts valid UTF-8; if not, the
	// text is Windows-1252 and is read again through the decoder.
	detect    bool
	mu        sync.Mutex
	firstHigh int
	valid     bool
	reopen    func() (*OpenedText, error)
}

// OpenText opens src and returns its text, decoded and stripped as o says.
// The encoding the server declared for a stored book is used unless
// o.Encoding is set.
func (l *Library) OpenText(ctx context.Context, src Source, o TextOptions) (*OpenedText, error) {
	book, o, err := l.openBook(ctx, src, o)
	if err != nil {
		return nil, err
	}
	if book.Path != "" {
		if m, err := MapFile(book.Path); err == nil {
			if b, detect, ok := TextBytes(m.Data, o); ok {
				t := &OpenedText{Book: book, b: b, m: m, detect: detect, firstHigh: len(b), valid: true}
				t.Header = ParseHeader(m.Data[:min(len(m.Data), headSize)]) // b has no header unless raw
				t.reopen = func() (*OpenedText, error) { return l.openStream(ctx, src, o) }
				return t, nil
			}
			m.Close()
		}
	}
	return openStream(ctx, book, o)
}

func (l *Library) openStream(ctx context.Context, src Source, o TextOptions) (*OpenedText, error) {
	book, o, err := l.openBook(ctx, src, o)
	if err != nil {
		return nil, err
	}
	return openStream(ctx, book, o)
}

// openBook opens src and completes o with what the store knows of it.
func (l *Library) openBook(ctx context.Context, src Source, o TextOptions) (*Book, TextOptions, error) {
	book, err := l.Open(ctx, src)
	if err != nil {
		return nil, o, err
	}
	if book.Entry != nil {
		o.Declared = book.Entry.Charset
	}
	return book, o, nil
}

func openStream(ctx context.Context, book *Book, o TextOptions) (*OpenedText, error) {
	r, h, err := Text(ctxReader{ctx, book}, o)
	if err != nil {
		book.Close()
		return nil, err
	}
	return &OpenedText{Book: book, Header: h, r: r}, nil
}

// Close releases the text.
func (t *OpenedText) Close() error {
	if t.m != nil {
		t.m.Close()
	}
	return t.Book.Close()
}

// release is called with each part of a mapped text once it is counted:
// it notes the part's first non-ASCII byte.
func (t *OpenedText) release(b []byte) {
	if !t.detect {
		return
	}
	if k, valid := FirstNonASCII(b); k < len(b) {
		off := cap(t.b) - cap(b) + k
		t.mu.Lock()
		if off < t.firstHigh {
			t.firstHigh, t.valid = off, valid
		}
		t.mu.Unlock()
	}
}

// utf8 reports whether the mapped text turned out to be UTF-8; when not,
// it must be read again through the decoder.
func (t *OpenedText) utf8() bool { return !t.detect || t.valid }

// Freq counts every token of the text.
func (t *OpenedText) Freq(o count.Options) (*count.Table, error) {
	r := t.r
	switch {
	case t.b != nil && t.detect:
		r = &autoReader{r: bytes.NewReader(t.b)}
	case t.b != nil:
		r = bytes.NewReader(t.b)
	}
	return count.Freq(r, o)
}

// Words counts words (normalised as o says) in the text; a mapped text
// that turns out not to be UTF-8 is counted again through the decoder.
func (t *OpenedText) Words(words [][]byte, o count.Options) ([]int64, error) {
	if t.b != nil {
		n := count.WordsBytes(t.b, words, o, t.release)
		if t.utf8() {
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

// ctxReader stops reading once ctx is done (Ctrl-C).
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
