package gutenberg

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
)

// UnknownEncodingError is a charset label that names no encoding known.
type UnknownEncodingError struct {
	Label string // as written
}

func (e *UnknownEncodingError) Error() string {
	return "unknown encoding " + strconv.Quote(e.Label)
}

// LookupEncoding resolves a charset label to an encoding and its name
// (WHATWG's, or IANA's for the few code pages WHATWG lacks). It returns a
// nil encoding for names that say nothing beyond ASCII (and for an empty
// name), so that the bytes decide. A label is taken as the WHATWG label
// table of golang.org/x/text/encoding/htmlindex knows it, and else as
// Gutenberg headers spell it: in any case, with spaces, hyphens or
// underscores anywhere ("CP-1251", "Windows 1252", "UTF8"), with a note in
// parentheses ("ISO-8859-1 (Latin-1)", "UTF-8 (with BOM)"), after a word
// such as "ISO" or "Unicode" ("ISO Latin-1", "Unicode UTF-8"), or before
// words that follow the label ("ISO-8859-7 Greek"). A label none of these
// resolve is an *UnknownEncodingError.
func LookupEncoding(name string) (encoding.Encoding, string, error) {
	if strings.TrimSpace(name) == "" {
		return nil, "", nil
	}
	spellings := labelSpellings(name)
	for _, c := range spellings {
		if alias, ok := gutenbergLabels[c]; ok {
			c = alias
		}
		if asciiLabels[c] {
			return nil, "", nil
		}
		if enc, err := htmlindex.Get(c); err == nil {
			label, _ := htmlindex.Name(enc)
			if enc == charmap.Windows1252 {
				enc = Windows1252 // as WHATWG decodes it
			}
			return enc, label, nil
		}
	}
	for _, c := range spellings {
		if enc, err := ianaindex.IANA.Encoding(c); err == nil && enc != nil {
			label, _ := ianaindex.IANA.Name(enc)
			if label == "US-ASCII" {
				return nil, "", nil
			}
			return enc, label, nil
		}
	}
	return nil, "", &UnknownEncodingError{Label: name}
}

// asciiLabels say nothing beyond ASCII (WHATWG reads "ascii" as
// Windows-1252; for a Gutenberg header it means the bytes decide).
var asciiLabels = map[string]bool{
	"ascii": true, "us-ascii": true, "ansi_x3.4-1968": true, "iso646-us": true,
	"iso-646-us": true, "usascii": true, "7bit": true, "7-bit": true, "plain": true,
}

// gutenbergLabels are spellings found in Gutenberg headers that no table
// holds, squeezed to their letters and digits.
var gutenbergLabels = map[string]string{
	"unicode":  "utf-8", // in an ASCII-readable header it cannot mean UTF-16
	"latin9":   "iso-8859-15",
	"latin0":   "iso-8859-15",
	"macroman": "macintosh",
}

// maxLabelGroups is how many letter or digit groups of a label are put
// together in every way: enough for the longest WHATWG labels
// ("iso-8859-6-e", "ks_c_5601-1987").
const maxLabelGroups = 4

// labelSpellings returns the spellings of a label to try, in order: as
// written; without notes in parentheses, then each note; each of those
// as its groups of letters and digits joined by nothing, hyphens or
// underscores, first all groups, then fewer from the end, then without
// the first one or two words.
func labelSpellings(name string) []string {
	name = strings.ToLower(strings.TrimSpace(name))
	name = strings.NewReplacer("code page", "cp", "codepage", "cp").Replace(name)
	out := []string{name}
	add := func(s string) {
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	main, notes := cutNotes(name)
	for _, part := range append([]string{main}, notes...) {
		part = strings.TrimSpace(part)
		add(part)
		g := labelGroups(part)
		for drop := 0; drop <= 2 && drop < len(g); drop++ {
			rest := g[drop:]
			for n := min(len(rest), maxLabelGroups); n >= 1; n-- {
				for _, s := range joins(rest[:n]) {
					add(s)
				}
			}
		}
	}
	return out
}

// cutNotes returns a label without its parenthesised notes, and the notes.
func cutNotes(s string) (string, []string) {
	var main strings.Builder
	var notes []string
	for {
		i := strings.IndexByte(s, '(')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			notes = append(notes, s[i+1:])
			s = s[:i]
			break
		}
		main.WriteString(s[:i])
		notes = append(notes, s[i+1:i+j])
		s = s[i+j+1:]
	}
	main.WriteString(s)
	return main.String(), notes
}

// labelGroups splits a label into its runs of letters and of digits.
func labelGroups(s string) []string {
	var g []string
	start, kind := -1, 0
	for i, r := range s + " " {
		k := 0
		switch {
		case r < 0x80 && unicode.IsLetter(r):
			k = 1
		case r >= '0' && r <= '9':
			k = 2
		}
		if k != kind && start >= 0 {
			g = append(g, s[start:i])
			start = -1
		}
		if k != 0 && start < 0 {
			start = i
		}
		kind = k
	}
	return g
}

// joins returns the groups joined in every way by "", "-" and "_".
func joins(g []string) []string {
	out := []string{g[0]}
	for _, s := range g[1:] {
		var next []string
		for _, o := range out {
			for _, sep := range []string{"-", "", "_"} {
				next = append(next, o+sep+s)
			}
		}
		out = next
	}
	return out
}
