package job_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/corpus/job"
)

// writeRun writes the tables, in format, of a run of books copies of a
// book of text (counted raw, with frequencies) in a new folder of dir,
// and returns the folder.
func writeRun(t *testing.T, dir, format, text string, books int) string {
	t.Helper()
	book := filepath.Join(dir, format+"-book.txt")
	if err := os.WriteFile(book, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, format)
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	settings := job.BookSettings{Freq: true, Raw: true}
	b, err := job.NewBooks(&corpus.Library{}, settings, out)
	if err != nil {
		t.Fatal(err)
	}
	if b.Tables, err = job.NewTables(out, batch.All, format, settings); err != nil {
		t.Fatal(err)
	}
	for i := range books {
		it := batch.Item{Index: i, Line: i + 1, Text: book}
		res, err := b.Process(context.Background(), it)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Collect(it, res.Result, res.Data); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Tables.Commit(); err != nil {
		t.Fatal(err)
	}
	return out
}

// A tsv table follows freq's tsv rule: a field with quotes is written as
// it is, never quoted as csv quotes it; the csv table quotes it.
func TestTablesTSVNotQuoted(t *testing.T) {
	dir := t.TempDir()
	for format, want := range map[string]string{
		// counted by hand: "quote" twice, a,b once
		"tsv": "item\tgutenberg_id\tword\tcount\n0\t\t\"quote\"\t2\n0\t\ta,b\t1\n",
		"csv": "item,gutenberg_id,word,count\n0,,\"\"\"quote\"\"\",2\n0,,\"a,b\",1\n",
	} {
		out := writeRun(t, dir, format, `"quote" a,b "quote"`+"\n", 1)
		counts, _ := job.TablePaths(out, batch.All, format)
		if got, _ := os.ReadFile(counts); string(got) != want {
			t.Errorf("%s counts table = %q; want %q", format, got, want)
		}
	}
}

// TFIDF stops with the context's error once it is cancelled (Ctrl-C),
// and answers in full with one that is not.
func TestTFIDFCancelled(t *testing.T) {
	out := writeRun(t, t.TempDir(), "parquet", "the whale the sea a ship\n", 3)
	r, err := job.OpenRun(out)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if rows, err := r.TFIDF(context.Background(), 0); err != nil || len(rows) != 3*5 {
		t.Fatalf("TFIDF: %d rows, %v; want 15 (5 words of 3 books)", len(rows), err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if rows, err := r.TFIDF(ctx, 0); !errors.Is(err, context.Canceled) || rows != nil {
		t.Errorf("TFIDF cancelled: %d rows, %v; want context.Canceled", len(rows), err)
	}
}
