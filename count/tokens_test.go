package count_test

import (
	"bytes"
	"strings"
	"testing"
	"testing/iotest"
	"unicode"
	"unicode/utf8"

	"github.com/gutcount/gutcount/count"
)

// referenceTokens splits as the design says: runs of non-white-space
// (unicode.IsSpace; invalid bytes belong to tokens), normalised.
func referenceTokens(s string, o count.Options) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); {
		space, size := true, 1
		if i < len(s) {
			r, n := rune(s[i]), 1
			if s[i] >= 0x80 {
				r, n = utf8.DecodeRuneInString(s[i:])
			}
			space, size = r != unicode.ReplacementChar && unicode.IsSpace(r), n
		}
		if space && start >= 0 {
			if t := o.Normalize(nil, []byte(s[start:i])); len(t) > 0 {
				out = append(out, string(t))
			}
			start = -1
		} else if !space && start < 0 {
			start = i
		}
		i += size
	}
	return out
}

var tokenCases = []string{
	"",
	"  ",
	"one",
	" The whale, the WHALE!\n\tand\u00a0a\u2003ship ",
	"\u3000日本\u3000語\u2028x",
	"bad\xffbyte \xe2\x80 cut",
	"-- ... ¡hola! «oui»",
}

func eachTokenStrings(t testing.TB, s string, o count.Options, oneByte bool) []string {
	var got []string
	r := strings.NewReader(s)
	var rd = any(r).(interface{ Read([]byte) (int, error) })
	if oneByte {
		rd = iotest.OneByteReader(r)
	}
	err := count.EachToken(rd, o, func(tok []byte) error { got = append(got, string(tok)); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestEachToken(t *testing.T) {
	for _, o := range []count.Options{{}, {IgnoreCase: true}, {StripPunct: true}, {IgnoreCase: true, StripPunct: true}} {
		for _, s := range tokenCases {
			want := referenceTokens(s, o)
			for _, oneByte := range []bool{false, true} {
				got := eachTokenStrings(t, s, o, oneByte)
				if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
					t.Errorf("EachToken(%q, %+v, one byte at a time %v) = %q; want %q", s, o, oneByte, got, want)
				}
			}
		}
	}
}

func FuzzEachToken(f *testing.F) {
	for _, s := range tokenCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o := count.Options{StripPunct: true}
		want := referenceTokens(s, o)
		got := eachTokenStrings(t, s, o, true)
		if !bytes.Equal([]byte(strings.Join(got, "\x00")), []byte(strings.Join(want, "\x00"))) || len(got) != len(want) {
			t.Errorf("EachToken(%q) = %q; want %q", s, got, want)
		}
	})
}

func TestLengthsHapaxes(t *testing.T) {
	rows := []count.Row{{Word: "the", Count: 5}, {Word: "whale", Count: 2}, {Word: "été", Count: 1}, {Word: "a", Count: 1}, {Word: "\xff\xfe", Count: 1}}
	got := count.Lengths(rows)
	// Hand-counted: length 1: a; 2: the two invalid bytes; 3: the (5) and été.
	want := []count.Length{{Length: 1, Count: 1}, {Length: 2, Count: 1}, {Length: 3, Count: 6}, {Length: 5, Count: 2}}
	if len(got) != len(want) {
		t.Fatalf("Lengths = %v; want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Lengths[%d] = %v; want %v", i, got[i], want[i])
		}
	}
	h := count.Hapaxes(rows)
	if len(h) != 3 || h[0].Word != "été" || h[1].Word != "a" || h[2].Word != "\xff\xfe" {
		t.Errorf("Hapaxes = %v; want été, a and the invalid bytes", h)
	}
}
