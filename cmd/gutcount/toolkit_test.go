package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/gutcount/gutcount/count/table"
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

// TestFreqNGrams: bigrams and trigrams of Moby Dick against the
// reference, with --top, --min and --stats; every format and merge on the
// sample book.
func TestFreqNGrams(t *testing.T) {
	moby := mobyPath(t)
	b, _ := os.ReadFile(moby)
	words := strings.FieldsFunc(strings.ToLower(string(b)), unicode.IsSpace)
	for _, n := range []int{2, 3} {
		want := map[string]int64{}
		for i := 0; i+n <= len(words); i++ {
			want[strings.Join(words[i:i+n], " ")]++
		}
		var sum int64
		for _, c := range want {
			sum += c
		}
		out, errs, code := gutcount(t, "", "freq", "-i", "--raw", "--ngram", strconv.Itoa(n), moby)
		if code != 0 {
			t.Fatalf("freq --ngram %d: exit %d: %s", n, code, errs)
		}
		rows, err := table.ReadRows(strings.NewReader(out))
		if err != nil || len(rows) != len(want) {
			t.Fatalf("freq --ngram %d: %d rows, %v; want %d", n, len(rows), err, len(want))
		}
		for i, r := range rows {
			if want[r.Word] != r.Count || i > 0 && (rows[i-1].Count < r.Count || rows[i-1].Count == r.Count && rows[i-1].Word >= r.Word) {
				t.Fatalf("freq --ngram %d: row %d %+v (want count %d), not sorted like freq", n, i, r, want[r.Word])
			}
		}
		if n == 3 {
			continue // the race detector makes each run slow
		}
		top, _, _ := gutcount(t, "", "freq", "-i", "--raw", "--ngram", "2", "--top", "3", "--min", "2", moby)
		if lines := strings.SplitAfter(out, "\n"); top != strings.Join(lines[:3], "") {
			t.Errorf("--ngram 2 --top 3 = %q; want the first 3 lines", top)
		}
		stats, _, _ := gutcount(t, "", "freq", "-i", "--raw", "--ngram", "2", "--stats", moby)
		if !strings.HasPrefix(stats, fmt.Sprintf("tokens\t%d\ndistinct\t%d\n", sum, len(want))) {
			t.Errorf("--ngram 2 --stats = %q; want %d n-grams, %d distinct", stats, sum, len(want))
		}
	}
	// Every format holds the same trigrams, and merge sums two tables.
	sample := "../../testdata/sample/whale-primer.txt"
	text, _, _ := gutcount(t, "", "freq", "-n", "--ngram", "3", sample)
	want, _ := table.ReadRows(strings.NewReader(text))
	if len(want) < 50 || !strings.HasPrefix(text, "the whale is 2\n") {
		t.Fatalf("freq -n --ngram 3 of the sample = %q", text)
	}
	dir := t.TempDir()
	for _, f := range table.Formats() {
		out, _, _ := gutcount(t, "", "freq", "-n", "--ngram", "3", "--format", f, sample)
		rows, err := table.ReadRows(strings.NewReader(out))
		if err != nil || !slices.Equal(rows, want) {
			t.Errorf("freq --ngram 3 --format %s: %d rows, %v; want %d", f, len(rows), err, len(want))
		}
		os.WriteFile(filepath.Join(dir, "ngrams."+f), []byte(out), 0o644)
	}
	merged, errs, _ := gutcount(t, "", "merge", filepath.Join(dir, "ngrams.text"), filepath.Join(dir, "ngrams.csv"))
	rows, _ := table.ReadRows(strings.NewReader(merged))
	if len(rows) != len(want) || rows[0].Word != want[0].Word || rows[0].Count != 2*want[0].Count {
		t.Errorf("merge of two trigram tables: %d rows, first %+v (%s); want %d, %+v doubled", len(rows), rows[0], errs, len(want), want[0])
	}
	if _, errs, code := gutcount(t, "", "freq", "--ngram", "0", moby); code != exitUsage {
		t.Errorf("freq --ngram 0: exit %d (%s); want 2", code, errs)
	}
}

// refStopList reads a stop list file of count/stop.
func refStopList(t *testing.T, lang string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "count", "stop", "snowball", lang+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]bool{}
	for _, w := range strings.Fields(string(b)) {
		m[w] = true
		m[strings.ReplaceAll(w, "'", "\u2019")] = true // don’t is don't
	}
	return m
}

// TestFreqStop: --stop en on Moby Dick and --stop de on Faust, words and
// bigrams, and a list of one's own.
func TestFreqStop(t *testing.T) {
	moby := mobyPath(t)
	faust := filepath.Join(sharedCorpus, "books", "pg2229-faust-de.txt")
	for _, c := range []struct{ lang, book string }{{"en", moby}, {"de", faust}} {
		b, _ := os.ReadFile(c.book)
		stop := refStopList(t, c.lang)
		text := strings.TrimPrefix(string(b), "\ufeff") // a byte-order mark is no token
		words := strings.FieldsFunc(strings.ToLower(text), unicode.IsSpace)
		uni, bi := map[string]int64{}, map[string]int64{}
		for i, w := range words {
			if !stop[w] {
				uni[w]++
			}
			if i+1 < len(words) && !(stop[w] && stop[words[i+1]]) {
				bi[w+" "+words[i+1]]++
			}
		}
		for n, want := range map[int]map[string]int64{1: uni, 2: bi} {
			out, errs, _ := gutcount(t, "", "freq", "-i", "--raw", "--stop", c.lang, "--ngram", strconv.Itoa(n), c.book)
			rows, _ := table.ReadRows(strings.NewReader(out))
			if len(rows) != len(want) {
				t.Fatalf("freq --stop %s --ngram %d %s: %d rows; want %d (%s)", c.lang, n, filepath.Base(c.book), len(rows), len(want), errs)
			}
			for _, r := range rows {
				if want[r.Word] != r.Count {
					t.Fatalf("freq --stop %s --ngram %d: %q = %d; want %d", c.lang, n, r.Word, r.Count, want[r.Word])
				}
			}
		}
	}
	mine := writeFile(t, "mine.txt", "# mine\nWhale\nthe\n")
	got, _, _ := gutcount(t, "", "freq", "-i", "--stop", mine, "--top", "2", "../../testdata/sample/whale-primer.txt")
	if got != "is 4\na 4\n" && got != "a 4\nis 4\n" {
		t.Errorf("freq -i --stop mine.txt --top 2 = %q; want a and is", got)
	}
	if _, errs, code := gutcount(t, "", "freq", "--stop", "xx", moby); code != exitUsage || !strings.Contains(errs, "neither a language") {
		t.Errorf("freq --stop xx: exit %d, %q", code, errs)
	}
}

// TestNewCmdFreqToolkit checks freq's --ngram and --stop without running.
func TestNewCmdFreqToolkit(t *testing.T) {
	g := &Globals{IO: &IOStreams{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}}
	var f *FreqOptions
	cmd := NewCmdFreq(g, func(_ context.Context, o *FreqOptions) error { f = o; return nil })
	cmd.SetArgs([]string{"--ngram", "3", "--stop", "fr", "17989"})
	if err := cmd.Execute(); err != nil || f.NGram != 3 || f.Stop != "fr" || !slices.Equal(f.Sources, []string{"17989"}) {
		t.Errorf("freq flags: %+v, %v", f, err)
	}
}
