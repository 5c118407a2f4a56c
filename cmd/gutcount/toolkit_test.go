package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// The references of the toolkit's commands: tokens split with
// strings.FieldsFunc, -n done with strings.TrimFunc and strings.ToLower.

// refNorm is -n on one token.
func refNorm(tok string) string {
	return strings.ToLower(strings.TrimFunc(tok, unicode.IsPunct))
}

// refTokensOf returns the tokens of s, normalised with -n when n is set,
// those that become empty left out.
func refTokensOf(s string, n bool) []string {
	var ws []string
	for _, f := range strings.FieldsFunc(s, unicode.IsSpace) {
		if n {
			f = refNorm(f)
		}
		if f != "" {
			ws = append(ws, f)
		}
	}
	return ws
}

// refPhraseAt returns the token indices where phrase (already split and
// normalised) starts in words, overlaps included.
func refPhraseAt(words, phrase []string) []int {
	var at []int
	for i := 0; i+len(phrase) <= len(words); i++ {
		if slices.Equal(words[i:i+len(phrase)], phrase) {
			at = append(at, i)
		}
	}
	return at
}

func mobyPath(t *testing.T) string {
	t.Helper()
	p := filepath.Join(sharedCorpus, "books", "pg2701-moby-dick-modern.txt")
	if _, err := os.Stat(p); err != nil {
		t.Skip("shared corpus not found:", err)
	}
	return p
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCountPhrases: phrases with overlaps and tokens of punctuation alone,
// made up and in Moby Dick (whole file, --raw, against the reference).
func TestCountPhrases(t *testing.T) {
	for _, c := range []struct {
		text string
		args []string
		want string
	}{
		{"ha ha ha ha", []string{"ha ha"}, "3 occurrences of 'ha ha'\n"},
		{"Ha, ha! HA ha.", []string{"-n", "ha ha"}, "3 occurrences of 'ha ha'\n"},
		{"Ha, ha! HA ha.", []string{"ha ha"}, "No occurrences of 'ha ha'\n"},
		{"the white — whale, the white whale", []string{"-n", "white whale"}, "2 occurrences of 'white whale'\n"},
		{"the white — whale, the white whale", []string{"white whale"}, "1 occurrence of 'white whale'\n"},
		{"the white — whale and the white whale", []string{"-w", "white — whale", "-w", "the"}, "1 occurrence of 'white — whale'\n2 occurrences of 'the'\n"},
		{"white\r\nwhale", []string{"--raw", "white whale"}, "1 occurrence of 'white whale'\n"},
	} {
		got, errs, _ := gutcount(t, c.text, append([]string{"count"}, c.args...)...)
		if got != c.want {
			t.Errorf("count %q on %q = %q (%s); want %q", c.args, c.text, got, errs, c.want)
		}
	}
	moby := mobyPath(t)
	b, _ := os.ReadFile(moby)
	words := refTokensOf(string(b), true)
	var args []string
	var want strings.Builder
	for _, p := range []string{"white whale", "the white whale", "moby dick", "sperm whale", "captain ahab", "ha ha", "of the"} {
		n := len(refPhraseAt(words, strings.Fields(p)))
		if n == 0 && p != "ha ha" {
			t.Fatalf("reference: no %q", p)
		}
		args = append(args, "-w", p)
		want.WriteString(countLineFor(n, p))
	}
	got, errs, _ := gutcount(t, "", append(append([]string{"count", "-n", "--raw"}, args...), moby)...)
	if got != want.String() {
		t.Errorf("count -n --raw phrases in Moby Dick:\n%s(%s)\nwant\n%s", got, errs, want.String())
	}
	// Without -n, and from standard input.
	raw := refTokensOf(string(b), false)
	n := len(refPhraseAt(raw, []string{"the", "whale"}))
	if got, _, _ := gutcount(t, string(b), "count", "--raw", "the whale"); got != countLineFor(n, "the whale") {
		t.Errorf("count --raw 'the whale' < moby = %q; want %d", got, n)
	}
}

// TestBatchPhrases: a phrase in batch -w is counted in each book as count
// counts it.
func TestBatchPhrases(t *testing.T) {
	out := t.TempDir()
	sample, _ := filepath.Abs("../../testdata/sample")
	list := writeFile(t, "list.txt", sample+"/whale-primer.txt\n"+sample+"/sea-primer.txt\n")
	_, errs, code := gutcount(t, "", "batch", list, "-n", "-w", "the whale", "-w", "whale", "--out", out)
	if code != 0 {
		t.Fatalf("batch: exit %d: %s", code, errs)
	}
	res, _ := os.ReadFile(filepath.Join(out, "results.jsonl"))
	for _, line := range strings.Split(strings.TrimSpace(string(res)), "\n") {
		var r struct {
			Source string           `json:"source"`
			Counts map[string]int64 `json:"counts"`
		}
		json.Unmarshal([]byte(line), &r)
		for w, n := range r.Counts {
			want, _, _ := gutcount(t, "", "count", "-n", w, r.Source)
			if want != countLineFor(int(n), w) {
				t.Errorf("batch -w %q in %s = %d; count says %q", w, r.Source, n, want)
			}
		}
		if len(r.Counts) != 2 {
			t.Errorf("batch result %s", line)
		}
	}
}
