// Package store is gutcount's local corpus of downloaded books, and the
// only code that knows its layout on disk. Any number of processes, on one
// machine or on many sharing a volume, may use one store at once.
//
// Under Dir:
//
//	books/KEY.txt              a book, as the server sent it
//	books/KEY.json             its sidecar (Entry)
//	books/KEY.lock             the lock of KEY: one writer at a time
//	books/KEY.txt.part(.json)  a download in progress or interrupted (package fetch)
//	books/.NAME.tmp*           a write in progress or interrupted (package fsx)
//	ids/N                      the key of Gutenberg book N
//	catalog/pg_catalog.csv     Project Gutenberg's catalog, when fetched
//
// KEY is 32 lowercase hex digits (the MD5 of host and request URI); every
// path is made from a key, never from what a file says. Files are written
// through a fresh temporary file and a rename, or opened without following
// symbolic links, so a link planted in the store is never followed: it is
// reported by Verify and removed by GC.
//
// One writer per book: Fetch holds the key's exclusive lock from before it
// looks for the book until its sidecar is written, so a second process that
// wants the same book waits, then finds it stored. Open reads under a
// shared lock, so it never sees a book and a sidecar from two downloads.
//
// Layering: the store is a leaf below corpus: it imports corpus/lock,
// fetch and internal/fsx, and must never import corpus.
package store

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gutcount/gutcount/corpus/lock"
	"github.com/gutcount/gutcount/fetch"
	"github.com/gutcount/gutcount/internal/fsx"
)

// Store is a corpus directory.
type Store struct {
	Dir string
	// Describe, when set, fills in the metadata of a book just downloaded
	// from its text file (the corpus package reads its Gutenberg header).
	Describe func(text *os.File, e *Entry) error
	// Wait, when set, is told once when Fetch, Open or Remove has waited
	// WaitNotice for another process using the same book (what: its URL
	// or key).
	Wait       func(what string, holder lock.Owner)
	WaitNotice time.Duration // 0: lock.DefaultNotice
}

// Meta is what a book's Project Gutenberg header says. Fields the header
// lacks are empty.
type Meta struct {
	ID       int    `json:"gutenberg_id,omitempty"`
	Title    string `json:"title,omitempty"`
	Author   string `json:"author,omitempty"`
	Language string `json:"language,omitempty"`
	Released string `json:"release_date,omitempty"`
	// Encoding is the declared encoding in a parsed header; in a sidecar,
	// the encoding the text is read with.
	Encoding string `json:"encoding,omitempty"`
}

// Entry is the sidecar of a stored book.
type Entry struct {
	Key          string    `json:"key"`
	URL          string    `json:"url"`
	FinalURL     string    `json:"final_url,omitempty"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256"`
	Fetched      time.Time `json:"fetched"`
	Charset      string    `json:"charset,omitempty"` // from the HTTP Content-Type
	// Stamp is the text file's inode and modification time when it was
	// stored: a text whose stamp differs is hashed again before it is
	// served, so a book edited in place is caught, not counted.
	Stamp string `json:"stamp,omitempty"`
	Meta
}

// Downloader fetches a URL into a file; *fetch.Client is one.
type Downloader interface {
	Download(ctx context.Context, rawURL, dst string, o fetch.DownloadOptions) (*fetch.Result, error)
}

// DefaultDir returns the store directory: $GUTCOUNT_CACHE_DIR, else
// os.UserCacheDir()/gutcount.
func DefaultDir() (string, error) {
	if d := os.Getenv("GUTCOUNT_CACHE_DIR"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory (set GUTCOUNT_CACHE_DIR): %w", err)
	}
	// A cache directory under a home that does not exist (HOME unset or
	// wrong, a service account) is not made: that would make the home.
	if home, err := os.UserHomeDir(); err == nil && strings.HasPrefix(d, home+string(filepath.Separator)) {
		if _, err := os.Stat(home); err != nil {
			return "", fmt.Errorf("no cache directory: the home directory %s: %w (set GUTCOUNT_CACHE_DIR)", home, errors.Unwrap(err))
		}
	}
	return filepath.Join(d, "gutcount"), nil
}

