package main

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// commandPaths lists every command of gutcount, cobra's help and
// completion included, as the arguments that name it ("corpus search").
func commandPaths(t *testing.T) [][]string {
	t.Helper()
	root := NewCmdRoot(&Globals{IO: &IOStreams{}})
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		if c.Hidden {
			return
		}
		paths = append(paths, path)
		for _, s := range c.Commands() {
			walk(s, append(append([]string(nil), path...), s.Name()))
		}
	}
	walk(root, nil)
	return paths
}

var (
	goTypes      = regexp.MustCompile(`(?m)^ +(-\w, )?--[\w-]+ (string|int|int64|duration|stringArray|bool)\b`)
	downloadFlag = regexp.MustCompile(`(?m)^ +(-\w, )?--(cache-dir|mirror|no-cache|refresh|retries|timeout|max-wait|max-size|rate|verbose)\b`)
)

// Every --help: placeholders that are names, no [=true|false], usage
// lines that start with gutcount, and the download flags only where they
// mean something.
func TestHelpOfEveryCommand(t *testing.T) {
	downloads := map[string]bool{"": true, "count": true, "freq": true, "kwic": true, "where": true, "compare": true, "collocations": true, "similar": true, "contexts": true, "serve": true, "fetch": true, "batch": true, "corpus": true}
	for _, path := range commandPaths(t) {
		name := strings.Join(path, " ")
		out, errs, code := gutcount(t, "", append(append([]string(nil), path...), "--help")...)
		if code != 0 || errs != "" {
			t.Errorf("%s --help: exit %d, %q", name, code, errs)
			continue
		}
		if strings.Contains(out, "[=true|false]") || strings.Contains(out, "[=") {
			t.Errorf("%s --help shows [=...] after a flag:\n%s", name, out)
		}
		if m := goTypes.FindString(out); m != "" {
			t.Errorf("%s --help names a Go type as placeholder: %q", name, m)
		}
		_, usage, _ := strings.Cut(out, "Usage:\n")
		usage, _, _ = strings.Cut(usage, "\n\n")
		for _, l := range strings.Split(usage, "\n") {
			if !strings.HasPrefix(l, "  gutcount "+name) {
				t.Errorf("%s --help: usage line %q does not start with gutcount %s", name, l, name)
			}
		}
		if want := downloads[name] || downloads[path[0]]; downloadFlag.MatchString(out) != want {
			t.Errorf("%s --help: download flags shown %v; want %v:\n%s", name, !want, want, out)
		}
	}
	out, _, _ := gutcount(t, "", "--help")
	for _, want := range []string{"GUTCOUNT_MIRROR", "GUTCOUNT_CACHE_DIR", "Exit codes:", "\n  0 ", "\n  1 ", "\n  2 ", "\n  3 ", "\n  4 ", "\n  130 ", "Examples:\n  gutcount "} {
		if !strings.Contains(out, want) {
			t.Errorf("gutcount --help lacks %q:\n%s", want, out)
		}
	}
	if out, _, _ := gutcount(t, "", "merge", "--help"); !strings.Contains(out, "-q, --quiet") {
		t.Errorf("merge --help lacks -q, which quiets its summary:\n%s", out)
	}
}

