package main

import (
	"errors"
	"os"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/gutcount/gutcount/corpus"
)

// parseSources parses every SOURCE argument; none means standard input.
func parseSources(args []string) ([]corpus.Source, error) {
	if len(args) == 0 {
		args = []string{"-"}
	}
	srcs := make([]corpus.Source, 0, len(args))
	for _, a := range args {
		s, err := corpus.ParseSource(a)
		if err != nil {
			return nil, badSource(a, err)
		}
		srcs = append(srcs, s)
	}
	return srcs, nil
}

// sourceForms are the four forms of a SOURCE.
const sourceForms = "- (standard input), a file, a Gutenberg ID or an http(s) URL"

// badSource is the error for a SOURCE that corpus.ParseSource refused,
// with what to do about it where the argument shows what was meant
// (corpus.GuessSource).
func badSource(arg string, err error) error {
	var bad *corpus.BadSourceError
	if !errors.As(err, &bad) || bad.Reason != corpus.NotASource {
		return err // a directory, an ID out of range: the message says it
	}
	switch g := corpus.GuessSource(arg); g.Kind {
	case corpus.Unreadable:
		return usagef("source %q: %v", arg, g.Err)
	case corpus.NoScheme:
		return usagef("source %q: no such file; did you mean %s?", arg, g.URL)
	case corpus.MissingFile:
		return usagef("source %q: no such file", arg)
	case corpus.Words:
		return usagef("source %q is not %s; to find an ID: gutcount corpus search %s", arg, sourceForms, searchQuery(arg))
	}
	return err
}

// searchQuery is s as the words of a corpus search the shell passes on as
// they are: lowercased, each quoted when it needs it.
func searchQuery(s string) string {
	var words []string
	for _, w := range strings.Fields(strings.ToLower(s)) {
		words = append(words, shellWord(w))
	}
	return strings.Join(words, " ")
}

// plainWord is a word the shell passes on unquoted.
var plainWord = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[\p{L}\p{N}_.,:/=+@%-]+$`) })

func shellWord(w string) string {
	if plainWord().MatchString(w) {
		return w
	}
	return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
}

// isSource reports whether arg is a SOURCE other than standard input: an
// existing file, a Gutenberg ID or an http(s) URL.
func isSource(arg string) bool {
	s, err := corpus.ParseSource(arg)
	return err == nil && s.Kind != corpus.Stdin
}

// couldBeWord reports whether arg, which is no source, could be a word.
func couldBeWord(arg string) bool {
	return arg != "" && strings.IndexFunc(arg, unicode.IsSpace) < 0 && !isSource(arg)
}

// shellLine is the command line cmd args, quoted for the shell.
func shellLine(cmd string, args ...string) string {
	words := []string{"gutcount", cmd}
	for _, a := range args {
		words = append(words, shellWord(a))
	}
	return strings.Join(words, " ")
}

// swappedArgs reports whether the arguments of count or kwic (cmd) look
// like SOURCE WORD instead of WORD SOURCE: the word is a source, and the
// first source is no source but could be a word. It returns the command
// meant.
func swappedArgs(cmd, word string, sources []string) (string, bool) {
	if len(sources) == 0 || !isSource(word) || !couldBeWord(sources[0]) {
		return "", false
	}
	return shellLine(cmd, append([]string{sources[0], word}, sources[1:]...)...), true
}

// swappedWhere reports whether the arguments of where look like SOURCE
// WORD... instead of WORD... SOURCE: the first word is a source and the
// last argument is none. It returns the command meant.
func swappedWhere(words []string, source string) (string, bool) {
	if len(words) == 0 || !isSource(words[0]) || !couldBeWord(source) {
		return "", false
	}
	return shellLine("where", append(append(words[1:len(words):len(words)], source), words[0])...), true
}

// wordsBeforeSources reports whether the arguments of count or kwic (cmd)
// look like several words before the sources: the first source is no
// source but could be a word, and a later one is a source. It returns
// the command meant: count's words each with -w, kwic's as one phrase.
func wordsBeforeSources(cmd, word string, sources []string) (string, bool) {
	n := 0
	for n < len(sources) && couldBeWord(sources[n]) {
		n++
	}
	if n == 0 || n == len(sources) || !isSource(sources[n]) {
		return "", false
	}
	words := append([]string{word}, sources[:n]...)
	if cmd == "kwic" {
		return shellLine(cmd, append([]string{strings.Join(words, " ")}, sources[n:]...)...), true
	}
	var args []string
	for _, w := range words {
		args = append(args, "-w", w)
	}
	return shellLine(cmd, append(args, sources[n:]...)...), true
}

// secondSource returns the first of where's words, after the first, that
// is a source: where takes one SOURCE, the last argument.
func secondSource(words []string) (string, bool) {
	for _, w := range words[1:] {
		if isSource(w) {
			return w, true
		}
	}
	return "", false
}

// checkMirror returns the mirror URL that the flag or $GUTCOUNT_MIRROR
// gives ("" for the default), or a usage error naming where it came from
// for one corpus.CheckMirror refuses.
func checkMirror(flag string) (string, error) {
	mirror, from := flag, "--mirror"
	if mirror == "" {
		mirror, from = os.Getenv("GUTCOUNT_MIRROR"), "GUTCOUNT_MIRROR"
	}
	if mirror == "" {
		return "", nil
	}
	if err := corpus.CheckMirror(mirror); err != nil {
		return "", usagef("%s %v", from, err)
	}
	return mirror, nil
}