// Key returns the store key of a URL: the hex MD5 of host and request URI,
// as nginx's memcached module computes it, so http and https share it
// (and a user:password@ in the URL changes nothing).
func Key(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	sum := md5.Sum([]byte(u.Host + u.RequestURI()))
	return hex.EncodeToString(sum[:]), nil
}

// ValidKey reports whether k is a key: 32 lowercase hex digits.
func ValidKey(k string) bool {
	if len(k) != 32 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// ErrNotStored is returned for a book that is not in the store.
var ErrNotStored = errors.New("not in the corpus")

// ErrBadKey is returned for a key that is not 32 lowercase hex digits.
var ErrBadKey = errors.New("not a corpus key (32 lowercase hex digits)")

// CorruptError is a stored entry that cannot be served as it is.
type CorruptError struct {
	Key, Reason string
}

func (e *CorruptError) Error() string { return "corpus: entry " + e.Key + ": " + e.Reason }

// ErrNotABook is what a NotBookError is.
var ErrNotABook = errors.New("not a book")

// NotBookError is a download refused because it is not a book: a web
// page (a mirror's "access blocked" page, say) or an empty body.
type NotBookError struct{ Reason string }

func (e *NotBookError) Error() string        { return e.Reason }
func (e *NotBookError) Is(target error) bool { return target == ErrNotABook }

const (
	booksDir   = "books"
	idsDir     = "ids"
	catalogDir = "catalog"
	textExt    = ".txt"
	sideExt    = ".json"
	lockExt    = ".lock"
)

// TextPath returns the path of key's text, "" for an invalid key.
func (s *Store) TextPath(key string) string { return s.path(key, textExt) }

// SidecarPath returns the path of key's sidecar, "" for an invalid key.
func (s *Store) SidecarPath(key string) string { return s.path(key, sideExt) }

func (s *Store) path(key, ext string) string {
	if !ValidKey(key) {
		return ""
	}
	return filepath.Join(s.Dir, booksDir, key+ext)
}

func (s *Store) idPath(id int) string { return filepath.Join(s.Dir, idsDir, strconv.Itoa(id)) }

// CatalogPath is where the catalog of Project Gutenberg is kept.
func (s *Store) CatalogPath() string { return filepath.Join(s.Dir, catalogDir, "pg_catalog.csv") }

// dir makes Dir/name if needed and checks that it is a directory and not
// a symbolic link (through which every file would go elsewhere).
func (s *Store) dir(name string) (string, error) {
	d := filepath.Join(s.Dir, name)
	if err := os.MkdirAll(d, 0o755); err != nil {
		return "", err
	}
	fi, err := os.Lstat(d)
	if err != nil {
		return "", err
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("%s is not a directory (a symbolic link?): the corpus writes only inside %s", d, s.Dir)
	}
	return d, nil
}

func (s *Store) wait(what string) lock.Wait {
	w := lock.Wait{Notice: s.WaitNotice}
	if s.Wait != nil {
		w.Notify = func(o lock.Owner) { s.Wait(what, o) }
	}
	return w
}

// readNoFollow reads a small plain file of the store (fsx.OpenPlain).
func readNoFollow(name string, limit int64) ([]byte, error) {
	f, err := fsx.OpenPlain(name, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}

// Lookup returns the entry of key after a cheap check that its text is
// whole (its size); Verify checks its SHA-256. A corrupt entry is returned
// with a *CorruptError when its sidecar could be read.
func (s *Store) Lookup(key string) (*Entry, error) {
	e, fi, err := s.entry(key)
	if err == nil && e.Stamp != "" && fsx.Stamp(fi) != e.Stamp {
		// Touched since it was stored: serve it only if it is the same.
		err = s.checkSum(e)
	}
	return e, err
}

// entry is Lookup but for the stamp: key's sidecar, checked against the
// text file's type and size, and that file's information.
func (s *Store) entry(key string) (*Entry, os.FileInfo, error) {
	if !ValidKey(key) {
		return nil, nil, fmt.Errorf("%q: %w", key, ErrBadKey)
	}
	b, err := readNoFollow(s.SidecarPath(key), 1<<20)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, ErrNotStored
	}
	if err != nil {
		return nil, nil, &CorruptError{key, "sidecar: " + err.Error()}
	}
	var e Entry
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, nil, &CorruptError{key, "unreadable sidecar: " + err.Error()}
	}
	e.Key = key // the name says which book it is, not the content
	fi, err := os.Lstat(s.TextPath(key))
	switch {
	case err != nil:
		return &e, nil, &CorruptError{key, "text file missing"}
	case fsx.NotPlain(fi) != "":
		return &e, fi, &CorruptError{key, "the text is " + fsx.NotPlain(fi) + " (planted? not followed)"}
	case fi.Size() != e.Size:
		return &e, fi, &CorruptError{key, fmt.Sprintf("text file has %d bytes, sidecar says %d", fi.Size(), e.Size)}
	}
	return &e, fi, nil
}

