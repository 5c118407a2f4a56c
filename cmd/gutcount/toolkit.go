package main

import (
	"github.com/gutcount/gutcount/count"
)

// What the text-mining commands (kwic, where, compare) and the toolkit's
// flags of count, freq and batch share.

// parsePhrases normalises each WORD (a word, or a phrase when it holds
// white space) as o says; one that is left with nothing is a usage error.
func parsePhrases(words []string, o count.Options) ([]count.Phrase, error) {
	ps := make([]count.Phrase, len(words))
	for i, w := range words {
		ps[i] = count.ParsePhrase(w, o)
		if len(ps[i]) == 0 {
			return nil, usagef("word %q is empty after normalisation", w)
		}
	}
	return ps, nil
}
