package stop_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/stop"
)

// refList reads a list file of this package the plain way: its words.
func refList(t *testing.T, lang string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("snowball", lang+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]bool{}
	for _, w := range strings.Fields(string(b)) {
		m[w] = true
	}
	return m
}

func TestLanguages(t *testing.T) {
	known := map[string][]string{
		"en": {"the", "of", "and", "i", "don't", "yourselves"},
		"de": {"und", "der", "die", "das", "über", "für"},
		"fr": {"le", "la", "et", "été", "étaient"},
		"es": {"el", "la", "de", "qué", "están"},
		"it": {"il", "di", "che", "perché"},
		"nl": {"de", "het", "en", "een"},
		"fi": {"ja", "on", "olla", "minä", "sillä"},
		"pt": {"de", "que", "não", "também"},
	}
	// Sizes of Snowball's lists (the Finnish one repeats six words).
	sizes := map[string]int{"en": 174, "de": 231, "fr": 164, "es": 308, "it": 279, "nl": 101, "fi": 229, "pt": 203}
	for _, lang := range stop.Languages() {
		l, err := stop.Lang(lang)
		if err != nil {
			t.Fatal(err)
		}
		ref := refList(t, lang)
		if l.Len() != len(ref) || l.Len() != sizes[lang] {
			t.Errorf("Lang(%s).Len() = %d; the file has %d words, Snowball %d", lang, l.Len(), len(ref), sizes[lang])
		}
		for _, w := range l.Words() {
			if !ref[w] {
				t.Errorf("Lang(%s) has %q, which its file has not", lang, w)
			}
		}
		for _, w := range known[lang] {
			if !l.Has([]byte(w)) {
				t.Errorf("Lang(%s).Has(%q) = false", lang, w)
			}
		}
		if l.Has([]byte("whale")) || l.Has([]byte("The")) {
			t.Errorf("Lang(%s) has whale or The", lang)
		}
	}
	if l, err := stop.Lang("English"); err != nil || l.Name != "en" {
		t.Errorf(`Lang("English") = %v, %v; want the en list`, l, err)
	}
	if _, err := stop.Lang("xx"); err == nil || !strings.Contains(err.Error(), "en, es") {
		t.Errorf(`Lang("xx") error = %v; want one naming the languages`, err)
	}
}

func TestOpenFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "mine.txt")
	os.WriteFile(file, []byte("\ufeffThe\n# a comment line\n  whale \n\nsea ship\r\n"), 0o644)
	l, err := stop.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Words(); !slices.Equal(got, []string{"The", "sea", "ship", "whale"}) {
		t.Errorf("Open(%s).Words() = %q", file, got)
	}
	if n := l.Normalized(count.Options{IgnoreCase: true}); !n.Has([]byte("the")) || n.Has([]byte("The")) {
		t.Errorf("Normalized(-i) = %q; want the, not The", n.Words())
	}
	if n := l.Normalized(count.Options{StripPunct: true}); n.Len() != 4 {
		t.Errorf("Normalized(-p).Len() = %d; want 4", n.Len())
	}
	if l, err := stop.Open("en"); err != nil || l.Name != "en" {
		t.Errorf(`Open("en") = %v, %v`, l, err)
	}
	for _, bad := range []string{filepath.Join(dir, "none.txt"), dir} {
		if _, err := stop.Open(bad); err == nil {
			t.Errorf("Open(%s): no error", bad)
		}
	}
	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, []byte("# nothing\n\n"), 0o644)
	if _, err := stop.Open(empty); err == nil || !strings.Contains(err.Error(), "no words") {
		t.Errorf("Open(an empty list) error = %v", err)
	}
}

