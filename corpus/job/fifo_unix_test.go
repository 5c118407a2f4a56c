//go:build unix

package job_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/corpus/job"
)

// A list line's file that Check found regular, then replaced by a FIFO
// before a worker opens it, fails its item at once, naming the FIFO, where
// opening it waited for a writer that never came and held the run.
func TestProcessFileBecameFIFO(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "book.txt")
	if err := os.WriteFile(book, []byte("a whale\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := job.NewBooks(&corpus.Library{}, job.BookSettings{Words: []string{"whale"}, Raw: true}, filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Check(book); err != nil {
		t.Fatalf("Check of a regular file: %v", err)
	}
	if _, err := b.Process(context.Background(), batch.Item{Text: book}); err != nil {
		t.Fatalf("Process of a regular file: %v", err)
	}
	if err := os.Remove(book); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(book, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	// A writer that opens the FIFO and closes it: had Process opened it
	// for reading and waited, it would read nothing and say no error,
	// where the test hung before.
	wrote := make(chan struct{})
	go func() {
		defer close(wrote)
		if w, err := os.OpenFile(book, os.O_WRONLY, 0); err == nil {
			w.Close()
		}
	}()
	_, err = b.Process(context.Background(), batch.Item{Text: book})
	if err == nil || !strings.Contains(err.Error(), "is a FIFO") {
		t.Errorf("Process of a file become a FIFO: %v; want an error saying it is a FIFO", err)
	}
	// The writer's open ends once a reader has the FIFO open.
	if r, err := os.OpenFile(book, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
		<-wrote
		r.Close()
	}
}
