package gutenberg_test

import (
	"errors"
	"testing"

	"github.com/gutcount/gutcount/corpus/gutenberg"
)

func TestLookupEncoding(t *testing.T) {
	for _, c := range []struct{ label, want string }{
		// WHATWG labels as they are.
		{"utf-8", "utf-8"}, {"UTF8", "utf-8"}, {"latin1", "windows-1252"},
		{"iso-8859-1", "windows-1252"}, {"cp1251", "windows-1251"},
		{"KOI8-R", "koi8-r"}, {"Big5", "big5"}, {"Shift_JIS", "shift_jis"},
		{"  windows-1250 ", "windows-1250"},
		// Gutenberg spellings.
		{"CP-1251", "windows-1251"}, {"Windows 1252", "windows-1252"},
		{"Windows_1251", "windows-1251"}, {"ISO Latin-1", "windows-1252"},
		{"ISO-Latin-1", "windows-1252"}, {"ISO 8859-1", "windows-1252"},
		{"ISO-8859-1 (Latin-1)", "windows-1252"}, {"ISO_8859_2", "iso-8859-2"},
		{"UTF-8 (with BOM)", "utf-8"}, {"Unicode UTF-8", "utf-8"}, {"Unicode", "utf-8"},
		{"ISO-8859-7 Greek", "iso-8859-7"}, {"Latin-2", "iso-8859-2"},
		{"Latin-9", "iso-8859-15"}, {"Mac Roman", "macintosh"}, {"KOI8 R", "koi8-r"},
		{"(Latin-1)", "windows-1252"}, {"Code page 1252", "windows-1252"},
		// IANA names for the code pages WHATWG lacks.
		{"CP437", "IBM437"}, {"IBM850", "IBM850"},
		// Nothing beyond ASCII: the bytes decide.
		{"", ""}, {"ASCII", ""}, {"US-ASCII", ""}, {"US ASCII", ""},
		{"ASCII, with a few ISO-8859-1 characters", ""},
	} {
		_, got, err := gutenberg.LookupEncoding(c.label)
		if err != nil || got != c.want {
			t.Errorf("LookupEncoding(%q) = %q, %v; want %q", c.label, got, err, c.want)
		}
	}
	for _, label := range []string{"MP3", "klingon", "utf-9", "windows-9999", "no idea (really)"} {
		enc, _, err := gutenberg.LookupEncoding(label)
		var ue *gutenberg.UnknownEncodingError
		if !errors.As(err, &ue) || ue.Label != label || enc != nil {
			t.Errorf("LookupEncoding(%q) = %v, %v; want an UnknownEncodingError naming it", label, enc, err)
		}
	}
}
