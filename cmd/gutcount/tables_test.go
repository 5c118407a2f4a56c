package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	pqgo "github.com/parquet-go/parquet-go"

	"github.com/gutcount/gutcount/corpus/job"
	"github.com/gutcount/gutcount/count/table"
)

type countsRow struct {
	Item  int64  `parquet:"item"`
	ID    *int64 `parquet:"gutenberg_id,optional"`
	Word  string `parquet:"word"`
	Count int64  `parquet:"count"`
}

type booksRow struct {
	Item     int64  `parquet:"item"`
	Line     int64  `parquet:"line"`
	Source   string `parquet:"source"`
	ID       *int64 `parquet:"gutenberg_id,optional"`
	Key      string `parquet:"key"`
	Title    string `parquet:"title"`
	Author   string `parquet:"author"`
	Language string `parquet:"language"`
	Tokens   int64  `parquet:"tokens"`
	Types    int64  `parquet:"types"`
	Whale    int64  `parquet:"whale"`
}

func readParquet[T any](t *testing.T, path string) []T {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := pqgo.Read[T](bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("parquet-go cannot read %s: %v", path, err)
	}
	return rows
}

// The tables of a batch, read back with parquet-go: the counts of every
// book sum to freq.txt, each book's rows are sorted as freq sorts them,
// and its books row holds its tokens, types and -w counts, counted here
// again from the shelf's bodies. The csv tables hold the same rows.
func TestBatchTables(t *testing.T) {
	m := newBatchMirror(t, 0)
	list := []int{5000, 5001, 5002, 5003, 5004, 5005, 5006} // 5003 is missing: failed, not in the tables
	path := writeList(t, list)
	cache, out, outCSV := t.TempDir(), t.TempDir(), t.TempDir()
	for _, o := range []struct{ out, table string }{{out, "parquet"}, {outCSV, "csv"}} {
		_, errs, code := gutcount(t, "", "--mirror", m.URL, "--cache-dir", cache, "batch", path, "-n", "--freq", "-w", "whale", "--table", o.table, "--out", o.out, "--failed-ok")
		if code != 0 {
			t.Fatalf("batch --table %s: exit %d: %s", o.table, code, errs)
		}
	}
	counts := readParquet[countsRow](t, filepath.Join(out, "counts.parquet"))
	books := readParquet[booksRow](t, filepath.Join(out, "books.parquet"))
	if len(books) != 6 {
		t.Fatalf("books.parquet has %d rows; want 6 (the done books)", len(books))
	}
	total := map[string]int64{}
	perItem := map[int64][]countsRow{}
	var order []int64
	for _, r := range counts {
		if r.Count <= 0 {
			t.Errorf("count %d for %q", r.Count, r.Word)
		}
		if n := len(order); n == 0 || order[n-1] != r.Item {
			order = append(order, r.Item)
		}
		perItem[r.Item] = append(perItem[r.Item], r)
		total[r.Word] += r.Count
	}
	if len(order) != len(perItem) {
		t.Errorf("rows not grouped by item: %v", order)
	}
	for _, b := range books {
		rows := perItem[b.Item]
		body := shelf[list[b.Item]%5].body
		var tokens int64
		for i, r := range rows {
			tokens += r.Count
			if r.ID == nil || *r.ID != int64(list[b.Item]) {
				t.Errorf("item %d: gutenberg_id %v; want %d", b.Item, r.ID, list[b.Item])
			}
			if i > 0 && (r.Count > rows[i-1].Count || r.Count == rows[i-1].Count && r.Word <= rows[i-1].Word) {
				t.Errorf("item %d: row %d (%s %d) after (%s %d): not by count then word", b.Item, i, r.Word, r.Count, rows[i-1].Word, rows[i-1].Count)
			}
		}
		if b.Tokens != tokens || b.Types != int64(len(rows)) {
			t.Errorf("item %d: tokens %d, types %d; its rows sum to %d in %d rows", b.Item, b.Tokens, b.Types, tokens, len(rows))
		}
		if want := refWords(body, "whale", true); b.Whale != want {
			t.Errorf("item %d: whale = %d; want %d", b.Item, b.Whale, want)
		}
		if b.Line != b.Item+3 || b.Source != strconv.Itoa(list[b.Item]) {
			t.Errorf("item %d: line %d, source %q", b.Item, b.Line, b.Source)
		}
	}
	freq, _ := os.ReadFile(filepath.Join(out, "freq.txt"))
	lines := strings.Split(strings.TrimSpace(string(freq)), "\n")
	if len(lines) != len(total) {
		t.Errorf("freq.txt has %d words, the counts table %d", len(lines), len(total))
	}
	for _, l := range lines {
		w, c, _ := strings.Cut(l, " ")
		if n, _ := strconv.ParseInt(c, 10, 64); total[w] != n {
			t.Errorf("%s: %d in freq.txt, %d in the counts table", w, n, total[w])
		}
	}

	// The csv tables: a header, then the same rows.
	recs := readCSV(t, filepath.Join(outCSV, "counts.csv"))
	if strings.Join(recs[0], ",") != "item,gutenberg_id,word,count" || len(recs) != len(counts)+1 {
		t.Fatalf("counts.csv: header %v, %d rows; want %d", recs[0], len(recs)-1, len(counts))
	}
	for i, r := range counts {
		want := []string{strconv.FormatInt(r.Item, 10), strconv.FormatInt(*r.ID, 10), r.Word, strconv.FormatInt(r.Count, 10)}
		if strings.Join(recs[i+1], "\x00") != strings.Join(want, "\x00") {
			t.Fatalf("counts.csv row %d = %q; want %q", i+1, recs[i+1], want)
		}
	}
	bcsv, _ := os.ReadFile(filepath.Join(outCSV, "books.csv"))
	if !strings.HasPrefix(string(bcsv), "item,line,source,gutenberg_id,key,title,author,language,tokens,types,whale\n") || strings.Count(string(bcsv), "\n") != 7 {
		t.Errorf("books.csv:\n%s", bcsv)
	}
}

