//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Tester's 10: a list that is a FIFO (as bash's <(printf '…') is) cannot
// be read twice; it is read whole, as standard input is, and the batch
// counts its books.
func TestBatchListFIFO(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "book.txt")
	os.WriteFile(book, []byte("a whale, a whale\nthe whale\n"), 0o644)
	fifo := filepath.Join(dir, "list")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		w.WriteString(book + "\n")
		w.Close()
	}()
	out := filepath.Join(dir, "out")
	_, errs, code := gutcount(t, "", "batch", fifo, "-w", "whale", "--out", out)
	if code != 0 {
		t.Fatalf("batch of a FIFO list: exit %d, %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(out, "results.jsonl"))
	if err != nil || !strings.Contains(string(b), `"counts":{"whale":2}`) {
		t.Errorf("results.jsonl = %s, %v; want whale counted 2 times", b, err)
	}
}
