package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

type wordsRow struct {
	Word  string `parquet:"word"`
	Count int64  `parquet:"count"`
	Books int64  `parquet:"books"`
}

// The words table of a batch, read back with parquet-go: each word of
// freq.txt, in its order, with its count and the number of books whose
// rows in the counts table have it; the csv table holds the same rows.
// tfidf answers the same from it as from the counts table alone, and a
// words table that does not agree with the run's other tables is not
// used.
func TestBatchWordsTable(t *testing.T) {
	m := newBatchMirror(t, 0)
	path := writeList(t, []int{5200, 5201, 5202, 5203, 5204, 5205, 5206, 5207})
	cache, out, outCSV := t.TempDir(), t.TempDir(), t.TempDir()
	for _, o := range []struct{ out, table string }{{out, "parquet"}, {outCSV, "csv"}} {
		_, errs, code := gutcount(t, "", "--mirror", m.URL, "--cache-dir", cache, "batch", path, "-n", "--freq", "--table", o.table, "--out", o.out, "--failed-ok")
		if code != 0 {
			t.Fatalf("batch --table %s: exit %d: %s", o.table, code, errs)
		}
	}
	books := map[string]int64{}
	for _, r := range readParquet[countsRow](t, filepath.Join(out, "counts.parquet")) {
		books[r.Word]++
	}
	words := readParquet[wordsRow](t, filepath.Join(out, "words.parquet"))
	freq, _ := os.ReadFile(filepath.Join(out, "freq.txt"))
	lines := strings.Split(strings.TrimSpace(string(freq)), "\n")
	if len(words) != len(lines) || len(words) != len(books) {
		t.Fatalf("words.parquet has %d rows; freq.txt %d, the counts table %d words", len(words), len(lines), len(books))
	}
	recs := readCSV(t, filepath.Join(outCSV, "words.csv"))
	if strings.Join(recs[0], ",") != "word,count,books" || len(recs) != len(words)+1 {
		t.Fatalf("words.csv: header %v, %d rows; want %d", recs[0], len(recs)-1, len(words))
	}
	for i, w := range words {
		if line := w.Word + " " + strconv.FormatInt(w.Count, 10); lines[i] != line || w.Books != books[w.Word] {
			t.Errorf("words.parquet row %d = %+v; want %q in %d books", i, w, lines[i], books[w.Word])
		}
		if want := []string{w.Word, strconv.FormatInt(w.Count, 10), strconv.FormatInt(w.Books, 10)}; strings.Join(recs[i+1], "\x00") != strings.Join(want, "\x00") {
			t.Errorf("words.csv row %d = %q; want %q", i+1, recs[i+1], want)
		}
	}

	tfidf := func() string {
		t.Helper()
		got, errs, code := gutcount(t, "", "tfidf", "--top", "0", "--format", "tsv", out)
		if code != 0 {
			t.Fatalf("tfidf: exit %d: %s", code, errs)
		}
		return got
	}
	stored := tfidf()
	wpath := filepath.Join(out, "words.parquet")
	wt, _ := os.ReadFile(wpath)
	os.Remove(wpath)
	if got := tfidf(); got != stored || strings.Count(got, "\n") != len(readParquet[countsRow](t, filepath.Join(out, "counts.parquet")))+1 {
		t.Errorf("tfidf without the words table differs from tfidf with it")
	}
	// Another run's words table: its books do not add up to this run's rows.
	other := t.TempDir()
	if _, errs, code := gutcount(t, "", "--mirror", m.URL, "--cache-dir", cache, "batch", writeList(t, []int{5200, 5201, 5202}), "-n", "--freq", "--table", "parquet", "--out", other); code != 0 {
		t.Fatalf("batch: exit %d: %s", code, errs)
	}
	b, _ := os.ReadFile(filepath.Join(other, "words.parquet"))
	os.WriteFile(wpath, b, 0o644)
	if got := tfidf(); got != stored {
		t.Errorf("tfidf with another run's words table differs from tfidf without one")
	}
	os.WriteFile(wpath, wt, 0o644)

	// Without the books table: each book's ID from the counts table, no
	// title.
	os.Remove(filepath.Join(out, "books.parquet"))
	noBooks := strings.Split(tfidf(), "\n")
	for i, l := range strings.Split(stored, "\n") {
		f := strings.Split(l, "\t")
		if len(f) > 2 && i > 0 {
			f[2] = ""
		}
		if i >= len(noBooks) || strings.Join(f, "\t") != noBooks[i] {
			t.Fatalf("tfidf without books.parquet, line %d: %q; want %q", i, noBooks[min(i, len(noBooks)-1)], strings.Join(f, "\t"))
		}
	}
}

// readCSV reads the csv file at path whole.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}
