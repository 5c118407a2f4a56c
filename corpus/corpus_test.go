package corpus_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus"
)

func TestParseSource(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "book.txt")
	os.WriteFile(file, []byte("x"), 0o644)
	digits := filepath.Join(dir, "123")
	os.WriteFile(digits, []byte("x"), 0o644)
	for _, c := range []struct {
		arg  string
		kind corpus.Kind
		bad  string
	}{
		{"-", corpus.Stdin, ""},
		{file, corpus.File, ""},
		{digits, corpus.File, ""}, // a path that exists wins over an ID
		{"2701", corpus.ID, ""},
		{"https://www.gutenberg.org/cache/epub/2701/pg2701.txt", corpus.URL, ""},
		{"http://example.org/x.txt", corpus.URL, ""},
		{"0", 0, "not a valid Gutenberg ID"},
		{dir, 0, "is a directory"},
		{"ftp://example.org/x.txt", 0, "is not - (standard input)"},
		{"moby dick", 0, "is not - (standard input)"},
		{"", 0, "is not - (standard input)"},
		{"https://", 0, "is not - (standard input)"},
	} {
		s, err := corpus.ParseSource(c.arg)
		var ue *corpus.UsageError
		switch {
		case c.bad != "" && (!errors.As(err, &ue) || !strings.Contains(err.Error(), c.bad)):
			t.Errorf("ParseSource(%q) error = %v; want a usage error with %q", c.arg, err, c.bad)
		case c.bad == "" && (err != nil || s.Kind != c.kind):
			t.Errorf("ParseSource(%q) = %+v, %v; want kind %d", c.arg, s, err, c.kind)
		}
	}
	want := []string{
		"https://m.example/cache/epub/7/pg7.txt", "https://m.example/files/7/7-0.txt",
		"https://m.example/files/7/7-8.txt", "https://m.example/files/7/7.txt",
	}
	if got := corpus.IDURLs("https://m.example/", 7); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("IDURLs = %q; want %q", got, want)
	}
}

func TestReadListAndShards(t *testing.T) {
	list := "# books\n\n2701\n  11  \n2701\nnot a source\nhttps://example.org/a.txt\n-\n"
	items, err := corpus.ReadList(strings.NewReader(list))
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, it := range items {
		texts = append(texts, it.Text)
	}
	if strings.Join(texts, "|") != "2701|11|not a source|https://example.org/a.txt|-" {
		t.Fatalf("items = %q", texts)
	}
	if items[2].Err == nil || items[2].Line != 6 || items[4].Err == nil || items[1].Err != nil {
		t.Errorf("invalid lines: %+v", items)
	}
	// The shards cover the items exactly once.
	seen := map[int]int{}
	for k := 1; k <= 3; k++ {
		for i := range 100 {
			if (corpus.Shard{K: k, N: 3}).Has(i) {
				seen[i]++
			}
		}
	}
	for i := range 100 {
		if seen[i] != 1 {
			t.Fatalf("item %d in %d shards", i, seen[i])
		}
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		s   string
		env map[string]string
		k   int
		bad string
	}{
		{"2/3", nil, 2, ""},
		{"auto/4", map[string]string{"JOB_COMPLETION_INDEX": "0"}, 1, ""},
		{"auto/4", map[string]string{"SLURM_ARRAY_TASK_ID": "3"}, 4, ""},
		{"auto/4", map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1"}, 4, ""},
		{"auto/4", nil, 0, "needs JOB_COMPLETION_INDEX"},
		{"auto/4", map[string]string{"JOB_COMPLETION_INDEX": "4"}, 0, "outside 1 to 4"},
		{"0/3", nil, 0, "outside"},
		{"4/3", nil, 0, "outside"},
		{"x", nil, 0, "no /"},
		{"1/0", nil, 0, "N is not"},
	} {
		sh, err := corpus.ParseShard(c.s, env(c.env))
		if c.bad != "" && (err == nil || !strings.Contains(err.Error(), c.bad)) || c.bad == "" && (err != nil || sh.K != c.k) {
			t.Errorf("ParseShard(%q, %v) = %+v, %v; want K %d or %q", c.s, c.env, sh, err, c.k, c.bad)
		}
	}
}

func TestJournalTornLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	os.WriteFile(path, []byte(`{"item":"a","status":"done"}`+"\n"+`{"item":"b","status":"failed","error":"x"}`+"\n"+`{"item":"c","sta`), 0o644)
	j, recs, err := corpus.OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs["a"].Status != "done" || recs["b"].Error != "x" {
		t.Errorf("records = %v", recs)
	}
	if err := j.Append(corpus.Record{Item: "c", Status: "done"}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	_, recs, err = corpus.OpenJournal(path)
	if err != nil || len(recs) != 3 || recs["c"].Status != "done" {
		t.Errorf("after a torn line and an append: %v, %v", recs, err)
	}
	b, _ := os.ReadFile(path)
	if strings.Count(string(b), "\n") != 3 || strings.Contains(string(b), `"sta{`) {
		t.Errorf("journal = %q", b)
	}
	// A broken line in the middle is not silently skipped.
	os.WriteFile(path, []byte("garbage\n"+`{"item":"a","status":"done"}`+"\n"), 0o644)
	if _, _, err := corpus.OpenJournal(path); err == nil {
		t.Errorf("a journal with a broken line in the middle opened without error")
	}
}

func TestParseHeader(t *testing.T) {
	for file, want := range map[string]corpus.Header{
		"books/pg2701-moby-dick-legacy-crlf.txt": {ID: 2701, Title: "Moby Dick; or The Whale", Author: "Herman Melville", Language: "English", Encoding: "ASCII"},
		"books/pg2600-war-and-peace.txt":         {ID: 2600, Title: "War and Peace", Author: "Leo Tolstoy", Language: "English", Encoding: "UTF-8"},
		"books/pg1342-pride-and-prejudice.txt":   {ID: 1342, Title: "Pride and Prejudice", Author: "Jane Austen", Language: "English"},
	} {
		b := readShared(t, file)
		h := corpus.ParseHeader([]byte(strings.TrimPrefix(string(b[:min(len(b), 64<<10)]), "\ufeff")))
		if h.ID != want.ID || h.Title != want.Title || h.Author != want.Author || h.Language != want.Language || h.Encoding != want.Encoding {
			t.Errorf("ParseHeader(%s) = %+v; want %+v", file, h, want)
		}
	}
	if h := corpus.ParseHeader([]byte("no header at all\njust text\n")); h != (corpus.Header{}) {
		t.Errorf("ParseHeader(plain text) = %+v; want nothing", h)
	}
}
