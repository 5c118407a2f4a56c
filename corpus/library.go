package corpus

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"

	"github.com/gutcount/gutcount/corpus/store"
	"github.com/gutcount/gutcount/fetch"
	"github.com/gutcount/gutcount/internal/fsx"
)

// DefaultMirror is where Gutenberg IDs are fetched from.
const DefaultMirror = "https://www.gutenberg.org"

// Header is the metadata of a Project Gutenberg header (see gutenberg.ParseHeader):
// what a book's sidecar in the store records of it.
type Header = store.Meta

// Library opens sources: standard input, local files, and books fetched
// into the Store (or into a temporary directory with NoCache).
type Library struct {
	Store   *store.Store
	Client  store.Downloader // a *fetch.Client
	Mirror  string           // for Gutenberg IDs; DefaultMirror when empty
	Stdin   io.Reader        // for "-"
	Refresh bool             // revalidate stored books with a conditional GET
	NoCache bool             // neither read nor write the store
	// Note, when set, is told what is worth a line to the user but does
	// not stop the reading: a *gutenberg.UnknownEncodingError when a
	// book declares an encoding that names none known.
	Note func(Source, error)

	bigText int // bigText, or less in tests (SetBigText)
}

// NewStore returns the store in dir, which describes the books it
// downloads from their Gutenberg header.
func NewStore(dir string) *store.Store {
	return &store.Store{Dir: dir, Describe: Describe}
}

// Book is an opened source: its bytes, and what is known of it.
type Book struct {
	io.ReadCloser
	Source Source
	Entry  *store.Entry // nil for files and standard input
	Path   string       // the file read, "" for standard input
}

// Open opens src. A stored book is served without touching the network
// unless Refresh is set; a corrupt one is fetched again.
func (l *Library) Open(ctx context.Context, src Source) (*Book, error) {
	switch src.Kind {
	case Stdin:
		return &Book{ReadCloser: io.NopCloser(l.Stdin), Source: src}, nil
	case File:
		return fileBook(src, os.Open)
	}
	st, cleanup, err := l.store()
	if err != nil {
		return nil, err
	}
	if book := l.openStoredID(ctx, st, src, cleanup); book != nil {
		return book, nil
	}
	e, err := l.Get(ctx, st, src)
	if err != nil {
		cleanup()
		return nil, err
	}
	f, e, err := st.Open(ctx, e.Key)
	var ce *store.CorruptError
	if errors.As(err, &ce) {
		// Replaced or damaged since Get looked: fetch it once more.
		if e, err = l.Get(ctx, st, src); err == nil {
			f, e, err = st.Open(ctx, e.Key)
		}
	}
	if err != nil {
		cleanup()
		return nil, err
	}
	return &Book{ReadCloser: closeAll{f, cleanup}, Source: src, Entry: e, Path: f.Name()}, nil
}

// fileBook opens the file source src with open.
func fileBook(src Source, open func(string) (*os.File, error)) (*Book, error) {
	f, err := open(src.Path)
	if err != nil {
		return nil, err
	}
	return &Book{ReadCloser: f, Source: src, Path: src.Path}, nil
}

// openStoredID opens a stored book by its ID as Open does, when the store
// serves it as it is (no Refresh), with one look at its sidecar where
// Get and the store's Open would take two; nil when it cannot (not
// stored, damaged, anything else), for Open to go the long way, which
// tells why or fetches the book.
func (l *Library) openStoredID(ctx context.Context, st *store.Store, src Source, cleanup func()) *Book {
	if src.Kind != ID || l.Refresh {
		return nil
	}
	key, err := st.IDKey(src.ID)
	if err != nil {
		return nil
	}
	f, e, err := st.Open(ctx, key)
	if err != nil {
		return nil
	}
	return &Book{ReadCloser: closeAll{f, cleanup}, Source: src, Entry: e, Path: f.Name()}
}

// ReadAhead readies src to be opened soon (a batch's next books), so that
// Open then waits less for the disk: a stored book's files are read
// ahead as store.Store.ReadAhead does, and a local file's text is asked
// to be read into the page cache. It never fetches, locks or writes
// anything, and is only a hint: a source that is not stored, or that is
// anything but a plain file, is left alone. It returns the size of the
// text, or 0 when it does not know it.
func (l *Library) ReadAhead(src Source) (size int64) {
	switch {
	case src.Kind == File:
		// Only a regular file: opening a FIFO would wake its writer.
		fi, err := os.Lstat(src.Path)
		if err != nil || !fi.Mode().IsRegular() {
			return 0
		}
		f, err := fsx.OpenNoFollow(src.Path, os.O_RDONLY|fsx.ONonblock, 0)
		if err != nil {
			return 0
		}
		defer f.Close()
		fsx.WillNeed(f, fi.Size())
		return fi.Size()
	case l.NoCache || l.Store == nil:
	case src.Kind == ID:
		if key, err := l.Store.IDKey(src.ID); err == nil {
			return l.Store.ReadAhead(key)
		}
	case src.Kind == URL:
		if key, err := store.Key(src.URL); err == nil {
			return l.Store.ReadAhead(key)
		}
	}
	return 0
}

// file is the open file of book, nil for standard input.
func (b *Book) file() *os.File {
	switch r := b.ReadCloser.(type) {
	case *os.File:
		return r
	case closeAll:
		return r.File
	}
	return nil
}

type closeAll struct {
	*os.File
	after func()
}

func (c closeAll) Close() error {
	err := c.File.Close()
	c.after()
	return err
}

