//go:build unix

package main

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/htmlindex"
)

// complete runs gutcount __complete ARGS and returns the values offered
// (without descriptions) and the directive line.
func complete(t *testing.T, args ...string) ([]string, string) {
	t.Helper()
	out, errs, code := gutcount(t, "", append([]string{"__complete"}, args...)...)
	if code != 0 {
		t.Fatalf("__complete %q: exit %d: %s", args, code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	var vals []string
	for _, l := range lines[:len(lines)-1] {
		v, _, _ := strings.Cut(l, "\t")
		vals = append(vals, v)
	}
	return vals, lines[len(lines)-1]
}

func TestCompletion(t *testing.T) {
	m := newCatalogMirror(t)
	cache := t.TempDir()
	if _, errs, code := gutcount(t, "", "--cache-dir", cache, "--mirror", m.URL, "fetch", "2701", "1342", "11"); code != 0 {
		t.Fatal(errs)
	}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"count", "--format", ""}, []string{"text", "tsv", "csv", "json", "jsonl"}},
		{[]string{"freq", "--format", "j"}, []string{"json", "jsonl"}},
		{[]string{"merge", "--format", "t"}, []string{"text", "tsv"}},
		{[]string{"corpus", "list", "--format", "c"}, []string{"csv"}},
		{[]string{"corpus", "info", "--format", ""}, []string{"json", "jsonl", "text", "tsv", "csv"}},
		{[]string{"corpus", "search", "--field", ""}, []string{"title", "author", "subject", "language"}},
		{[]string{"corpus", "search", "--field", "la"}, []string{"language"}},
		{[]string{"freq", "--encoding", "windows-125"}, []string{"windows-1252", "windows-1250", "windows-1251"}},
		{[]string{"batch", "list.txt", "--shard", ""}, []string{"auto/2", "auto/3", "auto/4", "auto/8", "auto/16", "1/2", "1/3", "1/4", "1/8", "1/16"}},
		{[]string{"batch", "list.txt", "--shard", "auto/1"}, []string{"auto/16"}},
		{[]string{"batch", "list.txt", "--shard", "3/1"}, []string{"3/16"}},
		{[]string{"batch", "list.txt", "--shard", "3"}, []string{"3/3", "3/4", "3/8", "3/16"}},
		{[]string{"--cache-dir", cache, "count", "whale", "1"}, []string{"11", "1342"}},
		{[]string{"--cache-dir", cache, "count", "-w", "whale", ""}, []string{"11", "1342", "2701"}},
		{[]string{"--cache-dir", cache, "count", ""}, nil}, // the WORD
		{[]string{"--cache-dir", cache, "corpus", "info", "27"}, []string{"2701"}},
	} {
		got, _ := complete(t, c.args...)
		if !slices.Equal(got, c.want) {
			t.Errorf("__complete %q = %q; want %q", c.args, got, c.want)
		}
	}
	// Every encoding offered is one that --encoding takes.
	vals, _ := complete(t, "count", "--encoding", "")
	if len(vals) < 10 {
		t.Errorf("--encoding offers %q", vals)
	}
	for _, e := range vals {
		if _, err := htmlindex.Get(e); err != nil {
			t.Errorf("--encoding offers %q, which is no encoding: %v", e, err)
		}
	}
	// A stored ID comes with its title.
	out, _, _ := gutcount(t, "", "__complete", "--cache-dir", cache, "corpus", "path", "2")
	if !strings.Contains(out, "2701\tMoby Dick; Or, The Whale\n") {
		t.Errorf("__complete corpus path 2 = %q", out)
	}
	if _, dir := complete(t, "freq", "--plot", ""); dir != ":8" { // ShellCompDirectiveFilterFileExt
		t.Errorf("--plot completes with directive %s; want file names by extension", dir)
	}
}