// checkSum compares the SHA-256 of e's text with the sidecar's.
func (s *Store) checkSum(e *Entry) error {
	f, err := fsx.OpenPlain(s.TextPath(e.Key), os.O_RDONLY, 0)
	if err != nil {
		return &CorruptError{e.Key, "text: " + err.Error()}
	}
	defer f.Close()
	err = sameSum(f, e)
	var ce *CorruptError
	if errors.As(err, &ce) {
		ce.Reason += " (the text was changed after it was stored)"
	}
	return err
}

// sameSum compares the SHA-256 of r with e's.
func sameSum(r io.Reader, e *Entry) error {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != e.SHA256 {
		return &CorruptError{e.Key, "SHA-256 " + got[:12] + "… does not match the sidecar's " + short(e.SHA256)}
	}
	return nil
}

// LookupID returns the entry of Gutenberg book id.
func (s *Store) LookupID(id int) (*Entry, error) {
	key, err := s.IDKey(id)
	if err != nil {
		return nil, err
	}
	return s.Lookup(key)
}

// IDKey returns the key of Gutenberg book id, as ids/ID names it, without
// looking at the book: Open checks it (its sidecar read once a book, not
// twice, when a run opens many).
func (s *Store) IDKey(id int) (string, error) {
	b, err := readNoFollow(s.idPath(id), 256)
	if errors.Is(err, fs.ErrNotExist) {
		return "", ErrNotStored
	}
	if err != nil {
		return "", &CorruptError{"ids/" + strconv.Itoa(id), err.Error()}
	}
	key := strings.TrimSpace(string(b))
	if !ValidKey(key) {
		return "", &CorruptError{"ids/" + strconv.Itoa(id), "does not hold a key"}
	}
	return key, nil
}