func (l *Library) store() (*store.Store, func(), error) {
	if !l.NoCache {
		return l.Store, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "gutcount-nocache-")
	if err != nil {
		return nil, nil, err
	}
	return NewStore(dir), func() { os.RemoveAll(dir) }, nil
}

// Download fetches src (an ID, with its fallback URLs, or a URL) straight
// to dst, without the store. Like the store, it takes only books.
func (l *Library) Download(ctx context.Context, src Source, dst string) (*fetch.Result, error) {
	o := fetch.DownloadOptions{Check: store.CheckBook, Label: Label(src)}
	if src.Kind == URL {
		return l.Client.Download(ctx, src.URL, dst, o)
	}
	return tryIDURLs(l.mirror(), src.ID, func(u string) (*fetch.Result, error) {
		return l.Client.Download(ctx, u, dst, o)
	})
}

// tryIDURLs calls get with each URL of book id on mirror until one is
// found.
func tryIDURLs[T any](mirror string, id int, get func(url string) (T, error)) (T, error) {
	var last error
	urls := IDURLs(mirror, id)
	for _, u := range urls {
		v, err := get(u)
		if err == nil || !fetch.IsNotFound(err) {
			return v, err
		}
		last = err
	}
	var zero T
	return zero, &NotFoundError{ID: id, Mirror: mirror, Tried: len(urls), Last: last}
}

// NotFoundError is a Gutenberg ID that the mirror does not have.
type NotFoundError struct {
	ID     int
	Mirror string
	Tried  int
	Last   error
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("book %d is not on %s (%d URLs tried)", e.ID, fetch.Redact(e.Mirror), e.Tried)
}

func (e *NotFoundError) Unwrap() error { return e.Last }

// MirrorURL is the mirror Gutenberg IDs are fetched from, without the
// credentials it may carry.
func (l *Library) MirrorURL() string { return fetch.Redact(l.mirror()) }

// Catalog returns the path of the Gutenberg catalog kept in the store,
// fetched from the mirror the first time (or again with refresh).
func (l *Library) Catalog(ctx context.Context, refresh bool) (string, error) {
	return l.Store.Catalog(ctx, l.Client, strings.TrimRight(l.mirror(), "/")+CatalogPath, refresh)
}

func (l *Library) mirror() string {
	if l.Mirror == "" {
		return DefaultMirror
	}
	return l.Mirror
}

// Label names a source for progress bars: "book 2701", or a URL's file
// name.
func Label(src Source) string {
	switch src.Kind {
	case ID:
		return "book " + strconv.Itoa(src.ID)
	case URL:
		return path.Base(src.URL)
	}
	return src.Arg
}

// Get returns the stored entry of a URL or ID source, fetching it when it
// is missing, corrupt, or (with Refresh) changed on the server.
func (l *Library) Get(ctx context.Context, st *store.Store, src Source) (*store.Entry, error) {
	e, err := lookup(st, src)
	var ke *keyError
	if errors.As(err, &ke) {
		return nil, ke.err
	}
	if err == nil && !l.Refresh {
		return e, nil
	}
	o := store.FetchOptions{Revalidate: l.Refresh, Label: Label(src)}
	if src.Kind == URL {
		return st.Fetch(ctx, l.Client, src.URL, o)
	}
	o.ID = src.ID
	if e != nil && e.URL != "" {
		// Known by its ID (refresh, or a damaged text): its own URL.
		return st.Fetch(ctx, l.Client, withCredentials(e.URL, l.mirror()), o)
	}
	return tryIDURLs(l.mirror(), src.ID, func(u string) (*store.Entry, error) {
		return st.Fetch(ctx, l.Client, u, o)
	})
}

// keyError is the error of a URL that has no store key.
type keyError struct{ err error }

func (e *keyError) Error() string { return e.err.Error() }

// lookup finds the stored book of src, an ID or a URL, in st, without a
// download.
func lookup(st *store.Store, src Source) (*store.Entry, error) {
	if src.Kind == ID {
		return st.LookupID(src.ID)
	}
	key, err := store.Key(src.URL)
	if err != nil {
		return nil, &keyError{err}
	}
	return st.Lookup(key)
}

// Stored finds a stored book by a Gutenberg ID, a URL or a store key, as
// Library.Get finds it but without a download: the errors are
// store.ErrNotStored for a book not there, a *store.CorruptError (with
// the entry) for one damaged, and a *BadSourceError (NotAStoredBook) for
// an argument that is none of the three.
func Stored(st *store.Store, arg string) (*store.Entry, error) {
	src, err := ParseSource(arg)
	switch {
	case err == nil && (src.Kind == ID || src.Kind == URL):
		e, err := lookup(st, src)
		var ke *keyError
		if errors.As(err, &ke) {
			return nil, ke.err
		}
		return e, err
	case store.ValidKey(arg):
		return st.Lookup(arg)
	}
	return nil, &BadSourceError{Arg: arg, Reason: NotAStoredBook}
}

// withCredentials gives a stored URL (stored without credentials) back
// the user:password@ of mirror when it is on that mirror.
func withCredentials(stored, mirror string) string {
	bare := fetch.Redact(mirror)
	if bare == mirror {
		return stored
	}
	rest, ok := strings.CutPrefix(stored, strings.TrimRight(bare, "/"))
	if !ok || rest != "" && rest[0] != '/' {
		return stored
	}
	return strings.TrimRight(mirror, "/") + rest
}
