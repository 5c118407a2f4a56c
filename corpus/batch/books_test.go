package batch_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/batch"
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
	settings := batch.BookSettings{Freq: true, Raw: true}
	lib := &corpus.Library{}

	if err := os.Symlink(elsewhere, filepath.Join(out, "books")); err != nil {
		t.Fatal(err)
	}
	if _, err := batch.NewBooks(lib, settings, out); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("NewBooks with OUT/books a link: %v; want it refused", err)
	}

	// Planted once the batch has started.
	os.Remove(filepath.Join(out, "books"))
	b, err := batch.NewBooks(lib, settings, out)
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