// Open opens key's text for reading, with its entry: the file and the
// entry belong to one download, even while another process replaces the
// book (an opened file keeps its bytes when a new one is renamed over it).
func (s *Store) Open(ctx context.Context, key string) (*os.File, *Entry, error) {
	if !ValidKey(key) {
		return nil, nil, fmt.Errorf("%q: %w", key, ErrBadKey)
	}
	if _, err := s.dir(booksDir); err != nil {
		return nil, nil, err
	}
	l, err := lock.Shared(ctx, s.path(key, lockExt), s.wait(key))
	if err != nil {
		return nil, nil, err
	}
	defer l.Unlock()
	e, err := s.Lookup(key)
	if err != nil {
		return nil, e, err
	}
	f, err := fsx.OpenPlain(s.TextPath(key), os.O_RDONLY, 0)
	if err != nil {
		return nil, e, &CorruptError{key, "text: " + err.Error()}
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() || fi.Size() != e.Size {
		f.Close()
		return nil, e, &CorruptError{key, "the text changed while it was opened"}
	}
	return f, e, nil
}

// ReadAhead readies key's book to be opened soon, so that Open then waits
// less for the disk: it reads the sidecar into the page cache, looks at
// the lock file, and asks the system to read the text in the background
// (fsx.WillNeed). It only reads: it takes no lock (a writer never waits
// for it), makes no file and fetches nothing. It is a hint: a book not
// stored, or anything that fails, is left as it is. It returns the size of
// the stored text, or 0 when there is none.
func (s *Store) ReadAhead(key string) (size int64) {
	if !ValidKey(key) {
		return 0
	}
	readNoFollow(s.SidecarPath(key), 1<<20)
	os.Lstat(s.path(key, lockExt))
	f, err := fsx.OpenPlain(s.TextPath(key), os.O_RDONLY, 0)
	if err != nil {
		return 0
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0
	}
	fsx.WillNeed(f, fi.Size())
	return fi.Size()
}

// FetchOptions say how Fetch treats a book already stored.
type FetchOptions struct {
	// Revalidate asks the server whether a stored copy changed
	// (If-None-Match / If-Modified-Since); a 304 keeps it.
	Revalidate bool
	// Force downloads again even when the stored copy looks whole (a
	// checksum that failed, say).
	Force bool
	// Label names the download for progress bars.
	Label string
	// ID, when not 0, is the Gutenberg ID the URL was asked for: ids/ID is
	// made to point at the book, under the same lock.
	ID int
}

// Fetch returns the entry of rawURL, downloading it into the store unless
// it is stored and whole (or, with Revalidate, unchanged on the server).
// It holds the key's lock throughout, so a second process fetching the
// same URL waits for the first and then returns what the first stored.
func (s *Store) Fetch(ctx context.Context, d Downloader, rawURL string, o FetchOptions) (*Entry, error) {
	key, err := Key(rawURL)
	if err != nil {
		return nil, err
	}
	if _, err := s.dir(booksDir); err != nil {
		return nil, err
	}
	l, err := lock.Exclusive(ctx, s.path(key, lockExt), s.wait(fetch.Redact(rawURL)))
	if err != nil {
		return nil, err
	}
	defer l.Unlock()
	old, err := s.Lookup(key)
	if err == nil && !o.Revalidate && !o.Force {
		// Stored, perhaps by the process we waited for.
		return old, s.setID(o.ID, old)
	}
	// Under the lock nobody else writes key's files: whatever is not a
	// regular file where the download writes was planted, and goes.
	removeIfNotPlain(s.TextPath(key) + fetch.PartSuffix)
	removeIfNotPlain(s.TextPath(key) + fetch.PartSuffix + sideExt)
	if err == nil && o.Revalidate && old.Stamp == "" {
		// Not hashed since it was stored (a sidecar from before stamps):
		// a 304 must not vouch for a text nobody checked.
		err = s.checkSum(old)
	}
	var cond *fetch.Validators
	if err == nil && o.Revalidate {
		cond = &fetch.Validators{ETag: old.ETag, LastModified: old.LastModified}
	}
	res, err := d.Download(ctx, rawURL, s.TextPath(key), fetch.DownloadOptions{
		Cond:  cond,
		Label: o.Label,
		Check: func(contentType string, head []byte) error {
			if err := CheckBook(contentType, head); err != nil {
				return err
			}
			// The old sidecar goes before the new text is renamed in, so
			// that a crash in between leaves a text without a sidecar
			// (never served), not a new text with an old sidecar.
			if err := os.Remove(s.SidecarPath(key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			return nil
		},
	})
	if err != nil {
		return nil, err
	}
	if res.NotModified {
		old.Fetched = time.Now().UTC()
		withID(old, o.ID)
		if fi, err := os.Lstat(s.TextPath(key)); err == nil {
			old.Stamp = fsx.Stamp(fi) // found sound: by its stamp, or hashed above
		}
		if err := s.writeSidecar(old); err != nil {
			return nil, err
		}
		return old, s.setID(o.ID, old)
	}
	e := &Entry{
		Key: key, URL: fetch.Redact(rawURL), FinalURL: res.FinalURL, ETag: res.ETag, LastModified: res.LastModified,
		Size: res.Size, SHA256: res.SHA256, Fetched: time.Now().UTC(), Charset: charset(res.ContentType),
	}
	fi, err := os.Lstat(s.TextPath(key))
	if err != nil {
		return nil, err
	}
	e.Stamp = fsx.Stamp(fi)
	if s.Describe != nil {
		f, err := fsx.OpenPlain(s.TextPath(key), os.O_RDONLY, 0)
		if err != nil {
			return nil, err
		}
		err = s.Describe(f, e)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	withID(e, o.ID) // the ID asked for, when the header gave none
	if err := s.writeSidecar(e); err != nil {
		return nil, err
	}
	return e, s.setID(o.ID, e)
}

// withID sets e.ID to id when its header gave none.
func withID(e *Entry, id int) {
	if e.ID == 0 {
		e.ID = id
	}
}

// setID records e under Gutenberg ID id (when not 0), and e.ID too when
// its header gave none.
func (s *Store) setID(id int, e *Entry) error {
	if id == 0 {
		return nil
	}
	if e.ID == 0 {
		e.ID = id
	}
	if b, err := readNoFollow(s.idPath(id), 256); err == nil && strings.TrimSpace(string(b)) == e.Key {
		return nil
	}
	return s.SetID(id, e.Key)
}

// removeIfNotPlain removes name if it is anything but a plain file (a
// regular file with one name).
func removeIfNotPlain(name string) {
	if fi, err := os.Lstat(name); err == nil && fsx.NotPlain(fi) != "" {
		os.Remove(name)
	}
}

// CheckBook refuses what is not a book: an HTML page (by its Content-Type
// or its first bytes) or an empty body. head is the body's first bytes.
func CheckBook(contentType string, head []byte) error {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && (mt == "text/html" || mt == "application/xhtml+xml") {
		return &NotBookError{"the server sent a web page (" + mt + "), not a book"}
	}
	if len(head) == 0 {
		return &NotBookError{"the server sent an empty body, not a book"}
	}
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	for _, tag := range []string{"<!doctype", "<html"} {
		if len(h) >= len(tag) && strings.EqualFold(string(h[:len(tag)]), tag) {
			return &NotBookError{"the server sent a web page (it starts with " + string(h[:len(tag)]) + "), not a book"}
		}
	}
	return nil
}

func charset(contentType string) string {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return params["charset"]
}

func (s *Store) writeSidecar(e *Entry) error {
	b, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return err
	}
	return fsx.WriteFile(s.SidecarPath(e.Key), append(b, '\n'), 0o644)
}

// SetID records that Gutenberg book id is stored under key.
func (s *Store) SetID(id int, key string) error {
	if !ValidKey(key) {
		return fmt.Errorf("%q: %w", key, ErrBadKey)
	}
	if _, err := s.dir(idsDir); err != nil {
		return err
	}
	return fsx.WriteFile(s.idPath(id), []byte(key+"\n"), 0o644)
}

// Keys returns the keys of every sidecar in the store, in no order.
func (s *Store) Keys() ([]string, error) {
	ents, err := os.ReadDir(filepath.Join(s.Dir, booksDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, de := range ents {
		if k, ok := strings.CutSuffix(de.Name(), sideExt); ok && ValidKey(k) {
			keys = append(keys, k)
		}
	}
	return keys, nil
}

// Remove deletes key's book (its text, sidecar, unfinished download and
// lock) and the IDs that point at it, waiting for a writer of it to finish.
func (s *Store) Remove(ctx context.Context, key string) error {
	if !ValidKey(key) {
		return fmt.Errorf("%q: %w", key, ErrBadKey)
	}
	if _, err := os.Lstat(filepath.Join(s.Dir, booksDir)); err != nil {
		return ErrNotStored
	}
	l, err := lock.Exclusive(ctx, s.path(key, lockExt), s.wait(key))
	if err != nil {
		return err
	}
	gone := 0
	for _, p := range []string{s.TextPath(key), s.SidecarPath(key), s.TextPath(key) + fetch.PartSuffix, s.TextPath(key) + fetch.PartSuffix + sideExt} {
		if err := os.Remove(p); err == nil {
			gone++
		} else if !errors.Is(err, fs.ErrNotExist) {
			l.Unlock()
			return err
		}
	}
	s.removeIDsOf(key)
	if err := l.Remove(); err != nil {
		return err
	}
	if gone == 0 {
		return ErrNotStored
	}
	return nil
}

// removeIDsOf removes every ids/N that holds key.
func (s *Store) removeIDsOf(key string) {
	ents, _ := os.ReadDir(filepath.Join(s.Dir, idsDir))
	for _, de := range ents {
		p := filepath.Join(s.Dir, idsDir, de.Name())
		if b, err := readNoFollow(p, 256); err == nil && strings.TrimSpace(string(b)) == key {
			os.Remove(p)
		}
	}
}

// Verify recomputes the SHA-256 of key's text and compares it with the
// sidecar's. A sound text whose stamp is missing or old (a book stored
// before stamps, a corpus copied elsewhere) is stamped anew, so that it is
// not hashed again each time it is served.
func (s *Store) Verify(ctx context.Context, key string) (*Entry, error) {
	f, e, err := s.Open(ctx, key)
	if err != nil {
		return e, err
	}
	err = sameSum(f, e)
	fi, serr := f.Stat()
	f.Close()
	if err != nil || serr != nil || fsx.Stamp(fi) == e.Stamp {
		return e, err
	}
	return e, s.restamp(ctx, e, fi)
}

// restamp records in key's sidecar the stamp of the text just hashed (hashed
// and its file information fi), under the book's lock, if the sidecar and
// the file there are still those.
func (s *Store) restamp(ctx context.Context, hashed *Entry, fi os.FileInfo) error {
	l, err := lock.Exclusive(ctx, s.path(hashed.Key, lockExt), s.wait(hashed.Key))
	if err != nil {
		return err
	}
	defer l.Unlock()
	e, now, err := s.entry(hashed.Key)
	if err != nil || e.SHA256 != hashed.SHA256 || fsx.Stamp(now) != fsx.Stamp(fi) || e.Stamp == fsx.Stamp(fi) {
		return err // replaced since, or stamped by another verify
	}
	e.Stamp = fsx.Stamp(fi)
	return s.writeSidecar(e)
}

func short(s string) string {
	if len(s) > 12 {
		return s[:12] + "…"
	}
	return s
}

// Catalog returns the path of the catalog kept in the store, downloading
// it from rawURL first when it is missing or when refresh is set. Two
// processes never download it at once.
func (s *Store) Catalog(ctx context.Context, d Downloader, rawURL string, refresh bool) (string, error) {
	dir, err := s.dir(catalogDir)
	if err != nil {
		return "", err
	}
	path := s.CatalogPath()
	l, err := lock.Exclusive(ctx, filepath.Join(dir, "pg_catalog.lock"), s.wait(fetch.Redact(rawURL)))
	if err != nil {
		return "", err
	}
	defer l.Unlock()
	if fi, err := os.Lstat(path); err == nil && fsx.NotPlain(fi) == "" && !refresh {
		return path, nil
	}
	if _, err := d.Download(ctx, rawURL, path, fetch.DownloadOptions{Label: "catalog", Check: func(ct string, head []byte) error {
		if len(head) == 0 {
			return &NotBookError{"the server sent an empty catalog"}
		}
		return nil
	}}); err != nil {
		return "", err
	}
	return path, nil
}
