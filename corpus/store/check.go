package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gutcount/gutcount/corpus/lock"
	"github.com/gutcount/gutcount/fetch"
	"github.com/gutcount/gutcount/internal/fsx"
)

// keyFiles are the files of one key found in books/.
type keyFiles struct {
	text, side, part, partSide, lockFile bool
	temps                                []string
	modTime                              time.Time // of the .part, if any
}

// oddFile is a name in books/ (or books/ itself, or ids/) that is no file
// of the store's: GC removes it.
type oddFile struct {
	path, why string
}

// scan sorts the names in books/ by key, and lists the ones that are no
// file of the store's (links, hard links, FIFOs, names it never makes),
// and books/ or ids/ when they are not directories (a link to elsewhere).
func (s *Store) scan() (map[string]*keyFiles, []oddFile, error) {
	var odd []oddFile
	for _, d := range []string{booksDir, idsDir} {
		p := filepath.Join(s.Dir, d)
		if fi, err := os.Lstat(p); err == nil && !fi.IsDir() {
			odd = append(odd, oddFile{p, notPlainWhy(p, fi) + "; the corpus keeps its files only in a folder of its own"})
		}
	}
	books := filepath.Join(s.Dir, booksDir)
	if len(odd) > 0 && odd[0].path == books {
		return nil, odd, nil
	}
	ents, err := os.ReadDir(books)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, odd, nil
	}
	if err != nil {
		return nil, nil, err
	}
	keys := map[string]*keyFiles{}
	get := func(k string) *keyFiles {
		if keys[k] == nil {
			keys[k] = &keyFiles{}
		}
		return keys[k]
	}
	for _, de := range ents {
		name := de.Name()
		p := filepath.Join(books, name)
		fi, err := de.Info()
		if err != nil {
			continue // gone since ReadDir
		}
		if fsx.NotPlain(fi) != "" {
			odd = append(odd, oddFile{p, notPlainWhy(p, fi)})
			continue
		}
		if fsx.IsTemp(name) {
			if k := name[1:min(len(name), 33)]; ValidKey(k) {
				get(k).temps = append(get(k).temps, name)
			} else {
				odd = append(odd, oddFile{p, "a temporary file, not of a book"})
			}
			continue
		}
		k, ext, _ := strings.Cut(name, ".")
		if !ValidKey(k) {
			odd = append(odd, oddFile{p, "not a file of the corpus"})
			continue
		}
		f := get(k)
		switch "." + ext {
		case textExt:
			f.text = true
		case sideExt:
			f.side = true
		case lockExt, lockExt + lock.OwnerSuffix: // the owner apart: Windows
			f.lockFile = true
		case textExt + fetch.PartSuffix:
			f.part = true
			if fi, err := de.Info(); err == nil {
				f.modTime = fi.ModTime()
			}
		case textExt + fetch.PartSuffix + sideExt:
			f.partSide = true
		default:
			delete(keys, k)
			odd = append(odd, oddFile{p, "not a file of the corpus"})
		}
	}
	return keys, odd, nil
}

// notPlainWhy says what the file at p is, fi its Lstat, when it is no
// plain file.
func notPlainWhy(p string, fi os.FileInfo) string {
	what := fsx.NotPlain(fi)
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, _ := os.Readlink(p)
		what += " to " + target
	}
	return what + " (planted? never followed)"
}

// remove removes the file at p, or the folder, with what is in it: GC's
// way with what it finds planted.
func remove(p string) error {
	if fi, err := os.Lstat(p); err == nil && fi.IsDir() {
		return os.RemoveAll(p)
	}
	return os.Remove(p)
}

// Removed is a file that GC removed, and why.
type Removed struct {
	Path, Why string
}

// PartAge is how old an unfinished download must be for GC to remove it
// (without all): younger ones may still be resumed.
const PartAge = 24 * time.Hour

// GC removes what no book needs: symbolic links and other files planted
// in the store, unfinished downloads more than PartAge old (with all,
// every one), temporary files of interrupted writes, texts without a
// sidecar and sidecars without a text, lock files of books no longer
// stored, and IDs that point at no book. It never removes what a running
// process uses: a key's files are only touched while GC holds its lock,
// and a key in use is passed over.
func (s *Store) GC(ctx context.Context, all bool) ([]Removed, error) {
	keys, odd, err := s.scan()
	if err != nil {
		return nil, err
	}
	var out []Removed
	rm := func(path, why string) {
		if err := remove(path); err == nil {
			out = append(out, Removed{path, why})
		}
	}
	books := filepath.Join(s.Dir, booksDir)
	for _, o := range odd {
		rm(o.path, o.why)
	}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		f := keys[k]
		l, err := lock.TryExclusive(s.path(k, lockExt))
		if err != nil {
			continue // in use (or unlockable): leave it alone
		}
		for _, t := range f.temps {
			rm(filepath.Join(books, t), "temporary file of an interrupted write")
		}
		if f.part || f.partSide {
			if all || time.Since(f.modTime) > PartAge {
				rm(s.TextPath(k)+fetch.PartSuffix, "unfinished download")
				rm(s.TextPath(k)+fetch.PartSuffix+sideExt, "unfinished download")
				f.part, f.partSide = false, false
			}
		}
		if f.text && !f.side {
			rm(s.TextPath(k), "text without a sidecar")
			f.text = false
		}
		if f.side && !f.text {
			rm(s.SidecarPath(k), "sidecar without a text")
			f.side = false
		}
		if !f.text && !f.side && !f.part && !f.partSide {
			if err := l.Remove(); err == nil && f.lockFile {
				out = append(out, Removed{s.path(k, lockExt), "lock of a book no longer stored"})
			}
			continue
		}
		l.Unlock()
	}
	stored := func(k string) bool { f := keys[k]; return f != nil && f.text && f.side }
	for _, p := range s.idFiles() {
		switch key, why := s.readID(p); {
		case why != "":
			rm(p, why)
		case !stored(key):
			rm(p, "ID of a book no longer stored")
		}
	}
	return out, nil
}

