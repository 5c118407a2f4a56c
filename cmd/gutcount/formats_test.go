//go:build unix

package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
)

// corpus list and info in every format, on a corpus of two books made
// here.
func TestCorpusFormats(t *testing.T) {
	m := newCatalogMirror(t)
	base := []string{"--cache-dir", t.TempDir(), "--mirror", m.URL}
	if _, errs, code := gutcount(t, "", append(base, "fetch", "2701", "1342")...); code != 0 {
		t.Fatal(errs)
	}
	run := func(args ...string) string {
		t.Helper()
		out, errs, code := gutcount(t, "", append(base, args...)...)
		if code != 0 {
			t.Fatalf("gutcount %s: exit %d: %s", strings.Join(args, " "), code, errs)
		}
		return out
	}
	out := run("corpus", "list")
	if !strings.HasPrefix(out, "ID    TITLE ") || !strings.Contains(out, "\n2701  Moby Dick; Or, The Whale ") {
		t.Errorf("corpus list:\n%s", out)
	}
	wantHeader := "id,title,author,language,size,fetched,key,url,status"
	for _, f := range []string{"tsv", "csv"} {
		out := run("corpus", "list", "--format", f)
		sep := ","
		if f == "tsv" {
			sep = "\t"
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		first := strings.Join([]string{"1342", "Pride and Prejudice", `"Austen, Jane, 1775-1817"`, "en"}, sep)
		if f == "tsv" {
			first = strings.ReplaceAll(first, `"`, "")
		}
		if len(lines) != 3 || lines[0] != strings.ReplaceAll(wantHeader, ",", sep) || !strings.HasPrefix(lines[1], first) {
			t.Errorf("corpus list --format %s:\n%s", f, out)
		}
	}
	recs, err := csv.NewReader(strings.NewReader(run("corpus", "list", "--format", "csv"))).ReadAll()
	if err != nil || len(recs) != 3 || recs[2][1] != "Moby Dick; Or, The Whale" || recs[2][8] != "ok" {
		t.Errorf("corpus list --format csv does not read back: %q, %v", recs, err)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(run("corpus", "list", "--format", "json")), &list); err != nil || len(list) != 2 || list[1]["title"] != "Moby Dick; Or, The Whale" || list[1]["status"] != "ok" {
		t.Errorf("corpus list --format json: %v, %v", list, err)
	}
	lines := strings.Split(strings.TrimSuffix(run("corpus", "list", "--format", "jsonl"), "\n"), "\n")
	var one map[string]any
	if len(lines) != 2 || json.Unmarshal([]byte(lines[0]), &one) != nil || one["gutenberg_id"] != 1342.0 {
		t.Errorf("corpus list --format jsonl: %q", lines)
	}

	// info: one JSON document by default, that jq reads.
	var doc map[string]any
	out = run("corpus", "info", "2701")
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc["title"] != "Moby Dick; Or, The Whale" || !strings.HasSuffix(doc["path"].(string), ".txt") {
		t.Errorf("corpus info: %v:\n%s", err, out)
	}
	if out := run("corpus", "info", "--format", "jsonl", "2701"); strings.Count(out, "\n") != 1 || json.Unmarshal([]byte(out), &doc) != nil {
		t.Errorf("corpus info --format jsonl:\n%s", out)
	}
	out = run("corpus", "info", "--format", "text", "2701")
	for _, want := range []string{"\ntitle          Moby Dick; Or, The Whale\n", "\ngutenberg_id   2701\n", "\npath           /"} {
		if !strings.Contains(out, want) {
			t.Errorf("corpus info --format text lacks %q:\n%s", want, out)
		}
	}
	out = run("corpus", "info", "--format", "tsv", "2701")
	if lines := strings.Split(out, "\n"); len(lines) != 3 || lines[0] != "id\ttitle\tauthor\tlanguage\tsize\tfetched\tkey\turl\tsha256\tpath" || !strings.HasPrefix(lines[1], "2701\tMoby Dick; Or, The Whale\t") {
		t.Errorf("corpus info --format tsv:\n%s", out)
	}
	if _, errs, code := gutcount(t, "", append(base, "corpus", "list", "--format", "xml")...); code != exitUsage || !strings.Contains(errs, `unknown format "xml"`) {
		t.Errorf("corpus list --format xml: exit %d, %q", code, errs)
	}
}
