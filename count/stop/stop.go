// Package stop holds stop word lists: the function words (the, of, and)
// that fill the top of every frequency list, left out so that what a text
// is about shows there.
//
// The lists of eight languages are embedded (Snowball's, BSD licence; see
// snowball/README.md); Read takes a list of one's own. A list is compared
// with tokens after they are normalised, so normalise it the same way:
//
//	l, err := stop.Open("en") // or a file: stop.Open("mine.txt")
//	l = l.Normalized(count.Options{IgnoreCase: true})
//	rows = l.Drop(rows) // the rows of a frequency table, stop words left out
//
// Layering: stop imports count only.
package stop

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/gutcount/gutcount/count"
)

//go:embed snowball/*.txt
var lists embed.FS

// Languages are the codes of the embedded lists.
var languages = []string{"de", "en", "es", "fi", "fr", "it", "nl", "pt"}

// Languages returns the codes of the languages with a stop list.
func Languages() []string { return slices.Clone(languages) }

// names are the languages' English names, which Lang takes too (NLTK
// names its lists so: stopwords.words("english")).
var names = map[string]string{
	"german": "de", "english": "en", "spanish": "es", "finnish": "fi",
	"french": "fr", "italian": "it", "dutch": "nl", "portuguese": "pt",
}

// List is a set of stop words. A nil *List holds no word.
type List struct {
	Name  string // the language code, or the file a list was read from
	words map[string]struct{}
}

// Lang returns the embedded list of a language, by code ("en") or English
// name ("english"), in any case.
func Lang(code string) (*List, error) {
	c := strings.ToLower(code)
	if n, ok := names[c]; ok {
		c = n
	}
	if !slices.Contains(languages, c) {
		return nil, fmt.Errorf("no stop list for %q (languages: %s; or give a file, one word a line)", code, strings.Join(languages, ", "))
	}
	b, err := lists.ReadFile("snowball/" + c + ".txt")
	if err != nil {
		return nil, err
	}
	return Read(bytes.NewReader(b), c)
}

// Open returns the list arg names: an embedded language (see Lang), else
// the file at path arg.
func Open(arg string) (*List, error) {
	if l, err := Lang(arg); err == nil {
		return l, nil
	}
	f, err := os.Open(arg)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("stop list %q is neither a language (%s) nor a file", arg, strings.Join(languages, ", "))
		}
		return nil, fmt.Errorf("stop list: %w", err)
	}
	defer f.Close()
	l, err := Read(f, arg)
	if err != nil {
		return nil, fmt.Errorf("stop list %s: %w", arg, err)
	}
	return l, nil
}

// Read reads a list: words separated by white space, one a line as a
// rule; a line that starts with # is a comment, and a UTF-8 byte-order
// mark is dropped. A list with no word is an error.
func Read(r io.Reader, name string) (*List, error) {
	l := &List{Name: name, words: map[string]struct{}{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for first := true; sc.Scan(); first = false {
		line := sc.Bytes()
		if first {
			line = bytes.TrimPrefix(line, []byte("\ufeff"))
		}
		if len(line) > 0 && line[0] == '#' {
			continue
		}
		count.Fields(line, func(w []byte) { l.words[straight(string(w))] = struct{}{} })
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(l.words) == 0 {
		return nil, fmt.Errorf("no words in the list")
	}
	return l, nil
}

// Normalized returns the list with each word normalised as o says, so
// that it compares with tokens normalised the same way; words that
// normalise to nothing are left out.
func (l *List) Normalized(o count.Options) *List {
	if l == nil {
		return nil
	}
	n := &List{Name: l.Name, words: make(map[string]struct{}, len(l.words))}
	var buf []byte
	for w := range l.words {
		if buf = o.Normalize(buf, []byte(w)); len(buf) > 0 {
			n.words[string(buf)] = struct{}{}
		}
	}
	return n
}

// Has reports whether tok is in the list. A right single quotation mark
// (’, the apostrophe of typeset text) matches an apostrophe: don’t is the
// stop word don't.
func (l *List) Has(tok []byte) bool {
	if l == nil {
		return false
	}
	return l.has(string(tok))
}

func (l *List) has(tok string) bool {
	_, ok := l.words[straight(tok)]
	return ok
}

// straight returns w with its right single quotation marks made
// apostrophes.
func straight(w string) string {
	if !strings.Contains(w, "’") {
		return w
	}
	return strings.ReplaceAll(w, "’", "'")
}

// Len returns the number of words in the list.
func (l *List) Len() int {
	if l == nil {
		return 0
	}
	return len(l.words)
}

// Words returns the words of the list in ascending byte order.
func (l *List) Words() []string {
	if l == nil {
		return nil
	}
	w := make([]string, 0, len(l.words))
	for k := range l.words {
		w = append(w, k)
	}
	slices.Sort(w)
	return w
}

// All reports whether every token of an n-gram (tokens joined by one
// space, as count.NGrams writes them) is in the list; a word is an n-gram
// of one token. The empty string is not made of stop words.
func (l *List) All(ngram string) bool {
	if l == nil || ngram == "" {
		return false
	}
	for tok := range strings.SplitSeq(ngram, " ") {
		if !l.has(tok) {
			return false
		}
	}
	return true
}

// Drop returns the rows whose word (or n-gram) is not made only of stop
// words, in their order. It reuses rows' storage.
func (l *List) Drop(rows []count.Row) []count.Row {
	if l == nil {
		return rows
	}
	return slices.DeleteFunc(rows, func(r count.Row) bool { return l.All(r.Word) })
}
