package job_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/corpus/job"
)

// A link planted at OUT/books, before the batch or while it runs, is
// refused: no table is written where it points.
func TestBooksPlantedLink(t *testing.T) {
	dir := t.TempDir()
	out, elsewhere := filepath.Join(dir, "out"), filepath.Join(dir, "elsewhere")
	for _, d := range []string{out, elsewhere} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	book := filepath.Join(dir, "book.txt")
	if err := os.WriteFile(book, []byte("a whale, a whale\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	settings := job.BookSettings{Freq: true, Raw: true}
	lib := &corpus.Library{}

	if err := os.Symlink(elsewhere, filepath.Join(out, "books")); err != nil {
		t.Fatal(err)
	}
	if _, err := job.NewBooks(lib, settings, out); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("NewBooks with OUT/books a link: %v; want it refused", err)
	}

	// Planted once the batch has started.
	os.Remove(filepath.Join(out, "books"))
	b, err := job.NewBooks(lib, settings, out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Process(context.Background(), batch.Item{Text: book}); err != nil {
		t.Fatalf("a book before the link: %v", err)
	}
	os.RemoveAll(filepath.Join(out, "books"))
	if err := os.Symlink(elsewhere, filepath.Join(out, "books")); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Process(context.Background(), batch.Item{Text: book}); err == nil {
		t.Error("a book after the link was planted: no error")
	}
	if names, _ := os.ReadDir(elsewhere); len(names) != 0 {
		t.Errorf("%d files written through the link", len(names))
	}
}

// A book done by an earlier run is read back from its table, whatever its
// first word looks like ("[Illustration]" is no JSON array): the merged
// frequencies equal those of the run that counted it.
func TestBooksReadBack(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "book.txt")
	text := strings.Repeat("[Illustration] {x} word,count the\n", 5) + strings.Repeat("[Illustration]\n", 10)
	if err := os.WriteFile(book, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	settings := job.BookSettings{Freq: true, Raw: true}
	out := filepath.Join(dir, "out")
	first, err := job.NewBooks(&corpus.Library{}, settings, out)
	if err != nil {
		t.Fatal(err)
	}
	it := batch.Item{Text: book}
	res, err := first.Process(context.Background(), it)
	if err != nil {
		t.Fatal(err)
	}
	later, err := job.NewBooks(&corpus.Library{}, settings, out)
	if err != nil {
		t.Fatal(err)
	}
	if err := later.Collect(it, res); err != nil {
		t.Fatalf("reading back the table of a book done before: %v", err)
	}
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	first.WriteFreq(a, "text")
	later.WriteFreq(b, "text")
	want := "[Illustration] 15\nthe 5\nword,count 5\n{x} 5\n" // counted by hand
	for _, p := range []string{a, b} {
		if got, _ := os.ReadFile(p); string(got) != want {
			t.Errorf("%s = %q; want %q", filepath.Base(p), got, want)
		}
	}
}
