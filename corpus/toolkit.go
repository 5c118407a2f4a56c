package corpus

import (
	"bytes"
	"context"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gutcount/gutcount/corpus/gutenberg"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/colloc"
)

// Title is the book's title: the store's record of its header, else the
// header of the text opened; "" when neither has one.
func (t *OpenedText) Title() string {
	if e := t.Book.Entry; e != nil && e.Meta.Title != "" {
		return e.Meta.Title
	}
	return t.Header.Title
}

// Count counts the occurrences of phrases (count.ParsePhrase) in the text.
// When every phrase is one word this is Words, on every core; otherwise
// one count.Finder pass counts them all.
func (t *OpenedText) Count(phrases []count.Phrase, o count.Options) ([]int64, error) {
	words := make([][]byte, 0, len(phrases))
	for _, p := range phrases {
		if len(p) != 1 {
			words = nil
			break
		}
		words = append(words, p[0])
	}
	if words != nil {
		return t.Words(words, o)
	}
	n := make([]int64, len(phrases))
	f := &count.Finder{Phrases: phrases, Options: o}
	_, err := t.Find(f, func(m count.Match) error { n[m.Phrase]++; return nil })
	return n, err
}

// Find calls fn with each occurrence of f's phrases in the text, in text
// order (see count.Finder), in one pass over the mapped bytes of a file or
// over the stream, and returns the text's number of tokens when f.Index
// is set. A mapped text whose encoding is still to be detected is looked
// at first up to its first non-ASCII byte: if that is not UTF-8 the text
// is read again through the decoder, before any match is reported.
func (t *OpenedText) Find(f *count.Finder, fn func(count.Match) error) (_ int64, err error) {
	defer catchFault(t.Book.Path, &err)()
	g := *f
	g.Options = t.options(f.Options)
	n, err := t.find(&g, fn)
	return n, t.stopped(err)
}

func (t *OpenedText) find(f *count.Finder, fn func(count.Match) error) (int64, error) {
	if t.b != nil {
		if t.detect {
			if !t.utf8(firstNonASCII(t.b)) {
				s, err := t.reopen()
				if err != nil {
					return 0, err
				}
				defer s.Close()
				return f.Reader(s.r, fn)
			}
		}
		return f.Bytes(t.b, fn)
	}
	return f.Reader(t.r, fn)
}

// NGrams counts the n-grams of the text (count.NGrams).
func (t *OpenedText) NGrams(n int, o count.Options) (_ *count.Table, err error) {
	defer catchFault(t.Book.Path, &err)()
	tab, err := count.NGrams(ctxReader{t.ctx, t.reader()}, n, t.options(o))
	return tab, t.stopped(err)
}

// reader is the text as a stream: the mapped bytes (decoded if they turn
// out to be Windows-1252) or the stream itself.
func (t *OpenedText) reader() io.Reader {
	switch {
	case t.b != nil && t.detect:
		return &autoReader{r: bytes.NewReader(t.b)}
	case t.b != nil:
		return bytes.NewReader(t.b)
	}
	return t.r
}

// FreqOptions say what Library.Freq counts.
type FreqOptions struct {
	Text  TextOptions
	Count count.Options
	NGram int // sequences of NGram tokens; 0 or 1: tokens
	// Each, when set, is called with each source's own table, in order
	// (a plot draws them); the total is then their sum. Without it the
	// sources are counted together, as one text, with nothing per source.
	Each func(src Source, tx *OpenedText, t *count.Table) error
}

// SourceError is the failure of one source of several.
type SourceError struct {
	Source Source
	Err    error
}

func (e *SourceError) Error() string { return e.Source.Arg + ": " + e.Err.Error() }
func (e *SourceError) Unwrap() error { return e.Err }

// Freq counts every token (or n-gram) of the sources together. Without
// o.Each, one count.Counter counts them all, so that many small books
// cost what one book of their size does.
func (l *Library) Freq(ctx context.Context, srcs []Source, o FreqOptions) (*count.Table, error) {
	var c *count.Counter
	if o.Each == nil && o.NGram <= 1 {
		c = count.NewCounter(o.Count)
		if len(srcs) > 1 {
			if lanes := c.Lanes(); len(lanes) > 1 {
				if err := l.freqLanes(ctx, srcs, o.Text, c, lanes); err != nil {
					return nil, err
				}
				return c.Table(), nil
			}
		}
	}
	var total *count.Table
	for _, src := range srcs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		tx, err := l.OpenText(ctx, src, o.Text)
		if err != nil {
			return nil, &SourceError{src, err}
		}
		var t *count.Table
		switch {
		case c != nil:
			err = tx.AddTo(c)
		case o.NGram > 1:
			t, err = tx.NGrams(o.NGram, o.Count)
		default:
			t, err = tx.Freq(o.Count)
		}
		if err == nil && o.Each != nil {
			err = o.Each(src, tx, t)
		}
		tx.Close()
		if err != nil {
			return nil, &SourceError{src, err}
		}
		switch {
		case t == nil:
		case total == nil:
			total = t
		default:
			total.Merge(t)
		}
	}
	if c != nil {
		return c.Table(), nil
	}
	if total == nil {
		total = count.NewTable()
	}
	return total, nil
}

// bigText is the size from which a text among many is counted on every
// core, not by one lane alone: a lane would take longer over it than the
// others over their share of what is left.
const bigText = 16 << 20

// bigTextSize is bigText, or the size a test set.
func (l *Library) bigTextSize() int {
	if l.bigText > 0 {
		return l.bigText
	}
	return bigText
}

