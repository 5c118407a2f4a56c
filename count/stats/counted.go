package stats

import (
	"unicode"
	"unicode/utf8"

	"github.com/gutcount/gutcount/count"
)

// Counted is how a frequency table looks to have been counted, told from
// its words: a table counted with -i has no capital letter, one counted
// with -p no word that starts or ends with punctuation. A table counted
// without them almost always has both (The, whale,).
type Counted struct {
	Folded  bool // no word has an upper-case letter
	Trimmed bool // no word starts or ends with punctuation
}

// minWords is how many words with letters a table needs before Looks
// tells how it was counted: a handful of words may all be lower case by
// chance.
const minWords = 50

// Looks returns how rows look to have been counted, and false when they
// are too few to tell.
func Looks(rows []count.Row) (Counted, bool) {
	c := Counted{Folded: true, Trimmed: true}
	n := 0
	for _, r := range rows {
		w := r.Word
		if w == "" {
			continue
		}
		letters := false
		for _, x := range w {
			if unicode.IsLetter(x) {
				letters = true
			}
			if unicode.IsUpper(x) {
				c.Folded = false
			}
		}
		if letters {
			n++
		}
		first, _ := utf8.DecodeRuneInString(w)
		last, _ := utf8.DecodeLastRuneInString(w)
		if unicode.IsPunct(first) || unicode.IsPunct(last) {
			c.Trimmed = false
		}
	}
	return c, n >= minWords
}
