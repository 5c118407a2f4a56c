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
		// Titles and authors may continue on indented lines.
		if last != nil && (line[0] == ' ' || line[0] == '\t') {
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
