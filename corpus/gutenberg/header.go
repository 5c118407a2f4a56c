package gutenberg

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Header is what a book's Project Gutenberg header says. Fields the
// header lacks are empty.
type Header struct {
	ID       int    // the "[EBook #N]" number
	Title    string // "Title:", with the lines it goes on over
	Author   string // "Author:", likewise
	Language string // "Language:"
	Released string // "Release Date:", without the EBook number
	Encoding string // "Character set encoding:", as written
}

var ebookID = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\[(?:e-?book|etext) #(\d+)\]`) })

// headerKey is the key of a header line that may not be one ParseHeader
// reads ("Posting Date:", "Produced by:"): a capitalised word, then up to
// three lowercase ones.
var headerKey = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Z][a-z]+( [a-z]+){0,3}$`) })

// knownKeys are keys of header lines that headerKey does not match.
var knownKeys = map[string]bool{
	"release date": true, "release date (original)": true, "posting date": true, "last updated": true,
	"most recently updated": true, "date first posted": true, "first posted": true, "e-text prepared by": true,
	"character set encoding": true, "chatacter set encoding": true, "produced by": true,
}

// keyLine reports whether a header line starts a field of its own: a
// "Key:" line, a "[EBook #N]" or "[Most recently updated: ...]" line, or
// the START marker. A title's next line without them continues it.
func keyLine(line string) bool {
	if strings.HasPrefix(line, "[") || strings.HasPrefix(line, "***") {
		return true
	}
	key, _, ok := strings.Cut(line, ":")
	return ok && (headerKey().MatchString(key) || knownKeys[strings.ToLower(key)])
}

// ParseHeader reads the metadata lines ("Title:", "Author:", "Language:",
// "Release Date:", "Character set encoding:", "[EBook #N]") of a Project
// Gutenberg header, looking no further than its START marker.
func ParseHeader(head []byte) Header {
	var h Header
	var last *string
	for len(head) > 0 {
		i := bytes.IndexByte(head, '\n')
		var line []byte
		if i < 0 {
			line, head = head, nil
		} else {
			line, head = head[:i], head[i+1:]
		}
		line = bytes.TrimRight(line, "\r")
		trimmed := strings.TrimSpace(string(line))
		if startMarker().MatchString(trimmed) {
			break
		}
		if m := ebookID().FindStringSubmatch(trimmed); m != nil && h.ID == 0 {
			h.ID, _ = strconv.Atoi(m[1])
		}
		if trimmed == "" {
			last = nil
			continue
		}
		// Titles and authors may continue on the lines after, indented
		// or not, up to a blank line or a new "Key:" line.
		if last != nil && (line[0] == ' ' || line[0] == '\t' || !keyLine(trimmed)) {
			*last += " " + trimmed
			continue
		}
		last = nil
		key, val, ok := strings.Cut(trimmed, ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		switch strings.ToLower(key) {
		case "title":
			h.Title, last = val, &h.Title
		case "author":
			h.Author, last = val, &h.Author
		case "language":
			h.Language = val
		case "release date", "release date (original)":
			if h.Released == "" {
				h.Released = val
				if m := ebookID().FindStringSubmatch(val); m != nil {
					h.Released = strings.TrimSpace(val[:strings.Index(val, m[0])])
				}
			}
		case "character set encoding", "chatacter set encoding":
			h.Encoding = val
		}
	}
	return h
}
