package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// The chapter 1 tools of NLTK's Text: flags, formats and exit codes; the
// numbers themselves are checked in count/colloc, against NLTK too.

func TestNewCmdCollocationsFlags(t *testing.T) {
	var got *CollocationsOptions
	cmd := NewCmdCollocations(&Globals{IO: &IOStreams{}}, func(_ context.Context, o *CollocationsOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"-p", "a.txt", "b.txt"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Window != 2 || got.Min != 2 || got.Top != 20 || got.Stop != "en" || !got.Text.StripPunct || strings.Join(got.Sources, ",") != "a.txt,b.txt" {
		t.Errorf("collocations defaults = %+v; want NLTK's: window 2, min 2, top 20, stop en", got)
	}
	var sim *SimilarOptions
	scmd := NewCmdSimilar(&Globals{IO: &IOStreams{}}, func(_ context.Context, o *SimilarOptions) error { sim = o; return nil })
	scmd.SetArgs([]string{"whale", "2701"})
	if err := scmd.Execute(); err != nil || sim.Word != "whale" || sim.Top != 20 || len(sim.Sources) != 1 {
		t.Errorf("similar whale 2701 = %+v, %v", sim, err)
	}
	var ctx *ContextsOptions
	ccmd := NewCmdContexts(&Globals{IO: &IOStreams{}}, func(_ context.Context, o *ContextsOptions) error { ctx = o; return nil })
	ccmd.SetArgs([]string{"a", "b", "2701"})
	if err := ccmd.Execute(); err != nil || strings.Join(ctx.Words, ",") != "a,b" || ctx.Source != "2701" {
		t.Errorf("contexts a b 2701 = %+v, %v", ctx, err)
	}
}

// text is hand-counted: "New York" 3 times, "York City" twice; the
// rest once, or with a stop word, or shorter than 3 characters.
const classroomText = "New York is big. New York City is the city. New York City, big apple."

func TestCollocationsFormats(t *testing.T) {
	file := writeFile(t, "ny.txt", classroomText)
	out, errs, code := gutcount(t, "", "collocations", "-p", file)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[0], "New York 3 ") || !strings.HasPrefix(lines[1], "York City 2 ") {
		t.Fatalf("collocations -p = %q (%s, exit %d); want New York 3, York City 2", out, errs, code)
	}
	tsv, _, _ := gutcount(t, "", "collocations", "-p", "--format", "tsv", file)
	if !strings.HasPrefix(tsv, "word1\tword2\tcount\tscore\nNew\tYork\t3\t") {
		t.Errorf("collocations --format tsv = %q", tsv)
	}
	js, _, _ := gutcount(t, "", "collocations", "-p", "--format", "json", file)
	var rows []struct {
		Words []string `json:"words"`
		Count int64    `json:"count"`
		Score float64  `json:"score"`
	}
	if err := json.Unmarshal([]byte(js), &rows); err != nil || len(rows) != 2 || rows[0].Words[1] != "York" || rows[0].Count != 3 || rows[0].Score <= rows[1].Score {
		t.Errorf("collocations --format json = %s (%v)", js, err)
	}
	jsl, _, _ := gutcount(t, "", "collocations", "-p", "--format", "jsonl", "--top", "1", file)
	if strings.Count(jsl, "\n") != 1 || !strings.HasPrefix(jsl, `{"words":["New","York"],"count":3,"score":`) {
		t.Errorf("collocations --format jsonl --top 1 = %q", jsl)
	}
	// --stop none keeps "the city"; --min 1 with it.
	all, _, _ := gutcount(t, "", "collocations", "-p", "-i", "--stop", "none", "--min", "1", "--top", "0", "--format", "csv", file)
	if !strings.Contains(all, "\nthe,city,1,") {
		t.Errorf("collocations --stop none --min 1 = %q; want the,city", all)
	}
	for _, bad := range [][]string{{"--window", "1"}, {"--top", "-1"}, {"--stop", "xx"}, {"--format", "yaml"}} {
		if _, errs, code := gutcount(t, "", append(append([]string{"collocations"}, bad...), file)...); code != 2 || !strings.HasPrefix(errs, "gutcount: ") {
			t.Errorf("collocations %v: exit %d, %q; want 2", bad, code, errs)
		}
	}
}

func TestSimilarContexts(t *testing.T) {
	// Hand-counted: cat has (the, sat) and (a, ran); dog both; bird (the, sat).
	file := writeFile(t, "pets.txt", "The cat sat, the dog sat. A cat ran; a dog ran. The bird sat.")
	out, errs, code := gutcount(t, "", "similar", "-p", "Cat", file)
	if code != 0 || out != "dog 2\nbird 1\n" {
		t.Errorf("similar -p Cat = %q (%s, exit %d)", out, errs, code)
	}
	csv, _, _ := gutcount(t, "", "similar", "-p", "--format", "csv", "cat", file)
	if csv != "word,score\ndog,2\nbird,1\n" {
		t.Errorf("similar --format csv = %q", csv)
	}
	if _, errs, code := gutcount(t, "", "similar", "-p", "cow", file); code != 1 || !strings.Contains(errs, "No occurrences of 'cow'") {
		t.Errorf("similar cow: exit %d, %q; want 1", code, errs)
	}
	out, _, code = gutcount(t, "", "contexts", "-p", "cat", "DOG", file)
	if code != 0 || out != "a_ran 2\nthe_sat 2\n" {
		t.Errorf("contexts -p cat DOG = %q (exit %d)", out, code)
	}
	js, _, _ := gutcount(t, "", "contexts", "-p", "--format", "jsonl", "cat", "bird", file)
	if js != `{"context":"the_sat","count":2}`+"\n" {
		t.Errorf("contexts --format jsonl = %q", js)
	}
	if _, errs, code := gutcount(t, "", "contexts", "-p", "cat", "cow", file); code != 1 || !strings.Contains(errs, "cow") {
		t.Errorf("contexts cat cow: exit %d, %q; want 1", code, errs)
	}
	if _, errs, code := gutcount(t, "", "contexts", "-p", "sat", "ran", file); code != 1 || !strings.Contains(errs, "No common contexts") {
		t.Errorf("contexts sat ran: exit %d, %q; want 1", code, errs)
	}
}

func TestFreqLengthsHapaxes(t *testing.T) {
	file := writeFile(t, "ny.txt", classroomText)
	// -n tokens: new york is big new york city is the city new york city big apple
	out, errs, code := gutcount(t, "", "freq", "-n", "--lengths", file)
	if want := "2 2\n3 6\n4 6\n5 1\n"; code != 0 || out != want {
		t.Errorf("freq -n --lengths = %q (%s); want %q", out, errs, want)
	}
	js, _, _ := gutcount(t, "", "freq", "-n", "--lengths", "--format", "json", file)
	var rows []struct{ Length, Count int }
	if err := json.Unmarshal([]byte(js), &rows); err != nil || len(rows) != 4 || rows[1].Length != 3 || rows[1].Count != 6 {
		t.Errorf("freq --lengths --format json = %s (%v)", js, err)
	}
	out, _, _ = gutcount(t, "", "freq", "-n", "--hapaxes", file)
	if out != "apple 1\nthe 1\n" {
		t.Errorf("freq -n --hapaxes = %q; want apple, the", out)
	}
	out, _, _ = gutcount(t, "", "freq", "-n", "--hapaxes", "--lengths", "--stop", "en", file)
	if out != "5 1\n" {
		t.Errorf("freq -n --hapaxes --lengths --stop en = %q; want apple's 5", out)
	}
	for _, bad := range [][]string{{"--lengths", "--top", "3"}, {"--lengths", "--stats"}, {"--hapaxes", "--chart"}} {
		if _, _, code := gutcount(t, "", append(append([]string{"freq"}, bad...), file)...); code != 2 {
			t.Errorf("freq %v: exit %d; want 2", bad, code)
		}
	}
}
