package corpus

import (
	"strings"
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// The table of language names says what golang.org/x/text/language/display
// says, for every two-letter code it names and the three-letter codes
// Project Gutenberg uses, in any case.
func TestLanguageNames(t *testing.T) {
	var codes []string
	for a := 'a'; a <= 'z'; a++ {
		for b := 'a'; b <= 'z'; b++ {
			codes = append(codes, string([]rune{a, b}))
		}
	}
	codes = append(codes, strings.Fields("ale ang arp brx ceb csb enm fur gla grc ilo kha nap nav oji sco")...)
	named := 0
	for _, c := range codes {
		var want string
		if tag, err := language.Parse(c); err == nil {
			want = display.English.Languages().Name(tag)
		}
		if got := languageName(c); got != want {
			t.Errorf("languageName(%q) = %q; want %q", c, got, want)
		}
		if got := languageName(strings.ToUpper(c)); got != want {
			t.Errorf("languageName(%q) = %q; want %q", strings.ToUpper(c), got, want)
		}
		if want != "" {
			named++
		}
	}
	if named < 150 {
		t.Errorf("%d codes named; want the 150 or more that display names", named)
	}
	if got := languageName("xx-unknown"); got != "" {
		t.Errorf("languageName(xx-unknown) = %q; want none", got)
	}
}
