package corpus

import (
	"context"
	"errors"
	"io"
	"os"
	"unicode/utf8"

	"github.com/gutcount/gutcount/corpus/gutenberg"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/internal/fsx"
)

// OpenedText is the text of a source, opened by Library.OpenText: decoded
// to UTF-8 and, unless raw, without its Gutenberg header and footer. A
// file's text (a stored book is one) is mapped into memory and its body
// found there when it needs no decoding; it is read as a stream otherwise
// (standard input, Latin-1 books).
type OpenedText struct {
	Book   *Book
	Header Header // what the Gutenberg header says

	// ctx is OpenText's: counting the text stops when it is done (Ctrl-C),
	// as reading a stream of it does.
	ctx context.Context

	r io.Reader // the text as a stream, when not mapped
	b []byte    // the text in memory
	m *fsx.Mapped

	// detect is set for a mapped text whose encoding is still to be
	// decided by its first non-ASCII byte: if that is not valid UTF-8 the
	// text is Windows-1252, and reopen reads it through the decoder.
	detect bool
	reopen func() (*OpenedText, error)
	opts   TextOptions // as opened, for Again
	window int         // window, or less in tests (SetWindow)
}

// OpenText opens src and returns its text, decoded and stripped as o says.
// The encoding the server declared for a stored book is used unless
// o.Encoding is set. A declared encoding that names none known is passed
// over (the bytes decide) and told to l.Note.
func (l *Library) OpenText(ctx context.Context, src Source, o TextOptions) (*OpenedText, error) {
	book, o, err := l.openBook(ctx, src, o)
	if err != nil {
		return nil, err
	}
	t, unknown, err := openText(ctx, book, o)
	l.note(src, unknown)
	return t, err
}

// openText opens the text of book: mapped when it is a file whose text
// needs no decoding, a stream otherwise. The middle result is a note on
// its declared encoding (see readText).
func openText(ctx context.Context, book *Book, o TextOptions) (*OpenedText, error, error) {
	if f := book.file(); f != nil && book.Path != "" {
		// The file opened (a stored book without following links, say),
		// not whatever its path names by now.
		if m, err := o.Maps.mapFile(f); err == nil {
			b, h, detect, unknown, ok, err := mappedText(book.Path, m.Data, o)
			if err != nil {
				m.Close()
				book.Close()
				return nil, nil, err
			}
			if ok {
				t := &OpenedText{Book: book, ctx: ctx, b: b, m: m, detect: detect, opts: o}
				t.Header = h // of the file, not of the stripped text
				t.reopen = func() (*OpenedText, error) { return reopenFile(ctx, book, o, openStream) }
				return t, unknown, nil
			}
			m.Close()
		}
	}
	return openStream(ctx, book, o)
}

// A MapRegion is address space that OpenText maps files into, one after
// another, to unmap many at once (TextOptions.Maps).
type MapRegion struct{ r *fsx.MapRegion }

// NewMapRegion returns a region of size bytes of address space, reserved
// when it maps its first file. A file larger than half of it is mapped on
// its own.
func NewMapRegion(size int) *MapRegion { return &MapRegion{fsx.NewMapRegion(size)} }

// mapFile maps f into m, or on its own when m is nil.
func (m *MapRegion) mapFile(f *os.File) (*fsx.Mapped, error) {
	if m == nil {
		return fsx.MapFile(f)
	}
	return m.r.Map(f)
}

// mappedText is textBytes of a mapped file, whose pages fault if the file
// shrinks meanwhile: that is a *ShrankError.
func mappedText(path string, data []byte, o TextOptions) (b []byte, h Header, detect bool, unknown error, ok bool, err error) {
	defer catchFault(path, &err)()
	b, h, detect, unknown, ok = textBytes(data, o)
	return
}

// note tells l.Note of a note on src, if there is one.
func (l *Library) note(src Source, note error) {
	if note != nil && l.Note != nil {
		l.Note(src, note)
	}
}

// reopenFile opens the file of book once more, with open: a stored book
// fetched with NoCache is still there while book is open, and is not
// downloaded again. Its note was told when it was first opened.
func reopenFile(ctx context.Context, book *Book, o TextOptions, open func(context.Context, *Book, TextOptions) (*OpenedText, error, error)) (*OpenedText, error) {
	f, err := o.openFile(book.Path)
	if err != nil {
		return nil, err
	}
	t, _, err := open(ctx, &Book{ReadCloser: f, Source: book.Source, Entry: book.Entry, Path: book.Path}, o)
	return t, err
}

// openFile opens the file at path for reading, as o says: only if it is
// a regular file once open, with RegularOnly.
func (o TextOptions) openFile(path string) (*os.File, error) {
	if o.RegularOnly {
		return fsx.OpenRegular(path)
	}
	return os.Open(path)
}

// ErrReadOnce is Again's error for a text that can be read only once:
// standard input.
var ErrReadOnce = errors.New("the text can be read only once (standard input)")

// Again opens the text once more, from the file it was read from, so that
// it can be read again (with other count options) without being
// downloaded again; t must still be open. It fails with ErrReadOnce for
// standard input.
func (t *OpenedText) Again(ctx context.Context) (*OpenedText, error) {
	if t.Book.Path == "" {
		return nil, ErrReadOnce
	}
	return reopenFile(ctx, t.Book, t.opts, openText)
}

