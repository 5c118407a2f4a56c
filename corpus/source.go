package corpus

import (
	"fmt"
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
	Path string // File
	ID   int    // ID
	URL  string // URL
}

// UsageError is an argument the user got wrong; the CLI exits 2 for it.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

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
			return s, &UsageError{fmt.Sprintf("source %q is a directory; give a file, a Gutenberg ID, a URL or -", arg)}
		}
		s.Kind, s.Path = File, arg
		return s, nil
	}
	if arg != "" && strings.Trim(arg, "0123456789") == "" {
		id, err := strconv.Atoi(arg)
		if err != nil || id <= 0 {
			return s, &UsageError{fmt.Sprintf("source %q is not a valid Gutenberg ID", arg)}
		}
		s.Kind, s.ID = ID, id
		return s, nil
	}
	if u, err := url.Parse(arg); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		s.Kind, s.URL, s.Arg = URL, arg, fetch.Redact(arg)
		return s, nil
	}
	return s, &UsageError{fmt.Sprintf("source %q is not - (standard input), an existing file, a Gutenberg ID (digits) or an http(s) URL", arg)}
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
