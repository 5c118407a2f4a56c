package corpus

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

	"github.com/gutcount/gutcount/fetch"
	"github.com/gutcount/gutcount/fetch/atomicfile"
)

// Store is the local corpus: one text file per book and a JSON sidecar
// beside it, under Dir/books, named by the book's Key; Dir/ids/N holds the
// key of Gutenberg book N, whichever mirror served it.
type Store struct {
	Dir string
}

// DefaultDir returns the store directory: $GUTCOUNT_CACHE_DIR, else
// os.UserCacheDir()/gutcount.
func DefaultDir() (string, error) {
	if d := os.Getenv("GUTCOUNT_CACHE_DIR"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory (set --cache-dir or GUTCOUNT_CACHE_DIR): %w", err)
	}
	return filepath.Join(d, "gutcount"), nil
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
	Header
}

// Key returns the store key of a URL: the hex MD5 of host and request URI,
// as nginx's memcached module computes it, so http and https share it.
func Key(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	sum := md5.Sum([]byte(u.Host + u.RequestURI()))
	return hex.EncodeToString(sum[:]), nil
}

// TextPath and SidecarPath name the files of key.
func (s *Store) TextPath(key string) string    { return filepath.Join(s.Dir, "books", key+".txt") }
func (s *Store) SidecarPath(key string) string { return filepath.Join(s.Dir, "books", key+".json") }
func (s *Store) idPath(id int) string          { return filepath.Join(s.Dir, "ids", strconv.Itoa(id)) }

// ErrNotStored is returned for a book that is not in the store.
var ErrNotStored = errors.New("not in the corpus")

// CorruptError is a stored entry whose file does not match its sidecar.
type CorruptError struct {
	Key, Reason string
}

func (e *CorruptError) Error() string { return "corpus: entry " + e.Key + ": " + e.Reason }

// Lookup returns the entry of key after a cheap check that its file is
// whole (its size); Verify checks the SHA-256.
func (s *Store) Lookup(key string) (*Entry, error) {
	b, err := os.ReadFile(s.SidecarPath(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotStored
	}
	if err != nil {
		return nil, err
	}
	var e Entry
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, &CorruptError{key, "unreadable sidecar: " + err.Error()}
	}
	fi, err := os.Stat(s.TextPath(key))
	if err != nil {
		return &e, &CorruptError{key, "text file missing"}
	}
	if fi.Size() != e.Size {
		return &e, &CorruptError{key, fmt.Sprintf("text file has %d bytes, sidecar says %d", fi.Size(), e.Size)}
	}
	return &e, nil
}

// LookupID returns the entry of Gutenberg book id.
func (s *Store) LookupID(id int) (*Entry, error) {
	b, err := os.ReadFile(s.idPath(id))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotStored
	}
	if err != nil {
		return nil, err
	}
	return s.Lookup(strings.TrimSpace(string(b)))
}

// Verify recomputes the SHA-256 of key's file.
func (s *Store) Verify(key string) (*Entry, error) {
	e, err := s.Lookup(key)
	if err != nil {
		return e, err
	}
	f, err := os.Open(s.TextPath(key))
	if err != nil {
		return e, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return e, err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != e.SHA256 {
		return e, &CorruptError{key, "SHA-256 " + got[:12] + "… does not match the sidecar's " + short(e.SHA256)}
	}
	return e, nil
}

func short(s string) string {
	if len(s) > 12 {
		return s[:12] + "…"
	}
	return s
}

// Fetch downloads rawURL into the store, or with cond revalidates the
// stored copy, and writes its sidecar. The text file is renamed into place
// before the sidecar is written: a book without a sidecar is never served.
func (s *Store) Fetch(ctx context.Context, c *fetch.Client, rawURL string, cond *fetch.Validators) (*Entry, error) {
	key, err := Key(rawURL)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(s.Dir, "books"), 0o755); err != nil {
		return nil, err
	}
	res, err := c.Download(ctx, rawURL, s.TextPath(key), fetch.DownloadOptions{Cond: cond})
	if err != nil {
		return nil, err
	}
	if res.NotModified {
		e, err := s.Lookup(key)
		if err == nil {
			e.Fetched = time.Now().UTC()
			err = s.writeSidecar(e)
		}
		return e, err
	}
	e := &Entry{
		Key: key, URL: rawURL, FinalURL: res.FinalURL, ETag: res.ETag, LastModified: res.LastModified,
		Size: res.Size, SHA256: res.SHA256, Fetched: time.Now().UTC(), Charset: charset(res.ContentType),
	}
	if err := s.describe(e); err != nil {
		return nil, err
	}
	return e, s.writeSidecar(e)
}

// describe reads the metadata of e's Gutenberg header and tells its
// encoding: declared, else detected as Text detects it.
func (s *Store) describe(e *Entry) error {
	f, err := os.Open(s.TextPath(e.Key))
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, headSize)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return err
	}
	head = head[:n]
	e.Header = ParseHeader(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))
	enc, label, lerr := lookupEncoding(e.Charset)
	if lerr != nil || enc == nil {
		enc, label, lerr = lookupEncoding(e.Header.Encoding)
	}
	if lerr == nil && enc != nil {
		e.Header.Encoding = label
		return nil
	}
	if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		e.Header.Encoding = "utf-8"
		return nil
	}
	// The first non-ASCII byte decides, as in Text.
	a := &autoReader{r: io.MultiReader(bytes.NewReader(head), f)}
	buf := make([]byte, 1<<20)
	for a.Encoding() == "" {
		if _, err := a.Read(buf); err != nil {
			break
		}
	}
	e.Header.Encoding = or(a.Encoding(), "utf-8")
	return nil
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
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
	return atomicfile.WriteFile(s.SidecarPath(e.Key), append(b, '\n'), 0o644)
}

// SetID records that Gutenberg book id is stored under key.
func (s *Store) SetID(id int, key string) error {
	if err := os.MkdirAll(filepath.Join(s.Dir, "ids"), 0o755); err != nil {
		return err
	}
	return atomicfile.WriteFile(s.idPath(id), []byte(key+"\n"), 0o644)
}

// Keys returns the keys of every sidecar in the store.
func (s *Store) Keys() ([]string, error) {
	ents, err := os.ReadDir(filepath.Join(s.Dir, "books"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, de := range ents {
		if k, ok := strings.CutSuffix(de.Name(), ".json"); ok && !strings.HasPrefix(k, ".") && !strings.HasSuffix(k, fetch.PartSuffix) {
			keys = append(keys, k)
		}
	}
	return keys, nil
}

// Remove deletes key's files and any ID that points at it.
func (s *Store) Remove(key string) error {
	e, _ := s.Lookup(key)
	err1 := os.Remove(s.TextPath(key))
	err2 := os.Remove(s.SidecarPath(key))
	if e != nil && e.ID != 0 {
		if b, err := os.ReadFile(s.idPath(e.ID)); err == nil && strings.TrimSpace(string(b)) == key {
			os.Remove(s.idPath(e.ID))
		}
	}
	if errors.Is(err1, fs.ErrNotExist) && errors.Is(err2, fs.ErrNotExist) {
		return ErrNotStored
	}
	return nil
}

// Open opens key's text file.
func (s *Store) Open(key string) (*os.File, error) { return os.Open(s.TextPath(key)) }
