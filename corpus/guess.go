package corpus

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"unicode"
)

// Guess is what a SOURCE argument that ParseSource refused as NotASource
// seems meant to be, for a suggestion.
type Guess struct {
	Kind GuessKind
	URL  string // NoScheme: the URL meant
	Err  error  // Unreadable: why the path could not be looked at
}

// GuessKind is the kind of a Guess.
type GuessKind int

const (
	NoGuess     GuessKind = iota // nothing better to say than ParseSource's error
	Unreadable                   // a path that cannot be looked at (permission denied, a loop)
	NoScheme                     // a URL written without its scheme
	MissingFile                  // a path or a file name, of no file
	Words                        // words, such as a title or an author, to search the catalog for
)

// hostLike is the start of a URL written without its scheme:
// www.gutenberg.org/..., gutenberg.org/..., mirror.example.net:8080/...
var hostLike = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(www\.[^/\s]+|([a-z0-9-]+\.)+[a-z]{2,}(:[0-9]+)?/\S*)$`)
})

// GuessSource says what arg, which ParseSource refused as NotASource,
// seems meant to be: a file that is not there, a URL without its scheme,
// a title instead of an ID.
func GuessSource(arg string) Guess {
	if _, err := os.Stat(arg); err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return Guess{Kind: Unreadable, Err: err}
	}
	switch {
	case hostLike().MatchString(strings.ToLower(arg)):
		return Guess{Kind: NoScheme, URL: "https://" + arg}
	case strings.HasPrefix(arg, "//") && len(arg) > 2:
		return Guess{Kind: NoScheme, URL: "https:" + arg}
	case strings.Contains(arg, "://"):
		return Guess{} // a scheme other than http(s)
	case strings.ContainsRune(arg, '/') || strings.ContainsRune(arg, filepath.Separator) || looksLikeFileName(arg):
		return Guess{Kind: MissingFile}
	case strings.IndexFunc(arg, unicode.IsLetter) >= 0:
		return Guess{Kind: Words}
	}
	return Guess{}
}

// looksLikeFileName reports whether s ends in a file name extension:
// missing.txt, book.csv.
func looksLikeFileName(s string) bool {
	ext := filepath.Ext(s)
	if len(ext) < 2 || len(ext) > 6 || strings.ContainsAny(s, " \t") {
		return false
	}
	for _, r := range ext[1:] {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}
