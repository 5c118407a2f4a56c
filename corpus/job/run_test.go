package job_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/corpus/job"
	"github.com/gutcount/gutcount/internal/parquet"
)

// The temporary files of a shard's tables that a killed run left (its
// words table's too) are removed by the next run of the shard; another
// shard's are not its to remove.
func TestRunRemovesKilledTemps(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "book.txt")
	if err := os.WriteFile(book, []byte("the whale the sea\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	temps := map[string]bool{ // removed
		".words-1-of-2.parquet.tmp123": true, ".counts-1-of-2.parquet.tmp4": true,
		".books-1-of-2.parquet.tmp5": true, ".freq-1-of-2.txt.tmp6": true,
		".words-2-of-2.parquet.tmp7": false,
	}
	killed := time.Now().Add(-time.Hour) // by a process before this one
	for name := range temps {
		path := filepath.Join(out, name)
		os.WriteFile(path, []byte("half"), 0o644)
		os.Chtimes(path, killed, killed)
	}
	b, err := job.NewBooks(&corpus.Library{}, job.BookSettings{Freq: true}, out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Run(context.Background(), job.RunConfig{Shard: batch.Shard{K: 1, N: 2}, Jobs: 1, Format: "text", Table: "parquet"}, strings.NewReader(book+"\n")); err != nil {
		t.Fatal(err)
	}
	for name, removed := range temps {
		if _, err := os.Lstat(filepath.Join(out, name)); (err == nil) == removed {
			t.Errorf("%s: there after the run = %v; want %v", name, err == nil, !removed)
		}
	}
}

// A run sorts its merged frequencies while the engine writes its results
// when no book of an earlier run is to be added to them, and after, when
// one is: both give the frequencies and words table of hand-counted books,
// with and without tables.
func TestRunFreqFreshAndResumed(t *testing.T) {
	dir := t.TempDir()
	var books []string
	for i, text := range []string{"the whale the sea\n", "a sea of whales the end\n", "the the the cat\n"} {
		path := filepath.Join(dir, fmt.Sprintf("book%d.txt", i))
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		books = append(books, path)
	}
	const wantFreq = "the 6\nsea 2\na 1\ncat 1\nend 1\nof 1\nwhale 1\nwhales 1\n"
	const wantWords = "word,count,books\nthe,6,3\nsea,2,2\na,1,1\ncat,1,1\nend,1,1\nof,1,1\nwhale,1,1\nwhales,1,1\n"
	run := func(out, table string, list []string) {
		t.Helper()
		b, err := job.NewBooks(&corpus.Library{}, job.BookSettings{Freq: true}, out)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.Run(context.Background(), job.RunConfig{Jobs: 2, Format: "text", Table: table}, strings.NewReader(strings.Join(list, "\n")+"\n")); err != nil {
			t.Fatal(err)
		}
	}
	for _, table := range []string{"", "csv"} {
		fresh, resumed := filepath.Join(dir, "fresh"+table), filepath.Join(dir, "resumed"+table)
		run(fresh, table, books)
		run(resumed, table, books[:2])
		run(resumed, table, books) // two of its books done before
		for _, out := range []string{fresh, resumed} {
			if got, _ := os.ReadFile(filepath.Join(out, "freq.txt")); string(got) != wantFreq {
				t.Errorf("%s: freq.txt = %q; want %q", out, got, wantFreq)
			}
			if table == "" {
				continue
			}
			if got, _ := os.ReadFile(filepath.Join(out, "words.csv")); string(got) != wantWords {
				t.Errorf("%s: words.csv = %q; want %q", out, got, wantWords)
			}
		}
	}
}

// A book counted by an earlier run, when the list had it at another place
// (a line put before it since, the list reordered), is in the counts
// table under its item in this run's list, as in results.jsonl and the
// books table: tfidf and rank join the tables on it.
func TestRunResumedListReordered(t *testing.T) {
	dir := t.TempDir()
	var books []string
	for i, text := range []string{"the whale\n", "a sea\n", "cat cat\n"} {
		path := filepath.Join(dir, fmt.Sprintf("book%d.txt", i))
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		books = append(books, path)
	}
	// The counts table's rows, item by item, of the list in the order
	// books[2], books[0], books[1]: hand-counted.
	const want = "item,gutenberg_id,word,count\n0,,cat,2\n1,,the,1\n1,,whale,1\n2,,a,1\n2,,sea,1\n"
	for _, table := range []string{"csv", "tsv"} {
		out := filepath.Join(dir, "out"+table)
		for _, list := range [][]string{books[:2], {books[2], books[0], books[1]}} {
			b, err := job.NewBooks(&corpus.Library{}, job.BookSettings{Freq: true}, out)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := b.Run(context.Background(), job.RunConfig{Jobs: 1, Format: "text", Table: table}, strings.NewReader(strings.Join(list, "\n")+"\n")); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := os.ReadFile(filepath.Join(out, "counts."+table))
		if w := strings.ReplaceAll(want, ",", map[string]string{"csv": ",", "tsv": "\t"}[table]); string(got) != w {
			t.Errorf("counts.%s after a resumed run of the list reordered:\n%s\nwant:\n%s", table, got, w)
		}
	}
}

// TestMergeShardsListReordered: shards run again over a list that has
// changed (two lines put at its top) keep the blocks of the books they
// counted before, under the items of the old list; the merge puts their
// rows under the new ones, as results.jsonl and the books table have them.
func TestMergeShardsListReordered(t *testing.T) {
	dir := t.TempDir()
	var books []string
	for i, text := range []string{"the whale\n", "a sea\n", "cat cat\n", "dog\n"} {
		path := filepath.Join(dir, fmt.Sprintf("book%d.txt", i))
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		books = append(books, path)
	}
	// The counts table's rows, item by item, of the list books[2],
	// books[3], books[0], books[1]: hand-counted. books[0] and books[1]
	// stay in their shards (items 0 and 2 in shard 1, 1 and 3 in shard 2).
	const want = "item,gutenberg_id,word,count\n0,,cat,2\n1,,dog,1\n2,,the,1\n2,,whale,1\n3,,a,1\n3,,sea,1\n"
	for _, table := range []string{"csv", "parquet"} {
		out := filepath.Join(dir, "out"+table)
		for _, list := range [][]string{books[:2], {books[2], books[3], books[0], books[1]}} {
			for k := 1; k <= 2; k++ {
				b, err := job.NewBooks(&corpus.Library{}, job.BookSettings{Freq: true}, out)
				if err != nil {
					t.Fatal(err)
				}
				cfg := job.RunConfig{Jobs: 1, Format: "text", Table: table, Shard: batch.Shard{K: k, N: 2}}
				if _, err := b.Run(context.Background(), cfg, strings.NewReader(strings.Join(list, "\n")+"\n")); err != nil {
					t.Fatal(err)
				}
			}
		}
		// The merge writes the tables in csv whatever the shards wrote.
		if _, err := job.Merge(context.Background(), out, job.MergeConfig{Format: "text", Table: "csv"}); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(filepath.Join(out, "counts.csv")); string(got) != want {
			t.Errorf("%s shards: merged counts.csv after the shards ran again over the list with two lines put at its top:\n%s\nwant:\n%s", table, got, want)
		}
		// And in Parquet, where a merge copies the blocks it need not
		// encode again straight into the table.
		if _, err := job.Merge(context.Background(), out, job.MergeConfig{Format: "text", Table: "parquet"}); err != nil {
			t.Fatal(err)
		}
		if got := parquetItems(t, filepath.Join(out, "counts.parquet")); got != "0 1 2 2 3 3" {
			t.Errorf("%s shards: merged counts.parquet's items %s, want 0 1 2 2 3 3", table, got)
		}
	}
}

// parquetItems is the item column of the counts table at path.
func parquetItems(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.Open(f, fi.Size())
	if err != nil {
		t.Fatal(err)
	}
	var items []string
	for g := range pf.RowGroups() {
		cols, err := pf.RowGroup(g, []int{pf.Column("item")})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range cols[0].Ints {
			items = append(items, fmt.Sprint(n))
		}
	}
	return strings.Join(items, " ")
}

func TestProcs(t *testing.T) {
	for _, c := range []struct{ jobs, procs, want int }{
		{1, 1, 2},   // one worker, one core: a P for the blocked call
		{1, 2, 2},   // a P to spare already
		{2, 2, 3},   // the benchmark's -j 2 on 2 cores
		{4, 2, 3},   // the default -j 4 on 2 cores: 2 count at once
		{2, 16, 16}, // never fewer than the default
		{16, 16, 17},
		{32, 16, 17},
	} {
		if got := job.Procs(c.jobs, c.procs); got != c.want {
			t.Errorf("Procs(%d, %d) = %d, want %d", c.jobs, c.procs, got, c.want)
		}
	}
}
