package main

import (
	"strings"

	"github.com/spf13/pflag"

	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/stop"
)

// What the text-mining commands (kwic, where, compare) and the toolkit's
// flags of count, freq and batch share.

// stopLists is what --stop takes.
var stopLists = "the stop words of a language (" + strings.Join(stop.Languages(), ", ") + ") or of a FILE with one word a line (`LANG|FILE`; the lists are lower case: use with -i or -n)"

// registerStop adds --stop to f; what says what the command does with
// the stop words.
func registerStop(f *pflag.FlagSet, s *string, what string) {
	f.StringVar(s, "stop", "", what+": "+stopLists)
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

// checkWords refuses a WORD that is empty or holds white space where a
// command takes single words (a *count.WordError, exit 2 as count's).
func checkWords(words ...string) error {
	_, err := count.PrepareWords(words, count.Options{})
	return err
}

// onlyStop reports whether every token of p is a stop word of l.
func onlyStop(p count.Phrase, l *stop.List) bool {
	return l != nil && l.All(p.String())
}

// checkNGram refuses an n-gram length freq cannot count.
func checkNGram(n int) error {
	if n < 1 || n > count.MaxNGram {
		return usagef("--ngram takes a number from 1 to %d", count.MaxNGram)
	}
	return nil
}