func (s *Store) idFiles() []string {
	dir := filepath.Join(s.Dir, idsDir)
	if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
		return nil // missing, or planted (scan reports it): never read through
	}
	ents, _ := os.ReadDir(dir)
	var out []string
	for _, de := range ents {
		out = append(out, filepath.Join(s.Dir, idsDir, de.Name()))
	}
	return out
}

// readID returns the key in the ID file p, or why p is no ID file.
func (s *Store) readID(p string) (key, why string) {
	if fi, err := os.Lstat(p); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		target, _ := os.Readlink(p)
		return "", "a symbolic link to " + target + " (planted? never followed)"
	}
	if n, err := strconv.Atoi(filepath.Base(p)); err != nil || n <= 0 {
		if fsx.IsTemp(filepath.Base(p)) {
			if fi, err := os.Lstat(p); err == nil && time.Since(fi.ModTime()) < time.Hour {
				return "", "" // perhaps being written
			}
			return "", "temporary file of an interrupted write"
		}
		return "", "not an ID file"
	}
	b, err := readNoFollow(p, 256)
	if err != nil {
		return "", err.Error()
	}
	key = strings.TrimSpace(string(b))
	if !ValidKey(key) {
		return "", "does not hold a corpus key"
	}
	return key, ""
}

// Problem is something wrong that Check found.
type Problem struct {
	Key    string // the book's key, when it is about a book
	URL    string // where the book came from, when known: it can be fetched again
	Path   string
	Reason string
}

func (p Problem) String() string {
	if p.Key != "" {
		return p.Key + ": " + p.Reason
	}
	return p.Path + ": " + p.Reason
}

// Report is what Check found.
type Report struct {
	Books    int // books checked
	Problems []Problem
}

// Check recomputes the SHA-256 of every book and looks at every file of the
// store: it reports corrupt, truncated or missing books, symbolic links and
// other files that the store never makes, and broken IDs. It changes
// nothing (GC and Repair do).
func (s *Store) Check(ctx context.Context) (*Report, error) {
	keys, odd, err := s.scan()
	if err != nil {
		return nil, err
	}
	r := &Report{}
	for _, o := range odd {
		r.Problems = append(r.Problems, Problem{Path: o.path, Reason: o.why})
	}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if ctx.Err() != nil {
			return r, ctx.Err()
		}
		f := keys[k]
		switch {
		case f.side:
			r.Books++
			e, err := s.Verify(ctx, k)
			var ce *CorruptError
			if errors.As(err, &ce) {
				p := Problem{Key: k, Path: s.TextPath(k), Reason: ce.Reason}
				if e != nil {
					p.URL = e.URL
				}
				r.Problems = append(r.Problems, p)
			} else if err != nil {
				return r, err
			}
		case f.text:
			r.Problems = append(r.Problems, Problem{Key: k, Path: s.TextPath(k), Reason: "text without a sidecar (never served; gc removes it)"})
		}
	}
	for _, p := range s.idFiles() {
		key, why := s.readID(p)
		if why == "" && key != "" && (keys[key] == nil || !keys[key].side) {
			why = "points at " + key + ", which is not stored"
		}
		if why != "" {
			r.Problems = append(r.Problems, Problem{Path: p, Reason: why})
		}
	}
	return r, nil
}

// Repaired is the outcome of fetching a corrupt book again.
type Repaired struct {
	Problem
	Err error // nil when the book is whole again
}

// Repair fetches again every book of problems that can be (a corrupt book
// whose URL is known), and checks it.
func (s *Store) Repair(ctx context.Context, d Downloader, problems []Problem) []Repaired {
	var out []Repaired
	for _, p := range problems {
		if p.Key == "" || p.URL == "" {
			continue
		}
		_, err := s.Fetch(ctx, d, p.URL, FetchOptions{Force: true})
		if err == nil {
			_, err = s.Verify(ctx, p.Key)
		}
		if err != nil {
			err = fmt.Errorf("refetch %s: %w", p.URL, err)
		}
		out = append(out, Repaired{p, err})
	}
	return out
}