// tfidf and rank against a reference computed here from the counts table
// as parquet-go reads it, with tidytext's formulas.
func TestTFIDFRank(t *testing.T) {
	m := newBatchMirror(t, 0)
	list := []int{5100, 5101, 5102, 5104, 5105, 5106}
	path := writeList(t, list)
	out := t.TempDir()
	if _, errs, code := gutcount(t, "", "--mirror", m.URL, "--cache-dir", t.TempDir(), "batch", path, "-n", "--freq", "--table", "parquet", "--out", out); code != 0 {
		t.Fatalf("batch: exit %d: %s", code, errs)
	}
	counts := readParquet[countsRow](t, filepath.Join(out, "counts.parquet"))
	df := map[string]int{}
	tokens := map[int64]int64{}
	books := map[int64]bool{}
	for _, r := range counts {
		df[r.Word]++
		tokens[r.Item] += r.Count
		books[r.Item] = true
	}
	type ref struct {
		item  int64
		word  string
		tfidf float64
	}
	var want []ref
	for item := range int64(len(list)) {
		var rows []ref
		for _, r := range counts {
			if r.Item == item {
				tf := float64(r.Count) / float64(tokens[item])
				rows = append(rows, ref{item, r.Word, tf * math.Log(float64(len(books))/float64(df[r.Word]))})
			}
		}
		sort.Slice(rows, func(i, j int) bool {
			if rows[i].tfidf != rows[j].tfidf {
				return rows[i].tfidf > rows[j].tfidf
			}
			return rows[i].word < rows[j].word
		})
		want = append(want, rows[:min(3, len(rows))]...)
	}
	got, errs, code := gutcount(t, "", "tfidf", "--top", "3", "--format", "csv", out)
	if code != 0 {
		t.Fatalf("tfidf: exit %d: %s", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(got)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "item,gutenberg_id,title,word,count,tf,idf,tf_idf" || len(recs)-1 != len(want) {
		t.Fatalf("tfidf: header %v, %d rows; want %d", recs[0], len(recs)-1, len(want))
	}
	for i, w := range want {
		r := recs[i+1]
		f, _ := strconv.ParseFloat(r[7], 64)
		if r[0] != strconv.FormatInt(w.item, 10) || r[3] != table.Clean(w.word) || f != w.tfidf {
			t.Errorf("tfidf row %d = %v; want item %d %s %v", i+1, r, w.item, w.word, w.tfidf)
		}
	}

	// rank: per million of the book's tokens, highest first.
	got, errs, code = gutcount(t, "", "rank", "war", filepath.Join(out, "counts.parquet"), "--top", "0", "--format", "tsv")
	if code != 0 {
		t.Fatalf("rank: exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(got), "\n")
	prev := math.Inf(1)
	n := 0
	for _, l := range lines[1:] {
		f := strings.Split(l, "\t")
		item, _ := strconv.Atoi(f[0])
		c, _ := strconv.ParseInt(f[4], 10, 64)
		pm, _ := strconv.ParseFloat(f[6], 64)
		body := shelf[list[item]%5].body
		if wantC := refWords(body, "war", true); c != wantC || pm != float64(c)/float64(tokens[int64(item)])*1e6 || pm > prev {
			t.Errorf("rank row %q: want count %d of %d tokens, in descending order", l, wantC, tokens[int64(item)])
		}
		prev = pm
		n++
	}
	want0 := 0
	for _, id := range list {
		if refWords(shelf[id%5].body, "war", true) > 0 {
			want0++
		}
	}
	if n != want0 {
		t.Errorf("rank war: %d books; want %d (those that use it)", n, want0)
	}
	// A run without tables: one line saying what to rerun.
	_, errs, code = gutcount(t, "", "tfidf", t.TempDir())
	if code != 2 || !strings.Contains(errs, "--freq --table parquet") || strings.Count(errs, "\n") != 1 {
		t.Errorf("tfidf of a run without tables: exit %d, %q", code, errs)
	}
}

// Flags and arguments of tfidf and rank, parsed without running.
func TestNewCmdTFIDFRank(t *testing.T) {
	var tf *TFIDFOptions
	cmd := NewCmdTFIDF(&Globals{IO: &IOStreams{}}, func(_ context.Context, o *TFIDFOptions) error { tf = o; return nil })
	cmd.SetArgs([]string{"--top", "3", "--format", "csv", "run1"})
	if err := cmd.Execute(); err != nil || tf.Run != "run1" || tf.Top != 3 || tf.Format != "csv" {
		t.Errorf("tfidf --top 3 --format csv run1: %+v, %v", tf, err)
	}
	var rk *RankOptions
	cmd = NewCmdRank(&Globals{IO: &IOStreams{}}, func(_ context.Context, o *RankOptions) error { rk = o; return nil })
	cmd.SetArgs([]string{"whale", "sea", "run1/counts.parquet"})
	if err := cmd.Execute(); err != nil || rk.Run != "run1/counts.parquet" || strings.Join(rk.Words, ",") != "whale,sea" || rk.Top != 10 || rk.Format != "tsv" {
		t.Errorf("rank whale sea RUN: %+v, %v", rk, err)
	}
	cmd = NewCmdRank(&Globals{IO: &IOStreams{}}, func(context.Context, *RankOptions) error { return nil })
	cmd.SetArgs([]string{"run1"})
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	if err := cmd.Execute(); err == nil {
		t.Error("rank with a RUN and no WORD: no error")
	}
}

// rank normalises its words as the run did (-n here: "Whale" is
// "whale"), says when no book has them (exit 1), and refuses an empty
// word or one with white space that is no -w phrase of the run (exit 2),
// as similar and contexts do.
func TestRankNormalisesWords(t *testing.T) {
	out, list := filepath.Join(t.TempDir(), "run"), sampleList(t)
	if _, errs, code := gutcount(t, "", "batch", list, "-n", "-w", "Moby Dick", "--freq", "--table", "parquet", "-q", "--out", out); code != 0 {
		t.Fatalf("batch: exit %d: %s", code, errs)
	}
	lower, _, code := gutcount(t, "", "rank", "whale", out)
	if code != 0 || strings.Count(lower, "\n") < 2 {
		t.Fatalf("rank whale: exit %d:\n%s", code, lower)
	}
	if got, errs, code := gutcount(t, "", "rank", "Whale,", out); got != lower || code != 0 {
		t.Errorf("rank Whale, = exit %d %q, %s; want the rows of rank whale:\n%s", code, got, errs, lower)
	}
	if got, errs, code := gutcount(t, "", "rank", "Whalez", out); code != 1 || got != "" || errs != "No occurrences of 'Whalez'\n" {
		t.Errorf("rank Whalez = exit %d, %q, %q; want exit 1 and No occurrences", code, got, errs)
	}
	if _, errs, code := gutcount(t, "", "rank", "moby  DICK", out); code != 0 && code != 1 {
		t.Errorf("rank of the -w phrase: exit %d, %s", code, errs)
	}
	// A run split in shards and merged has no journal.jsonl: its shards'
	// journals tell how it normalised.
	sharded := filepath.Join(t.TempDir(), "sharded")
	for _, k := range []string{"1/2", "2/2"} {
		if _, errs, code := gutcount(t, "", "batch", list, "-n", "-w", "Moby Dick", "--freq", "--table", "parquet", "-q", "--shard", k, "--out", sharded); code != 0 {
			t.Fatalf("batch --shard %s: exit %d: %s", k, code, errs)
		}
	}
	if _, errs, code := gutcount(t, "", "merge", "-q", sharded); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, errs)
	}
	if got, errs, code := gutcount(t, "", "rank", "Whale,", sharded); got != lower || code != 0 {
		t.Errorf("rank Whale, of a merged run = exit %d %q, %s; want the rows of rank whale:\n%s", code, got, errs, lower)
	}
	src := "../../testdata/sample/whale-primer.txt"
	for _, args := range [][]string{
		{"rank", "", out}, {"rank", "two words", out},
		{"similar", "", src}, {"similar", "two words", src},
		{"contexts", "", src}, {"contexts", "two words", src}, {"contexts", "whale", "two words", src},
	} {
		if _, errs, code := gutcount(t, "", args...); code != 2 || strings.Count(errs, "\n") != 1 {
			t.Errorf("%q: exit %d, %q; want exit 2 and one line", args, code, errs)
		}
	}
}

// sampleList writes a list of two books of testdata/sample, by their
// absolute paths, and returns its path.
func sampleList(t *testing.T) string {
	t.Helper()
	list := filepath.Join(t.TempDir(), "list.txt")
	var lines string
	for _, f := range []string{"whale-primer.txt", "sea-primer.txt"} {
		abs, err := filepath.Abs(filepath.Join("../../testdata/sample", f))
		if err != nil {
			t.Fatal(err)
		}
		lines += abs + "\n"
	}
	if err := os.WriteFile(list, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	return list
}

// tfidf and rank of something that is not a run's Parquet tables: one
// line, exit 2; a run with csv tables is told to convert them with merge,
// which makes them readable.
func TestTFIDFNotARun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	if _, errs, code := gutcount(t, "", "batch", sampleList(t), "-n", "--freq", "--table", "csv", "-q", "--out", out); code != 0 {
		t.Fatalf("batch: exit %d: %s", code, errs)
	}
	convert := "gutcount merge --table parquet " + out + "\n"
	for _, c := range []struct{ path, want string }{
		{out, convert},
		{filepath.Join(out, "counts.csv"), convert},
		{filepath.Join(out, "list.txt"), "is not a batch run folder nor its counts.parquet"},
		{filepath.Join(out, "nothing"), "is not a batch run folder nor its counts.parquet"},
	} {
		for _, cmd := range [][]string{{"tfidf", c.path}, {"rank", "whale", c.path}} {
			if _, errs, code := gutcount(t, "", cmd...); code != 2 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, c.want) {
				t.Errorf("%q: exit %d, %q; want exit 2 and %q", cmd, code, errs, c.want)
			}
		}
	}
	if _, errs, code := gutcount(t, "", "merge", "--table", "parquet", out); code != 0 {
		t.Fatalf("merge --table parquet: exit %d: %s", code, errs)
	}
	if got, errs, code := gutcount(t, "", "tfidf", "--top", "1", out); code != 0 || strings.Count(got, "\n") != 3 {
		t.Errorf("tfidf after merge --table parquet: exit %d, %q, %s; want a header and a row per book", code, got, errs)
	}
}

// cancelAtWrite cancels its context at its first Write (Ctrl-C while a
// large table is written) and counts the bytes it took.
type cancelAtWrite struct {
	cancel context.CancelFunc
	n      int
}

func (c *cancelAtWrite) Write(p []byte) (int, error) {
	c.cancel()
	c.n += len(p)
	return len(p), nil
}

// The rows of tfidf and rank, written through the context, stop at the
// first write after a cancel in every format: one buffer reaches the
// output, not the table, and the error is the context's (exit 130).
func TestAnswerRowsStopOnCancel(t *testing.T) {
	recs := make([]job.RankRow, 200000)
	for i := range recs {
		recs[i] = job.RankRow{Item: int64(i), Title: "A Title", Count: 1, Tokens: 10, PerMillion: 1e5}
	}
	for _, format := range answerFormats {
		ctx, cancel := context.WithCancel(context.Background())
		out := &cancelAtWrite{cancel: cancel}
		made := 0
		err := writeRecords(table.ContextWriter(ctx, out), format, []string{"item", "title"}, recs, func(r job.RankRow, _ bool) []string {
			made++
			return []string{itoa(r.Item), r.Title}
		})
		if !errors.Is(err, context.Canceled) || out.n > 64<<10 || (format != "json" && format != "jsonl" && made == len(recs)) {
			t.Errorf("%s: %v, %d bytes written, %d rows made; want context.Canceled after one buffer", format, err, out.n, made)
		}
	}
}