func TestDrop(t *testing.T) {
	l, _ := stop.Lang("en")
	rows := []count.Row{{Word: "of the", Count: 9}, {Word: "the", Count: 8}, {Word: "the whale", Count: 7}, {Word: "whale", Count: 6}, {Word: "of", Count: 5}, {Word: "in the sea", Count: 4}, {Word: "and the", Count: 3}}
	got := l.Drop(rows)
	want := []count.Row{{Word: "the whale", Count: 7}, {Word: "whale", Count: 6}, {Word: "in the sea", Count: 4}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Drop = %v; want %v", got, want)
	}
	var none *stop.List
	if r := none.Drop([]count.Row{{Word: "the", Count: 1}}); len(r) != 1 || none.Has([]byte("the")) || none.All("the") {
		t.Error("a nil list drops words")
	}
	if l.All("") {
		t.Error(`All("") = true`)
	}
}

// TestBooks drops the English list from Moby Dick and the German one from
// Faust, against frequencies counted here with strings.FieldsFunc and
// the lists read from their files.
func TestBooks(t *testing.T) {
	for lang, book := range map[string]string{"en": "pg2701-moby-dick-modern.txt", "de": "pg2229-faust-de.txt"} {
		text, err := os.ReadFile(filepath.Join("../../../shared/corpus/books", book))
		if err != nil {
			t.Skip("shared corpus not found:", err)
		}
		ref := refList(t, lang)
		want := map[string]int64{}
		for _, tok := range strings.FieldsFunc(string(text), unicode.IsSpace) {
			// ’ is an apostrophe to the list (don’t is don't).
			if w := strings.ToLower(tok); !ref[strings.ReplaceAll(w, "\u2019", "'")] {
				want[w]++
			}
		}
		o := count.Options{IgnoreCase: true}
		tab, err := count.Freq(bytes.NewReader(text), o)
		if err != nil {
			t.Fatal(err)
		}
		l, _ := stop.Lang(lang)
		rows := l.Normalized(o).Drop(tab.Sorted())
		if len(rows) != len(want) {
			t.Errorf("%s without %s stop words: %d distinct; want %d", book, lang, len(rows), len(want))
		}
		for _, r := range rows {
			if want[r.Word] != r.Count {
				t.Errorf("%s without %s stop words: %q = %d; want %d", book, lang, r.Word, r.Count, want[r.Word])
				break
			}
		}
		if lang == "en" && (want["don’t"] != 0 || want["whale’s"] == 0) {
			t.Errorf("reference: don’t %d, whale’s %d", want["don’t"], want["whale’s"])
		}
		if lang == "de" && (want["und"] != 0 || want["faust"] == 0) {
			t.Errorf("reference: und %d, faust %d", want["und"], want["faust"])
		}
	}
}

func ExampleList_Drop() {
	l, _ := stop.Lang("en")
	rows := []count.Row{{Word: "the", Count: 14}, {Word: "whale", Count: 9}, {Word: "of the", Count: 5}, {Word: "white whale", Count: 2}}
	for _, r := range l.Drop(rows) {
		fmt.Println(r.Word, r.Count)
	}
	// Output:
	// whale 9
	// white whale 2
}

// Typeset text writes its apostrophes as ’ (U+2019): don’t, he’s and it’s
// are the stop words don't, he's and it's, alone and in n-grams, with -n
// too; a list written with ’ matches text written with ' as well.
func TestCurlyApostrophe(t *testing.T) {
	en, err := stop.Lang("en")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []*stop.List{en, en.Normalized(count.Options{IgnoreCase: true, StripPunct: true})} {
		for _, w := range []string{"don’t", "he’s", "it’s", "don't"} {
			if !l.Has([]byte(w)) {
				t.Errorf("Has(%q) = false; want true", w)
			}
		}
		if !l.All("don’t it’s") {
			t.Errorf("All(\"don’t it’s\") = false; want true")
		}
		if l.Has([]byte("whale’s")) || l.Has([]byte("’")) {
			t.Errorf("Has(whale’s) or Has(’) = true; want false")
		}
	}
	mine, err := stop.Read(strings.NewReader("shan’t\n"), "mine")
	if err != nil {
		t.Fatal(err)
	}
	if !mine.Has([]byte("shan't")) || !mine.Has([]byte("shan’t")) {
		t.Errorf("a list with shan’t does not match shan't and shan’t")
	}
}
