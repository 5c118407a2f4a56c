package corpus

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/gutcount/gutcount/fetch"
)

// Kind is what a SOURCE argument names.
type Kind int

const (
	Stdin Kind = iota // "-"
	File              // a path that exists
	ID                // a Gutenberg book ID
	URL               // an http or https URL
)

// Source is a parsed SOURCE argument.
type Source struct {
	Arg  string // as the user wrote it, less the user:password@ of a URL
	Kind Kind
	Path string      // File
	Mode fs.FileMode // File: its mode as ParseSource found it (links followed)
	ID   int         // ID
	URL  string      // URL
}

// BadSourceError is a SOURCE argument that names nothing to read.
type BadSourceError struct {
	Arg    string
	Reason SourceReason
}

// SourceReason is why a SOURCE argument was refused.
type SourceReason int

const (
	NotASource     SourceReason = iota // none of the four forms
	IsDirectory                        // an existing directory
	BadID                              // digits that are no book ID
	NotAStoredBook                     // for Stored: no ID, URL or store key
)

func (e *BadSourceError) Error() string {
	switch e.Reason {
	case IsDirectory:
		return fmt.Sprintf("source %q is a directory; give a file, a Gutenberg ID, a URL or -", e.Arg)
	case BadID:
		return fmt.Sprintf("source %q is not a valid Gutenberg ID", e.Arg)
	case NotAStoredBook:
		return fmt.Sprintf("%q is not a Gutenberg ID, a URL or a corpus key", e.Arg)
	}
	return fmt.Sprintf("source %q is not - (standard input), an existing file, a Gutenberg ID (digits) or an http(s) URL", e.Arg)
}

// EncodingError is an encoding asked for by a name that is not known.
type EncodingError struct {
	Name string
	Try  []string // names that are known, to suggest
}

func (e *EncodingError) Error() string {
	return fmt.Sprintf("unknown encoding %q (try %s)", e.Name, strings.Join(e.Try, ", "))
}

// ParseSource tells what arg names, in the order of DESIGN.md: "-", an
// existing path, digits (a Gutenberg ID), an http(s) URL.
func ParseSource(arg string) (Source, error) {
	s := Source{Arg: arg}
	if arg == "-" {
		s.Kind = Stdin
		return s, nil
	}
	if fi, err := os.Stat(arg); err == nil {
		if fi.IsDir() {
			return s, &BadSourceError{arg, IsDirectory}
		}
		s.Kind, s.Path, s.Mode = File, arg, fi.Mode()
		return s, nil
	}
	if arg != "" && strings.Trim(arg, "0123456789") == "" {
		id, err := strconv.Atoi(arg)
		if err != nil || id <= 0 {
			return s, &BadSourceError{arg, BadID}
		}
		s.Kind, s.ID = ID, id
		return s, nil
	}
	if u, err := url.Parse(arg); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		s.Kind, s.URL, s.Arg = URL, arg, fetch.Redact(arg)
		return s, nil
	}
	return s, &BadSourceError{arg, NotASource}
}

// IDURLs returns the URLs tried, in order, for Gutenberg book id on mirror.
func IDURLs(mirror string, id int) []string {
	m := strings.TrimRight(mirror, "/")
	return []string{
		fmt.Sprintf("%s/cache/epub/%d/pg%d.txt", m, id, id),
		fmt.Sprintf("%s/files/%d/%d-0.txt", m, id, id),
		fmt.Sprintf("%s/files/%d/%d-8.txt", m, id, id),
		fmt.Sprintf("%s/files/%d/%d.txt", m, id, id),
	}
}
