package gutenberg_test

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"golang.org/x/text/transform"

	"github.com/gutcount/gutcount/corpus/gutenberg"
)

// whatwg1252 is WHATWG's index-windows-1252 for 0x80-0x9F; from 0xA0 on,
// and below 0x80, a byte is the code point of the same number.
var whatwg1252 = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

func TestWindows1252(t *testing.T) {
	var all []byte
	var want strings.Builder
	for c := range 256 {
		all = append(all, byte(c))
		r := rune(c)
		if c >= 0x80 && c < 0xA0 {
			r = whatwg1252[c-0x80]
		}
		want.WriteRune(r)
	}
	// Several times over, read a byte at a time and whole, so runs and
	// short buffers meet every byte.
	text := strings.Repeat(string(all)+"plain ASCII between ", 40)
	wantText := strings.Repeat(want.String()+"plain ASCII between ", 40)
	for _, r := range []io.Reader{strings.NewReader(text), iotest.OneByteReader(strings.NewReader(text))} {
		got, err := io.ReadAll(transform.NewReader(r, gutenberg.Windows1252.NewDecoder()))
		if err != nil || string(got) != wantText || !utf8.Valid(got) {
			t.Errorf("Windows1252 decodes %d bytes to %d (%v); want %d", len(text), len(got), err, len(wantText))
		}
	}
	if got := gutenberg.AppendWindows1252([]byte("x"), []byte(text)); string(got) != "x"+wantText {
		t.Errorf("AppendWindows1252 decodes %d bytes to %d; want %d", len(text), len(got)-1, len(wantText))
	}
	for _, label := range []string{"windows-1252", "latin1", "ISO-8859-1", "cp1252"} {
		enc, _, err := gutenberg.LookupEncoding(label)
		if err != nil || enc != gutenberg.Windows1252 {
			t.Errorf("LookupEncoding(%q) = %v, %v; want Windows1252", label, enc, err)
		}
	}
}

func BenchmarkWindows1252(b *testing.B) {
	text := []byte(strings.Repeat("Call me Ishmael. Some years ago, never mind how long, coraz\xf3n. ", 20000))
	dst := make([]byte, 2*len(text))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		gutenberg.Windows1252.NewDecoder().Transform(dst, text, true)
	}
}