// freqLanes counts the sources into c, each whole by one of its lanes: the
// sources are opened in order here (notes, downloads and the first failure
// come as they do one by one) while the lanes count the texts opened
// before, a text each, so that no core waits for the end of a text or for
// the opening of the next. A big text is counted by c on every core, once
// the lanes are done with theirs, and so is a shared stream (standard
// input, a pipe), before the next source is opened, so that a stream named
// twice is read by the first as it is one by one. The error is that of the
// first source that failed, as counting them in order would give.
func (l *Library) freqLanes(ctx context.Context, srcs []Source, to TextOptions, c *count.Counter, lanes []*count.Counter) error {
	type opened struct {
		i  int
		tx *OpenedText
	}
	var (
		mu       sync.Mutex
		firstAt  = len(srcs) // the index of the first source that failed
		firstErr error
		whole    sync.RWMutex // held to count a big text with all of c
		wg       sync.WaitGroup
	)
	fail := func(i int, err error) {
		mu.Lock()
		defer mu.Unlock()
		if i < firstAt {
			firstAt, firstErr = i, err
		}
	}
	failedBefore := func(i int) bool {
		mu.Lock()
		defer mu.Unlock()
		return firstAt < i
	}
	texts := make(chan opened, len(lanes))
	for _, lane := range lanes {
		wg.Go(func() {
			for t := range texts {
				if failedBefore(t.i) {
					t.tx.Close()
					continue
				}
				var err error
				if len(t.tx.b) >= l.bigTextSize() {
					whole.Lock()
					err = t.tx.AddTo(c)
					whole.Unlock()
				} else {
					whole.RLock()
					err = t.tx.AddTo(lane)
					whole.RUnlock()
				}
				t.tx.Close()
				if err != nil {
					fail(t.i, &SourceError{srcs[t.i], err})
				}
			}
		})
	}
	for i, src := range srcs {
		if failedBefore(i) {
			break
		}
		if err := ctx.Err(); err != nil {
			fail(i, err)
			break
		}
		tx, err := l.OpenText(ctx, src, to)
		if err != nil {
			fail(i, &SourceError{src, err})
			break
		}
		if tx.shared() {
			// Counted here, on every core, before the next source is
			// opened: another source may read the same stream.
			whole.Lock()
			err = tx.AddTo(c)
			whole.Unlock()
			tx.Close()
			if err != nil {
				fail(i, &SourceError{src, err})
				break
			}
			continue
		}
		texts <- opened{i, tx}
	}
	close(texts)
	wg.Wait()
	return firstErr
}

// shared reports whether the text is read from a stream that another
// source may read too: standard input, or a file that is no plain file (a
// pipe named twice, /dev/stdin beside -).
func (t *OpenedText) shared() bool {
	if t.b != nil {
		return false
	}
	f := t.Book.file()
	if f == nil {
		return true
	}
	fi, err := f.Stat()
	return err != nil || !fi.Mode().IsRegular()
}

// Tokens calls fn with each token of the text in order, normalised by o
// (count.EachToken).
func (t *OpenedText) Tokens(o count.Options, fn func(tok []byte) error) (err error) {
	defer catchFault(t.Book.Path, &err)()
	return count.EachToken(t.reader(), o, fn)
}

// Tokens reads the sources, in order, into one colloc.Text, their tokens
// normalised by o: the text the collocation tools (collocations, similar,
// contexts) work on.
func (l *Library) Tokens(ctx context.Context, srcs []Source, to TextOptions, o count.Options) (*colloc.Text, error) {
	text := colloc.NewText()
	for _, src := range srcs {
		tx, err := l.OpenText(ctx, src, to)
		if err != nil {
			return nil, &SourceError{src, err}
		}
		err = tx.Tokens(o, func(tok []byte) error { text.Add(tok); return ctx.Err() })
		tx.Close()
		if err != nil {
			return nil, &SourceError{src, err}
		}
	}
	return text, nil
}

// ReadAll returns the whole text, decoded, in memory of its own (it
// outlives Close): for a text that is looked at again and again.
func (t *OpenedText) ReadAll() ([]byte, error) {
	return io.ReadAll(t.reader())
}

// Name names the text opened from src, as a plot's legend does: a stored
// book's title from its sidecar, a file's from its Gutenberg header (read
// as Windows-1252 when it is not UTF-8), else the file name (or the
// URL's); "standard input" for standard input. The title is on one line,
// its white space runs made single spaces; it is not made safe for a
// terminal.
func (t *OpenedText) Name(src Source) string {
	var title string
	switch {
	case t.Book.Entry != nil:
		title = t.Book.Entry.Title
	case src.Kind == File:
		title = fileTitle(src.Path)
	case src.Kind == Stdin:
		return "standard input"
	}
	if title = strings.Join(strings.Fields(strings.ReplaceAll(title, "\n", " ")), " "); title != "" {
		return title
	}
	name := filepath.Base(src.Arg)
	if src.Kind == URL || src.Kind == ID {
		name = path.Base(src.URL)
		if t.Book.Entry != nil {
			name = path.Base(t.Book.Entry.URL)
		}
	}
	return name
}

// fileTitle is the title in the Gutenberg header of the file at p, ""
// when it has none. A header that is not UTF-8 is Windows-1252.
func fileTitle(p string) string {
	f, err := os.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	title := gutenberg.ParseHeader(head[:n]).Title
	if !utf8.ValidString(title) {
		if s, err := gutenberg.Windows1252.NewDecoder().String(title); err == nil {
			title = s
		}
	}
	return title
}