// openBook opens src and completes o with what the store knows of it.
func (l *Library) openBook(ctx context.Context, src Source, o TextOptions) (*Book, TextOptions, error) {
	if src.Kind == File {
		book, err := fileBook(src, o.openFile)
		return book, o, err
	}
	book, err := l.Open(ctx, src)
	if err != nil {
		return nil, o, err
	}
	if book.Entry != nil {
		o.Declared = book.Entry.Charset
	}
	return book, o, nil
}

func openStream(ctx context.Context, book *Book, o TextOptions) (*OpenedText, error, error) {
	r, h, unknown, err := readText(ctxReader{ctx, book}, o)
	if err != nil {
		book.Close()
		return nil, nil, err
	}
	return &OpenedText{Book: book, ctx: ctx, Header: h, r: r, opts: o}, unknown, nil
}

// Close releases the text.
func (t *OpenedText) Close() error {
	if t.m != nil {
		t.m.Close()
	}
	return t.Book.Close()
}

// utf8 reports whether the mapped text is UTF-8, given the index of its
// first byte >= 0x80 (len(t.b) when none); when not, it is Windows-1252
// and must be read again through the decoder.
func (t *OpenedText) utf8(firstHigh int) bool {
	return !t.detect || firstHigh >= len(t.b) || validAt(t.b[firstHigh:])
}

// window is how much of a mapped text AddTo counts at a time before it
// gives the window's pages back: a large file's pages then never add up
// in the process's memory, as those of a stream do not.
const window = 32 << 20

// AddTo counts every token of the text into c, so that many texts can be
// counted with one count.Counter (whose workers and buffers then serve
// them all, with no per-text merge). A mapped text is counted in place, a
// window at a time, its pages given back after each; one whose encoding is
// to be detected is first looked at up to its first non-ASCII byte (a
// vector scan), and decoded a window at a time when that is not UTF-8.
func (t *OpenedText) AddTo(c *count.Counter) (err error) {
	defer catchFault(t.Book.Path, &err)()
	if t.b == nil {
		return t.stopped(c.Add(t.r))
	}
	// The encoding is decided before anything is counted (c may hold the
	// counts of other texts, which a recount must not drop), window by
	// window so that a large file's pages are not all touched at once.
	decided, decode := !t.detect, false
	var dec *fsx.Block // holds the window decoded, once the text is found to be Windows-1252
	defer func() {
		if dec != nil {
			dec.Free()
		}
	}()
	for b := t.b; len(b) > 0; {
		if err := t.ctx.Err(); err != nil {
			return err
		}
		n, w := len(b), t.windowSize()
		if n > w {
			n = w + cutAfterSpace(b[w:])
		}
		if !decided {
			if k := firstNonASCII(b[:n]); k < n {
				decided = true
				// Windows-1252 from here on, when not UTF-8; what came
				// before is ASCII, the same in both, and is counted
				// already. Each window is decoded into memory at once,
				// and counted as the windows of UTF-8 are (its ASCII
				// white space, where windows end, is the same).
				decode = !validAt(b[k:])
			}
		}
		text := b[:n]
		if decode {
			// A byte decodes to three at most: the block is never
			// outgrown, and is kept from one text to the next (see
			// fsx.Block).
			if dec == nil || cap(dec.B) < 3*n {
				if dec != nil {
					dec.Free()
				}
				dec = fsx.Alloc(3 * n)
			}
			text = gutenberg.AppendWindows1252(dec.B[:0], text)
		}
		c.AddBytes(text) // c keeps no reference to text
		if n < len(t.b) {
			t.m.Release(b[:n])
		}
		b = b[n:]
	}
	return nil
}

// validAt reports whether a valid UTF-8 sequence starts b.
func validAt(b []byte) bool {
	r, size := utf8.DecodeRune(b)
	return !(r == utf8.RuneError && size <= 1)
}

// windowSize is window, or the size a test set.
func (t *OpenedText) windowSize() int {
	if t.window > 0 {
		return t.window
	}
	return window
}

// cutAfterSpace returns the length of b up to and including its first
// ASCII white space (all of b if none): windows end between tokens.
func cutAfterSpace(b []byte) int {
	for i, c := range b {
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
			return i + 1
		}
	}
	return len(b)
}

// Freq counts every token of the text.
func (t *OpenedText) Freq(o count.Options) (*count.Table, error) {
	c := count.NewCounter(o)
	if err := t.AddTo(c); err != nil {
		return nil, err
	}
	return c.Table(), nil
}

// Words counts words (normalised as o says) in the text; a mapped text
// that turns out not to be UTF-8 is counted again through the decoder.
func (t *OpenedText) Words(words [][]byte, o count.Options) (_ []int64, err error) {
	defer catchFault(t.Book.Path, &err)()
	o = t.options(o)
	if t.b != nil {
		n, firstHigh := count.WordsBytes(t.b, words, o)
		if err := t.ctx.Err(); err != nil {
			return nil, err
		}
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
	n, err := count.Words(t.r, words, o)
	return n, t.stopped(err)
}

// options are o, stopped when the text's context is done.
func (t *OpenedText) options(o count.Options) count.Options {
	if o.Done == nil {
		o.Done = t.ctx.Done()
	}
	return o
}

// stopped is err, or the context's error when that is why the counting
// stopped (count.ErrStopped, or a read of the stream).
func (t *OpenedText) stopped(err error) error {
	if err != nil && t.ctx.Err() != nil {
		return t.ctx.Err()
	}
	return err
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
