package job

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/count"
	pqgo "github.com/parquet-go/parquet-go"
)

// The words tables of a run's shards, read one after another into one
// vocab, sum to the words table of one run over the whole list: each
// word's count and books.
func TestWordsReaderShards(t *testing.T) {
	dir := t.TempDir()
	var list []string
	for i := range 7 {
		book := filepath.Join(dir, fmt.Sprintf("book%d.txt", i))
		text := strings.Repeat("the whale and the sea\n", i+1) + fmt.Sprintf("only%d longer-than-sixteen-bytes%d mid-length-%d\n", i, i%2, i%3)
		if err := os.WriteFile(book, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		list = append(list, book)
	}
	run := func(out string, shard batch.Shard) {
		b, err := NewBooks(&corpus.Library{}, BookSettings{Freq: true}, out)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.Run(context.Background(), RunConfig{Shard: shard, Jobs: 1, Format: "text", Table: "parquet"}, strings.NewReader(strings.Join(list, "\n"))); err != nil {
			t.Fatal(err)
		}
	}
	whole, sharded := filepath.Join(dir, "whole"), filepath.Join(dir, "sharded")
	run(whole, batch.All)
	const n = 3
	for k := 1; k <= n; k++ {
		run(sharded, batch.Shard{K: k, N: n})
	}
	ctx := context.Background()
	var wantV, v vocab
	wantSums, err := readWords(ctx, []string{WordsPath(whole, batch.All, "parquet")}, "parquet", &wantV)
	if err != nil {
		t.Fatal(err)
	}
	wantSum := wantSums[0]
	want := wantV.sorted()

	var paths []string
	for k := 1; k <= n; k++ {
		paths = append(paths, WordsPath(sharded, batch.Shard{K: k, N: n}, "parquet"))
	}
	sums, err := readWords(ctx, paths, "parquet", &v)
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, s := range sums {
		sum += s
	}
	got := v.sorted()
	if sum != wantSum {
		t.Errorf("sum %d; want %d", sum, wantSum)
	}
	if !slices.Equal(got.rows, want.rows) {
		t.Errorf("frequencies %v; want %v", got.rows, want.rows)
	}
	if !slices.Equal(got.books, want.books) {
		t.Errorf("books %v; want %v", got.books, want.books)
	}

	// A table missing or damaged stops the reading there: its sum and
	// those after it are -1, with no error (the books' tables decide); a
	// cancelled reading is an error.
	damaged := filepath.Join(dir, "damaged.parquet")
	b, _ := os.ReadFile(paths[1])
	os.WriteFile(damaged, b[:len(b)/2], 0o644)
	for _, bad := range []string{filepath.Join(dir, "missing.parquet"), damaged} {
		var v vocab
		sums, err := readWords(ctx, []string{paths[0], bad, paths[2]}, "parquet", &v)
		if err != nil || sums[0] <= 0 || sums[1] != -1 || sums[2] != -1 {
			t.Errorf("readWords with %s second = %v, %v; want [>0 -1 -1], nil", filepath.Base(bad), sums, err)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := readWords(cancelled, paths, "parquet", &vocab{}); !errors.Is(err, context.Canceled) {
		t.Errorf("readWords cancelled: %v; want %v", err, context.Canceled)
	}
}

// A words table of many rows is written as several row groups, encoded
// at once (4 for 3 of wordsGroupMin and a few, whatever the cores): read back with parquet-go, and with readWords, it holds every
// row in order, with its books, as a table of one row group (a few rows)
// does.
func TestWordsTableGroups(t *testing.T) {
	n := 3*wordsGroupMin + 17
	rows := make([]count.Row, n)
	books := make([]int64, n)
	for i := range rows {
		rows[i] = count.Row{Word: fmt.Sprintf("w%07d", i), Count: int64(n - i)}
		books[i] = int64(1 + i%97)
	}
	path := filepath.Join(t.TempDir(), "words.parquet")
	if err := writeWords(path, "parquet", rows, books); err != nil {
		t.Fatal(err)
	}
	type wordsRow struct {
		Word  string `parquet:"word"`
		Count int64  `parquet:"count"`
		Books int64  `parquet:"books"`
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := pqgo.OpenFile(f, st.Size())
	if err != nil {
		t.Fatalf("parquet-go cannot open the words table: %v", err)
	}
	if g := len(pf.RowGroups()); g != 4 {
		t.Errorf("%d rows in %d row groups; want 4", n, g)
	}
	got, err := pqgo.Read[wordsRow](f, st.Size())
	if err != nil {
		t.Fatalf("parquet-go cannot read the words table: %v", err)
	}
	if len(got) != n {
		t.Fatalf("%d rows read; want %d", len(got), n)
	}
	for i, r := range got {
		if r.Word != rows[i].Word || r.Count != rows[i].Count || r.Books != books[i] {
			t.Fatalf("row %d = %+v; want %s %d %d", i, r, rows[i].Word, rows[i].Count, books[i])
		}
	}
	var v vocab
	sums, err := readWords(context.Background(), []string{path}, "parquet", &v)
	if err != nil {
		t.Fatal(err)
	}
	var want int64
	for _, r := range rows {
		want += r.Count
	}
	back := v.sorted()
	if sums[0] != want || !slices.Equal(back.rows, rows) || !slices.Equal(back.books, books) {
		t.Errorf("readWords: sum %d, %d rows; want %d, %d, the same rows and books", sums[0], len(back.rows), want, n)
	}
}

// Each worker merges the books it counts into its scratch's totals, with
// no lock; gather adds them up before the frequencies are read. Two books
// counted in two scratches give the hand-counted frequencies of both.
func TestGatherScratches(t *testing.T) {
	dir := t.TempDir()
	var books []string
	for i, text := range []string{"the whale the sea\n", "a sea of whales the end\n"} {
		path := filepath.Join(dir, fmt.Sprintf("book%d.txt", i))
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		books = append(books, path)
	}
	const want = "the 3\nsea 2\na 1\nend 1\nof 1\nwhale 1\nwhales 1\n"
	b, err := NewBooks(&corpus.Library{}, BookSettings{Freq: true}, dir)
	if err != nil {
		t.Fatal(err)
	}
	s1, s2 := b.scratch(), b.scratch()
	b.release(s1) // the first book is counted in s1
	if _, err := b.Process(context.Background(), batch.Item{Index: 0, Text: books[0]}); err != nil {
		t.Fatal(err)
	}
	b.scratch() // s1 again, busy: the second book is counted in s2
	b.release(s2)
	if _, err := b.Process(context.Background(), batch.Item{Index: 1, Text: books[1]}); err != nil {
		t.Fatal(err)
	}
	if s1.totals == nil || s2.totals == nil {
		t.Fatal("a book was not counted in a scratch of its own")
	}
	var got strings.Builder
	for _, r := range b.freqRows() {
		fmt.Fprintf(&got, "%s %d\n", r.Word, r.Count)
	}
	if got.String() != want {
		t.Errorf("gathered %q; want %q", got.String(), want)
	}
	if s1.totals != nil || s2.totals != nil {
		t.Error("gather left a scratch's totals to be added again")
	}
}

// TestEarly: the frequencies ran's goroutine writes ahead are in a
// temporary file, not at their name, until finish commits them, then
// byte for byte what writeFreq writes; committed to another name or
// format, or aborted (before they are written or after), they leave
// nothing behind.
func TestEarly(t *testing.T) {
	rows := []count.Row{{Word: "the", Count: 7}, {Word: "whale", Count: 3}, {Word: "ahab", Count: 1}}
	dir := t.TempDir()
	want := filepath.Join(dir, "want.tsv")
	if err := writeFreq(want, "tsv", rows); err != nil {
		t.Fatal(err)
	}
	wantBytes, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(want)
	names := func() []string {
		es, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var ns []string
		for _, e := range es {
			ns = append(ns, e.Name())
		}
		return ns
	}
	path := filepath.Join(dir, "freq.tsv")

	a := &early{freq: path, format: "tsv"}
	a.write(&shardWords{rows: rows}, false)
	if ns := names(); len(ns) != 1 || ns[0] == "freq.tsv" {
		t.Fatalf("written ahead: %q, want one temporary file", ns)
	}
	if ok, err := a.commit(path, "tsv"); !ok || err != nil {
		t.Fatalf("commit = %v, %v", ok, err)
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != string(wantBytes) {
		t.Fatalf("committed %q (%v), want %q", got, err, wantBytes)
	}
	a.abort() // after commit: nothing
	if ns := names(); !slices.Equal(ns, []string{"freq.tsv"}) {
		t.Fatalf("after commit and abort: %q", ns)
	}
	os.Remove(path)

	for _, other := range []struct{ path, format string }{{path, "csv"}, {filepath.Join(dir, "freq-1-of-2.tsv"), "tsv"}} {
		a := &early{freq: path, format: "tsv"}
		a.write(&shardWords{rows: rows}, false)
		if ok, _ := a.commit(other.path, other.format); ok {
			t.Fatalf("committed for %v", other)
		}
		if ns := names(); len(ns) != 0 {
			t.Fatalf("committed for %v: left %q", other, ns)
		}
	}
	a = &early{freq: path, format: "tsv"}
	a.write(&shardWords{rows: rows}, false)
	a.abort()
	if ns := names(); len(ns) != 0 {
		t.Fatalf("aborted: left %q", ns)
	}
	// Aborted (the run failed) before ran's goroutine writes: it writes
	// nothing, and finish, should it come, writes the frequencies itself.
	a = &early{freq: path, format: "tsv"}
	a.abort()
	a.write(&shardWords{rows: rows}, false)
	if ns := names(); len(ns) != 0 {
		t.Fatalf("written after abort: left %q", ns)
	}
	if ok, _ := a.commit(path, "tsv"); ok {
		t.Fatalf("committed after abort")
	}
	var none *early // a merge's: none
	none.write(&shardWords{rows: rows}, false)
	if ok, _ := none.commit(path, "tsv"); ok {
		t.Fatalf("a nil early committed")
	}
	none.abort()
}
