//go:build unix

package main

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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

// bookIDs are the Gutenberg IDs among the arguments of command: digits
// that are no flag's value (salary's years and a loop's values are no
// books), alone or joined by commas.
func bookIDs(command string) []string {
	if strings.Contains(command, "salary") {
		return nil
	}
	if _, body, ok := strings.Cut(command, "; do "); ok && strings.HasPrefix(command, "for ") {
		command = body
	}
	var ids []string
	words := strings.Fields(command)
	for i, w := range words {
		for _, id := range strings.Split(w, ",") {
			if id != "" && i > 0 && strings.Trim(id, "0123456789") == "" && !takesValue(words[:i], words[i-1]) {
				ids = append(ids, id)
			}
		}
	}
	return ids
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

// usesBook reports whether command has a Gutenberg ID as an argument.
func usesBook(command string) bool { return len(bookIDs(command)) > 0 }

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

// readmeSetup returns a folder laid out like a clone (testdata/sample and
// testdata/gutenberg) and the environment the README's commands run in
// there: gutcount on PATH, a corpus of its own, and a mirror that serves
// the README's books from ../shared/corpus, when shared is there.
func readmeSetup(t *testing.T) (work string, env []string, shared bool) {
	_, serr := os.Stat(sharedCorpus)
	shared = serr == nil
	mirror := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := readmeBooks[r.URL.Path]
		if !ok || !shared {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		http.ServeFile(w, r, filepath.Join(sharedCorpus, "books", name))
	}))
	t.Cleanup(mirror.Close)
	work = t.TempDir()
	copyDir(t, "../../testdata/sample", filepath.Join(work, "testdata", "sample"))
	copyDir(t, "../../testdata/gutenberg", filepath.Join(work, "testdata", "gutenberg"))
	return work, exampleEnv(gutcountOnPath(t), mirror.URL, work), shared
}

// exampleEnv is the environment of an example run in work: gutcount (in
// bin) on PATH, mirror in GUTCOUNT_MIRROR, a corpus and a home in work.
func exampleEnv(bin, mirror, work string) []string {
	return append(os.Environ(),
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"GUTCOUNT_MIRROR="+mirror,
		"GUTCOUNT_CACHE_DIR="+filepath.Join(work, "cache"),
		"HOME="+work, "COLUMNS=80",
		// A binary built with -race sleeps a second at exit unless told not to.
		"GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"),
	)
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
	work, env, shared := readmeSetup(t)
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

// readmeLines reads the command lines of the README's code blocks that run
// gutcount and are shown without their output: every line that names
// gutcount but is no "$" example, no output line, no synopsis
// (placeholders in capitals or brackets) and no line of another tool.
func readmeLines(t *testing.T) []readmeExample {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	synopsis := regexp.MustCompile(`\[|\.\.\.|\b(WORD|SOURCE|LIST|FILE|OUTDIR|RUN|QUERY|A B)\b`)
	var out []readmeExample
	in := false
	for i, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "```"):
			in = !in
			continue
		case !in, strings.HasPrefix(line, "$ "), !strings.Contains(line, "gutcount "),
			strings.HasPrefix(line, "gutcount:"), strings.HasPrefix(line, "gutcount serve:"),
			synopsis.MatchString(line):
			continue
		}
		first := strings.Fields(line)[0]
		if first != "gutcount" && first != "cat" && first != "echo" && first != "printf" && first != "for" {
			continue // kubectl, sbatch, docker, a shell function...
		}
		out = append(out, readmeExample{line: i + 1, command: line})
	}
	return out
}

// outsideTheClone are the README's lines that reach beyond a clone and its
// corpus: system folders, a shell's own configuration, a server on a
// port, the whole catalog.
var outsideTheClone = regexp.MustCompile(`/etc/|~/|fpath|Out-String|source <|localhost|gutenberg\.org|less |--field language en|english|merge run7$|--cache-dir /tmp|--ids whale \|`)

// commentNumbers are the numbers a README line says its command prints,
// in its comment: "# 3: Latin-1, detected" says 3, "# the whale 5, a
// whale 2, …" says 5 and 2, "# 5:$16000" says 5 and 16000.
func commentNumbers(line string) []string {
	_, comment, ok := strings.Cut(line, "  # ")
	if !ok {
		return nil
	}
	if k := strings.Index(comment, ":"); k > 0 && !strings.HasPrefix(comment[k:], ":$") {
		comment = comment[:k]
	}
	// Output starts with a number ("3", "5:$16000") or is a list of
	// words and their numbers ("the whale 5, a whale 2, …"); other
	// comments are words about the command.
	if !regexp.MustCompile(`^([0-9]|([^,]+ [0-9.]+, )+)`).MatchString(comment) {
		return nil
	}
	return regexp.MustCompile(`[0-9][0-9.]*[0-9]|[0-9]`).FindAllString(comment, -1)
}

// Every command line of the README that stays within a clone runs as
// written, in README order, in a folder with testdata/ (so a merge finds
// the shards the lines before it made), and prints the numbers its comment
// gives. Lines of Gutenberg books run against the shared corpus's copies,
// and are skipped without ../shared.
func TestReadmeLinesRun(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to run the examples with")
	}
	work, env, shared := readmeSetup(t)
	served := func(command string) bool {
		for _, id := range bookIDs(command) {
			if readmeBooks["/cache/epub/"+id+"/pg"+id+".txt"] == "" && readmeBooks["/files/"+id+"/"+id+"-0.txt"] == "" {
				return false
			}
		}
		return true
	}
	ran := 0
	for _, ex := range readmeLines(t) {
		command, _, _ := strings.Cut(ex.command, "  # ")
		switch {
		case outsideTheClone.MatchString(ex.command):
			continue
		case usesBook(command) && (!shared || !served(command)):
			t.Logf("README.md:%d: %s: skipped, needs ../shared/corpus", ex.line, command)
			continue
		}
		cmd := exec.Command(bash, "-o", "pipefail", "-c", command)
		cmd.Dir, cmd.Env = work, env
		cmd.Stdin = strings.NewReader("")
		got, err := cmd.CombinedOutput()
		ran++
		var ee *exec.ExitError
		switch {
		case err == nil:
		case errors.As(err, &ee) && ee.ExitCode() == exitNoMatch && strings.HasPrefix(string(got), "No occurrences"):
			// count shows what is not there
		case errors.As(err, &ee) && ee.ExitCode() == 141 && strings.Contains(command, "| head"):
			// head closed the pipe: SIGPIPE, as for any Unix tool
		default:
			t.Errorf("README.md:%d: %s: %v:\n%s", ex.line, command, err, got)
			continue
		}
		out := " " + strings.Join(strings.Fields(string(got)), " ") + " "
		for _, n := range commentNumbers(ex.command) {
			if !strings.Contains(out, " "+n+" ") && !strings.Contains(out, ":$"+n) && !strings.Contains(out, " "+n+":") &&
				!(n == "0" && strings.Contains(out, " No occurrences ")) {
				t.Errorf("README.md:%d: %s: prints no %s, as its comment says:\n%s", ex.line, command, n, got)
			}
		}
	}
	if ran < 40 {
		t.Errorf("%d README lines run; want every line that stays within a clone (40 or more)", ran)
	}
}