// Flag errors point to the help of the command that has the flag; typos
// get cobra's suggestion on lines of their own; a flag a command does
// not use is refused.
func TestFlagErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		err  string
	}{
		{[]string{"corpus", "search", "--bogus", "x"}, "gutcount: unknown flag: --bogus (see gutcount corpus search --help)\n"},
		{[]string{"-V"}, "gutcount: unknown shorthand flag: 'V' in -V; --version prints the version (see gutcount --help)\n"},
		{[]string{"count", "--frob", "whale"}, "gutcount: unknown flag: --frob (see gutcount count --help)\n"},
		{[]string{"coutn", "whale", "2701"}, "gutcount: unknown command \"coutn\" for \"gutcount\" (see gutcount --help); did you mean count?\n"},
		{[]string{"corpus", "lst"}, "gutcount: unknown corpus command \"lst\" (see gutcount corpus --help); did you mean list?\n"},
		{[]string{"batch", "list.txt", "--freq", "--table", "xls"}, "gutcount: --table \"xls\": want parquet, csv or tsv\n"},
		{[]string{"merge", "--table", "xls", "."}, "gutcount: --table \"xls\": want parquet, csv or tsv\n"},
		{[]string{"--bogus", "count", "whale", "2701"}, "gutcount: unknown flag: --bogus (see gutcount count --help)\n"},
		{[]string{"--", "count", "whale", "2701"}, "gutcount: \"count\" after -- is no command: -- ends the flags, and goes after the command (gutcount count -- ...)\n"},
		{[]string{"--top", "3", "count", "whale", "2701"}, "gutcount: unknown flag: --top (see gutcount count --help)\n"},
		{[]string{"salary", "--retries", "3", "5"}, "gutcount: --retries does nothing for gutcount salary: it is for count, freq, kwic, where, compare, fetch, batch and corpus (see gutcount salary --help)\n"},
		{[]string{"-v", "merge", "a.txt"}, "gutcount: -v/--verbose does nothing for gutcount merge: it is for count, freq, kwic, where, compare, fetch, batch and corpus (see gutcount merge --help)\n"},
		{[]string{"--cache-dir", "/tmp", "completion", "bash"}, "gutcount: --cache-dir does nothing for gutcount completion bash: it is for count, freq, kwic, where, compare, fetch, batch and corpus (see gutcount completion bash --help)\n"},
	} {
		out, errs, code := gutcount(t, "", c.args...)
		if code != exitUsage || errs != c.err || out != "" {
			t.Errorf("gutcount %s: exit %d, stdout %q, stderr %q; want 2 and %q", strings.Join(c.args, " "), code, out, errs, c.err)
		}
	}
	// A flag's value before the command is not taken for the command,
	// even when it names one.
	if out, errs, code := gutcount(t, "merge x merge\n", "-w", "merge", "count", "-"); code != 0 || out != "2 occurrences of 'merge'\n" {
		t.Errorf("gutcount -w merge count -: exit %d, %q, %q; want 2 occurrences of 'merge'", code, out, errs)
	}
	// The download flags, and a command's own flags with a value, go
	// before or after the command.
	for _, args := range [][]string{
		{"-q", "--no-cache", "count", "whale", "../../testdata/sample/whale-primer.txt"},
		{"count", "-q", "--no-cache", "whale", "../../testdata/sample/whale-primer.txt"},
		{"--format", "text", "-q", "count", "whale", "../../testdata/sample/whale-primer.txt"},
	} {
		if out, errs, code := gutcount(t, "", args...); code != 0 || out != "3 occurrences of 'whale'\n" {
			t.Errorf("gutcount %s: exit %d, %q, %q", strings.Join(args, " "), code, out, errs)
		}
	}
}

// count's arguments: the first is the WORD unless -w gave words; flags go
// anywhere. Nothing is run.
func TestNewCmdCount(t *testing.T) {
	for _, c := range []struct {
		args    []string
		words   []string
		sources []string
		wordArg bool
	}{
		{[]string{"whale", "2701"}, []string{"whale"}, []string{"2701"}, true},
		{[]string{"whale"}, []string{"whale"}, nil, true},
		{[]string{"-w", "whale", "-w", "sea", "2701", "1342"}, []string{"whale", "sea"}, []string{"2701", "1342"}, false},
		{[]string{"2701", "-n", "whale", "--format", "csv"}, []string{"2701"}, []string{"whale"}, true},
	} {
		var got *CountOptions
		cmd := NewCmdCount(&Globals{IO: &IOStreams{}}, func(_ context.Context, o *CountOptions) error { got = o; return nil })
		cmd.SetArgs(c.args)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("count %q: %v", c.args, err)
		}
		if !slices.Equal(got.Words, c.words) || !slices.Equal(got.Sources, c.sources) || got.WordArg != c.wordArg {
			t.Errorf("count %q: words %q, sources %q, word argument %v; want %q, %q, %v", c.args, got.Words, got.Sources, got.WordArg, c.words, c.sources, c.wordArg)
		}
	}
}
