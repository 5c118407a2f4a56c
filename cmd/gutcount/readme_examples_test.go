//go:build unix

package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// readmeExample is a "$ COMMAND" line of the README and the output printed
// below it.
type readmeExample struct {
	line    int
	command string
	output  string
}

// readmeExamples reads the "$ COMMAND" lines of the README's code blocks
// with the lines below them, up to the next command or the block's end.
func readmeExamples(t *testing.T) []readmeExample {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []readmeExample
	in := false
	var cur *readmeExample
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	for i, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "```"):
			flush()
			in = !in
		case !in:
		case strings.HasPrefix(line, "$ "):
			flush()
			cur = &readmeExample{line: i + 1, command: strings.TrimPrefix(line, "$ ")}
		case strings.HasPrefix(line, "gutcount ") && !strings.HasPrefix(line, "gutcount serve:"):
			flush() // a command shown without its output
		case cur != nil:
			cur.output += line + "\n"
		}
	}
	return out
}

// readmeBooks are the books the README's outputs are of, as gutenberg.org
// serves them, taken from ../shared/corpus.
var readmeBooks = map[string]string{
	"/cache/epub/2701/pg2701.txt": "pg2701-moby-dick-modern.txt",
	"/cache/epub/1342/pg1342.txt": "pg1342-pride-and-prejudice.txt",
	"/cache/epub/11/pg11.txt":     "pg11-alice.txt",
	"/files/2600/2600-0.txt":      "pg2600-war-and-peace.txt",
}

// usesBook reports whether command has a Gutenberg ID as an argument:
// digits that are no flag's value (salary's years are no book).
func usesBook(command string) bool {
	if strings.Contains(command, "salary") {
		return false
	}
	words := strings.Fields(command)
	for i, w := range words {
		if i > 0 && strings.Trim(w, "0123456789") == "" && !takesValue(words[:i], words[i-1]) {
			return true
		}
	}
	return false
}

// takesValue reports whether word, the word before a number in a command
// whose words so far are before, is a flag that takes that number as its
// value: a flag of the command named so far that is not a switch.
func takesValue(before []string, word string) bool {
	if !strings.HasPrefix(word, "-") || strings.Contains(word, "=") {
		return false
	}
	var path []string
	for _, w := range before[1:] {
		if !strings.HasPrefix(w, "-") {
			path = append(path, w)
		}
	}
	c, _, err := NewCmdRoot(&Globals{IO: &IOStreams{}}).Find(path)
	if err != nil {
		return true
	}
	var f *pflag.Flag
	for _, fs := range []*pflag.FlagSet{c.Flags(), c.InheritedFlags()} {
		if name, ok := strings.CutPrefix(word, "--"); ok && f == nil {
			f = fs.Lookup(name)
		} else if len(word) == 2 && f == nil {
			f = fs.ShorthandLookup(word[1:])
		}
	}
	return f == nil || f.NoOptDefVal == ""
}

// gutcountOnPath returns a folder with a gutcount on it: this test
// binary, run as gutcount.
func gutcountOnPath(t *testing.T) string {
	bin := t.TempDir()
	wrapper := fmt.Sprintf("#!/bin/sh\nGUTCOUNT_TEST_MAIN=1 exec %s \"$@\"\n", strconv.Quote(os.Args[0]))
	if err := os.WriteFile(filepath.Join(bin, "gutcount"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

// Every "$ COMMAND" example of the README prints what the README shows
// below it, run as written in a folder with testdata/sample, as on a fresh
// clone. Those of Gutenberg books (an ID) run against a local mirror of
// the shared corpus's copies of them, and are skipped without it.
func TestReadmeExamplesPrintWhatTheySay(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to run the examples with")
	}
	_, serr := os.Stat(sharedCorpus)
	shared := serr == nil
	mirror := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := readmeBooks[r.URL.Path]
		if !ok || !shared {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		http.ServeFile(w, r, filepath.Join(sharedCorpus, "books", name))
	}))
	defer mirror.Close()
	bin := gutcountOnPath(t)
	work := t.TempDir()
	copyDir(t, "../../testdata/sample", filepath.Join(work, "testdata", "sample"))
	env := append(os.Environ(),
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"GUTCOUNT_MIRROR="+mirror.URL,
		"GUTCOUNT_CACHE_DIR="+filepath.Join(work, "cache"),
		"HOME="+work, "COLUMNS=80",
		"GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"),
	)
	ran := 0
	for _, ex := range readmeExamples(t) {
		switch {
		case strings.HasPrefix(ex.command, "gutcount serve"):
			continue // runs until stopped: see corpus/serve's tests
		case usesBook(ex.command) && !shared:
			t.Logf("README.md:%d: %s: skipped, needs ../shared/corpus", ex.line, ex.command)
			continue
		}
		cmd := exec.Command(bash, "-o", "pipefail", "-c", ex.command)
		cmd.Dir, cmd.Env = work, env
		cmd.Stdin = strings.NewReader("")
		got, _ := cmd.CombinedOutput()
		ran++
		// Trailing blanks are not compared: an editor drops them.
		if trimLines(string(got)) != trimLines(ex.output) {
			t.Errorf("README.md:%d: %s:\n%s\nwant (as the README shows)\n%s", ex.line, ex.command, got, ex.output)
		}
	}
	if ran < 5 {
		t.Errorf("%d README examples run; want every \"$ gutcount\" example", ran)
	}
}

// trimLines drops the blanks at the end of each line of s.
func trimLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Join(lines, "\n")
}
