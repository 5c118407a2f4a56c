package job_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/corpus/job"
)

// A tsv table follows freq's tsv rule: a field with quotes is written as
// it is, never quoted as csv quotes it; the csv table quotes it.
func TestTablesTSVNotQuoted(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "book.txt")
	if err := os.WriteFile(book, []byte(`"quote" a,b "quote"`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for format, want := range map[string]string{
		// counted by hand: "quote" twice, a,b once
		"tsv": "item\tgutenberg_id\tword\tcount\n0\t\t\"quote\"\t2\n0\t\ta,b\t1\n",
		"csv": "item,gutenberg_id,word,count\n0,,\"\"\"quote\"\"\",2\n0,,\"a,b\",1\n",
	} {
		settings := job.BookSettings{Freq: true, Raw: true}
		out := filepath.Join(dir, format)
		if err := os.Mkdir(out, 0o755); err != nil {
			t.Fatal(err)
		}
		books, err := job.NewBooks(&corpus.Library{}, settings, out)
		if err != nil {
			t.Fatal(err)
		}
		if books.Tables, err = job.NewTables(out, batch.All, format, settings); err != nil {
			t.Fatal(err)
		}
		it := batch.Item{Text: book}
		res, err := books.Process(context.Background(), it)
		if err != nil {
			t.Fatal(err)
		}
		if err := books.Collect(it, res.Result, res.Data); err != nil {
			t.Fatal(err)
		}
		if err := books.Tables.Commit(); err != nil {
			t.Fatal(err)
		}
		counts, _ := job.TablePaths(out, batch.All, format)
		if got, _ := os.ReadFile(counts); string(got) != want {
			t.Errorf("%s counts table = %q; want %q", format, got, want)
		}
	}
}
