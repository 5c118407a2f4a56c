package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// compareTexts are A (100 tokens: whale 10, ship 5, the 85) and B (200:
// whale 2, bird 6, the 192), the table TestKeynessByHand in package count
// works out by hand.
func compareTexts(t *testing.T) (a, b string) {
	t.Helper()
	dir := t.TempDir()
	a, b = filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	os.WriteFile(a, []byte(strings.Repeat("the whale the ship ", 5)+strings.Repeat("the whale ", 5)+strings.Repeat("the ", 70)), 0o644)
	os.WriteFile(b, []byte(strings.Repeat("whale bird bird bird ", 2)+strings.Repeat("the\n", 192)), 0o644)
	return a, b
}

func TestCompare(t *testing.T) {
	a, b := compareTexts(t)
	// whale: E1 = 100·12/300 = 4, E2 = 8, G² = 2(10 ln 2.5 + 2 ln 0.25) = 12.78
	// ship:  G² = 2·5·ln 3 = 10.99;  bird: G² = 2·6·ln 1.5 = 4.87
	// the:   G² = 2(85 ln(85/92.33) + 192 ln(192/184.67)) = 0.89, more in B
	want := "" +
		"word   count_a  count_b  per_million_a  per_million_b     g2  overused\n" +
		"whale       10        2      100000.00       10000.00  12.78  A\n" +
		"ship         5        0       50000.00           0.00  10.99  A\n" +
		"bird         0        6           0.00       30000.00   4.87  B\n" +
		"the         85      192      850000.00      960000.00   0.89  B\n"
	got, errs, code := gutcount(t, "", "compare", "--both", a, b)
	if code != 0 || got != want {
		t.Errorf("compare --both:\n%s(%s)\nwant\n%s", got, errs, want)
	}
	csvOut, _, _ := gutcount(t, "", "compare", "--format", "csv", a, b)
	recs, err := csv.NewReader(strings.NewReader(csvOut)).ReadAll()
	if err != nil || len(recs) != 3 || strings.Join(recs[1], ",") != "whale,10,2,100000.00,10000.00,12.78,A" {
		t.Errorf("compare --format csv = %q, %v", csvOut, err)
	}
	js, _, _ := gutcount(t, "", "compare", "--format", "json", "--both", "--top", "1", a, b)
	var rows []keyRow
	if err := json.Unmarshal([]byte(js), &rows); err != nil || len(rows) != 2 || rows[0].Word != "whale" || rows[1].Word != "bird" ||
		fmt.Sprintf("%.6f %.6f", rows[0].G2, rows[1].G2) != "12.780637 4.865581" {
		t.Errorf("compare --format json --both --top 1 = %s, %v", js, err)
	}
	// --min 7: in A and B together at least 7 times (ship 5 and bird 6 are not).
	if got, _, _ := gutcount(t, "", "compare", "--min", "7", "--both", "--format", "tsv", a, b); strings.Count(got, "\n") != 3 || strings.Contains(got, "ship") || strings.Contains(got, "bird") {
		t.Errorf("compare --min 7 = %q", got)
	}
	// --stop en leaves "the" out of both: 15 and 8 tokens. ship: E1 =
	// 15·5/23 = 3.2609, G² = 2·5·ln(5/3.2609) = 4.27; whale: E1 = 15·12/23
	// = 7.8261, E2 = 4.1739, G² = 2(10 ln 1.2778 + 2 ln 0.4792) = 1.96.
	got, _, _ = gutcount(t, "", "compare", "--stop", "en", "--format", "tsv", a, b)
	if want := "word\tcount_a\tcount_b\tper_million_a\tper_million_b\tg2\toverused\n" +
		"ship\t5\t0\t333333.33\t0.00\t4.27\tA\n" +
		"whale\t10\t2\t666666.67\t250000.00\t1.96\tA\n"; got != want {
		t.Errorf("compare --stop en:\n%s\nwant\n%s", got, want)
	}
	// A frequency file, in any format, or A's text in two files joined by
	// a comma, compare the same.
	dir := t.TempDir()
	for _, f := range []string{"text", "csv", "jsonl"} {
		out, _, _ := gutcount(t, "", "freq", "--format", f, a)
		ff := filepath.Join(dir, "freq."+f)
		os.WriteFile(ff, []byte(out), 0o644)
		if got, errs, _ := gutcount(t, "", "compare", "--both", ff, b); got != want {
			t.Errorf("compare %s B:\n%s(%s)", f, got, errs)
		}
	}
	text, _ := os.ReadFile(a)
	half := bytes.Index(text, []byte("the the"))
	a1, a2 := writeFile(t, "a1.txt", string(text[:half])), writeFile(t, "a2.txt", string(text[half:]))
	if got, errs, _ := gutcount(t, "", "compare", "--both", a1+","+a2, b); got != want {
		t.Errorf("compare A1,A2 B:\n%s(%s)", got, errs)
	}
	for _, args := range [][]string{{"compare", a}, {"compare", a, writeFile(t, "empty.txt", " \n")}, {"compare", a + ",", b}, {"compare", "--top", "-1", a, b}} {
		if _, errs, code := gutcount(t, "", args...); code != exitUsage {
			t.Errorf("gutcount %q: exit %d (%s); want 2", args, code, errs)
		}
	}
}

// TestNewCmdCompare checks compare's flags and arguments without running
// it.
func TestNewCmdCompare(t *testing.T) {
	g := &Globals{IO: &IOStreams{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}}
	var c *CompareOptions
	cmd := NewCmdCompare(g, func(_ context.Context, o *CompareOptions) error { c = o; return nil })
	cmd.SetArgs([]string{"--both", "--top", "5", "--min", "3", "--stop", "de", "2229,2230", "freq.txt"})
	if err := cmd.Execute(); err != nil || c.A != "2229,2230" || c.B != "freq.txt" || !c.Both || c.Top != 5 || c.Min != 3 || c.Stop != "de" {
		t.Errorf("compare flags: %+v, %v", c, err)
	}
}
