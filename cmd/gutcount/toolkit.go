package main

import (
	"strings"

	"github.com/spf13/pflag"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/stop"
)

// What the text-mining commands (kwic, where, compare) and the toolkit's
// flags of count, freq and batch share.

// stopUsage is the help of --stop.
var stopUsage = "leave out stop words: a language (" + strings.Join(stop.Languages, ", ") + ") or a FILE with one word a line (the lists are lower case: use with -i or -n)"

// registerStop adds --stop to f.
func registerStop(f *pflag.FlagSet, s *string) {
	f.StringVar(s, "stop", "", stopUsage)
}

// loadStop returns the stop list arg names, normalised like the tokens; nil
// when arg is empty.
func loadStop(arg string, o count.Options) (*stop.List, error) {
	if arg == "" {
		return nil, nil
	}
	l, err := stop.Open(arg)
	if err != nil {
		return nil, usagef("--stop: %v", err)
	}
	return l.Normalized(o), nil
}

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

// freqTable counts a text's words, or its n-grams when n > 1.
func freqTable(tx *corpus.OpenedText, n int, o count.Options) (*count.Table, error) {
	if n > 1 {
		return tx.NGrams(n, o)
	}
	return tx.Freq(o)
}

// checkNGram refuses an n-gram length freq cannot count.
func checkNGram(n int) error {
	if n < 1 || n > count.MaxNGram {
		return usagef("--ngram takes a number from 1 to %d", count.MaxNGram)
	}
	return nil
}
