package corpus

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/gutcount/gutcount/fetch"
)

// DefaultMirror is where Gutenberg IDs are fetched from.
const DefaultMirror = "https://www.gutenberg.org"

// Library opens sources: standard input, local files, and books fetched
// into the Store (or into a temporary directory with NoCache).
type Library struct {
	Store   *Store
	Client  *fetch.Client
	Mirror  string    // for Gutenberg IDs; DefaultMirror when empty
	Stdin   io.Reader // for "-"
	Refresh bool      // revalidate stored books with a conditional GET
	NoCache bool      // neither read nor write the store
}

// Book is an opened source: its bytes, and what is known of it.
type Book struct {
	io.ReadCloser
	Source Source
	Entry  *Entry // nil for files and standard input
	Path   string // the file read, "" for standard input
}

// Open opens src. A stored book is served without touching the network
// unless Refresh is set; a corrupt one is fetched again.
func (l *Library) Open(ctx context.Context, src Source) (*Book, error) {
	switch src.Kind {
	case Stdin:
		return &Book{ReadCloser: io.NopCloser(l.Stdin), Source: src}, nil
	case File:
		f, err := os.Open(src.Path)
		if err != nil {
			return nil, err
		}
		return &Book{ReadCloser: f, Source: src, Path: src.Path}, nil
	}
	store, cleanup, err := l.store()
	if err != nil {
		return nil, err
	}
	e, err := l.Get(ctx, store, src)
	if err != nil {
		cleanup()
		return nil, err
	}
	f, err := store.Open(e.Key)
	if err != nil {
		cleanup()
		return nil, err
	}
	path := store.TextPath(e.Key)
	if l.NoCache {
		path = ""
	}
	return &Book{ReadCloser: closeAll{f, cleanup}, Source: src, Entry: e, Path: path}, nil
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

func (l *Library) store() (*Store, func(), error) {
	if !l.NoCache {
		return l.Store, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "gutcount-nocache-")
	if err != nil {
		return nil, nil, err
	}
	return &Store{Dir: dir}, func() { os.RemoveAll(dir) }, nil
}

// Download fetches src (an ID, with its fallback URLs, or a URL) straight
// to dst, without the store.
func (l *Library) Download(ctx context.Context, src Source, dst string) (*fetch.Result, error) {
	if src.Kind == URL {
		return l.Client.Download(ctx, src.URL, dst, fetch.DownloadOptions{})
	}
	var last error
	urls := IDURLs(l.mirror(), src.ID)
	for _, u := range urls {
		res, err := l.Client.Download(ctx, u, dst, fetch.DownloadOptions{})
		if err == nil || !fetch.IsNotFound(err) {
			return res, err
		}
		last = err
	}
	return nil, fmt.Errorf("book %d not found on %s (%d URLs tried), last: %w", src.ID, l.mirror(), len(urls), last)
}

func (l *Library) mirror() string {
	if l.Mirror == "" {
		return DefaultMirror
	}
	return l.Mirror
}

// Get returns the stored entry of a URL or ID source, fetching it when it
// is missing, corrupt, or (with Refresh) changed on the server.
func (l *Library) Get(ctx context.Context, store *Store, src Source) (*Entry, error) {
	var e *Entry
	var err error
	if src.Kind == ID {
		e, err = store.LookupID(src.ID)
	} else {
		var key string
		if key, err = Key(src.URL); err != nil {
			return nil, err
		}
		e, err = store.Lookup(key)
	}
	if err == nil && !l.Refresh {
		return e, nil
	}
	var cond *fetch.Validators
	if err == nil {
		cond = &fetch.Validators{ETag: e.ETag, LastModified: e.LastModified}
	}
	if src.Kind == URL {
		return store.Fetch(ctx, l.Client, src.URL, cond)
	}
	if e != nil && err == nil {
		return store.Fetch(ctx, l.Client, e.URL, cond)
	}
	mirror := l.mirror()
	var last error
	urls := IDURLs(mirror, src.ID)
	for _, u := range urls {
		e, err := store.Fetch(ctx, l.Client, u, nil)
		if err == nil {
			if e.ID == 0 {
				e.ID = src.ID
			}
			return e, store.SetID(src.ID, e.Key)
		}
		if !fetch.IsNotFound(err) {
			return nil, err
		}
		last = err
	}
	return nil, fmt.Errorf("book %d not found on %s (%d URLs tried), last: %w", src.ID, mirror, len(urls), last)
}
