package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// TestKwic: as many lines as count finds, aligned on the word, contexts
// at the text's start and end, tsv and json with indices and contexts
// checked against the reference.
func TestKwic(t *testing.T) {
	text := "whale one two three\nfour whale five six seven eight nine ten whale"
	file := writeFile(t, "text.txt", text)
	got, errs, code := gutcount(t, "", "kwic", "--width", "10", "whale", file)
	want := "" +
		"           whale one two th\n" +
		"three four whale five six s\n" +
		"t nine ten whale\n"
	if code != 0 || got != want {
		t.Errorf("kwic --width 10:\n%s(%s)\nwant\n%s", got, errs, want)
	}
	tsv, _, _ := gutcount(t, "", "kwic", "--width", "10", "--format", "tsv", "whale", file)
	wantTSV := "source\tindex\tleft\ttoken\tright\n" +
		file + "\t0\t\twhale\tone two th\n" +
		file + "\t5\tthree four\twhale\tfive six s\n" +
		file + "\t12\tt nine ten\twhale\t\n"
	if tsv != wantTSV {
		t.Errorf("kwic --format tsv:\n%s\nwant\n%s", tsv, wantTSV)
	}
	// Two sources: each line names its own, padded.
	two, _, _ := gutcount(t, "", "kwic", "--width", "5", "whale", file, "-")
	if lines := strings.Split(two, "\n"); len(lines) != 4 || !strings.HasPrefix(lines[0], file+"        whale") {
		t.Errorf("kwic of two sources = %q", two)
	}

	moby := mobyPath(t)
	b, _ := os.ReadFile(moby)
	raw := strings.FieldsFunc(string(b), unicode.IsSpace)
	var kept []int // kept token i is raw token kept[i]
	var words []string
	for i, r := range raw {
		if n := refNorm(r); n != "" {
			kept, words = append(kept, i), append(words, n)
		}
	}
	runes := func(s string) []string { return strings.Split(s, "") }
	for _, w := range []string{"whale", "white whale", "queequeg"} {
		ph := strings.Fields(w)
		at := refPhraseAt(words, ph)
		out, errs, _ := gutcount(t, "", "kwic", "-n", "--raw", w, moby)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != len(at) {
			t.Fatalf("kwic -n %q: %d lines; want %d (%s)", w, len(lines), len(at), errs)
		}
		cnt, _, _ := gutcount(t, "", "count", "-n", "--raw", w, moby)
		if cnt != countLineFor(len(lines), w) {
			t.Errorf("kwic -n %q: %d lines; count says %q", w, len(lines), cnt)
		}
		// Aligned: in every line the word starts at column 42.
		for _, l := range lines {
			if got := refNorm(strings.Fields(string([]rune(l)[41:]))[0]); got != ph[0] {
				t.Fatalf("kwic -n %q: line %q does not have the word at column 42", w, l)
			}
		}
		js, _, _ := gutcount(t, "", "kwic", "-n", "--raw", "--format", "json", w, moby)
		var recs []kwicLine
		if err := json.Unmarshal([]byte(js), &recs); err != nil || len(recs) != len(at) {
			t.Fatalf("kwic --format json: %d records, %v", len(recs), err)
		}
		for i, r := range recs {
			first, last := kept[at[i]], kept[at[i]+len(ph)-1]
			left := runes(strings.Join(raw[max(0, first-40):first], " "))
			right := runes(strings.Join(raw[last+1:min(len(raw), last+41)], " "))
			want := kwicLine{
				Source: moby, Index: int64(at[i]),
				Left:  strings.TrimLeft(strings.Join(left[max(0, len(left)-40):], ""), " "),
				Token: strings.Join(raw[first:last+1], " "),
				Right: strings.TrimRight(strings.Join(right[:min(40, len(right))], ""), " "),
			}
			if r != want {
				t.Fatalf("kwic -n %q, json record %d:\n%+v\nwant\n%+v", w, i, r, want)
			}
		}
	}
	if _, errs, code := gutcount(t, "", "kwic", "narwhal", file); code != exitNoMatch || errs != "No occurrences of 'narwhal'\n" {
		t.Errorf("kwic narwhal: exit %d, %q; want 1 and a note", code, errs)
	}
	for _, args := range [][]string{{"kwic", "--stop", "en", "-i", "The", file}, {"kwic"}, {"kwic", "--width", "0", "whale", file}, {"kwic", "--format", "xml", "whale", file}} {
		if _, errs, code := gutcount(t, "", args...); code != exitUsage {
			t.Errorf("gutcount %q: exit %d (%s); want 2", args, code, errs)
		}
	}
}

// TestNewCmdKwic checks kwic's flags and arguments without running it.
func TestNewCmdKwic(t *testing.T) {
	g := &Globals{IO: &IOStreams{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}}
	var k *KwicOptions
	cmd := NewCmdKwic(g, func(_ context.Context, o *KwicOptions) error { k = o; return nil })
	cmd.SetArgs([]string{"-n", "--width", "12", "--stop", "en", "--format", "tsv", "white whale", "2701", "-"})
	if err := cmd.Execute(); err != nil || k.Word != "white whale" || !slices.Equal(k.Sources, []string{"2701", "-"}) || k.Width != 12 || k.Stop != "en" || k.Format != "tsv" || !k.Text.Normalize {
		t.Errorf("kwic flags: %+v, %v", k, err)
	}
}
