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

// A list item that is a FIFO with no writer, or a device such as
// /dev/zero, held a worker and the run for ever (as wc does); it is now a
// failed item, refused before the run (exit 4, its reason named), and the
// other books are counted. A list of nothing but such items is no list.
func TestBatchItemNotRegular(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "book.txt")
	os.WriteFile(book, []byte("a whale, a whale\nthe whale\n"), 0o644)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	list := filepath.Join(dir, "list.txt")
	os.WriteFile(list, []byte(fifo+"\n/dev/zero\n"+book+"\n"), 0o644)
	out := filepath.Join(dir, "out")
	_, errs, code := gutcount(t, "", "batch", list, "-w", "whale", "--out", out)
	if code != 4 || !strings.Contains(errs, fifo+" is a FIFO") || !strings.Contains(errs, "/dev/zero is a device") {
		t.Errorf("batch with a FIFO and /dev/zero as items: exit %d, %s; want 4, both named", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(out, "results.jsonl"))
	if err != nil || !strings.Contains(string(b), `"counts":{"whale":2}`) || strings.Count(string(b), "\n") != 1 {
		t.Errorf("results.jsonl = %s, %v; want the one book, whale counted 2 times", b, err)
	}
	only := filepath.Join(dir, "only.txt")
	os.WriteFile(only, []byte("/dev/zero\n"), 0o644)
	_, errs, code = gutcount(t, "", "batch", only, "-w", "whale", "--out", filepath.Join(dir, "out2"))
	if code != 2 || !strings.Contains(errs, "line 1: /dev/zero is a device") {
		t.Errorf("batch of a list of /dev/zero: exit %d, %s; want 2, the device named", code, errs)
	}
}

// A merge that fails half-way (a FIFO planted at a shard's frequencies,
// and at its words table, which merge reads first) leaves none of its
// temporary tables in the run folder.
func TestMergeFailureLeavesNoTemps(t *testing.T) {
	out, list := filepath.Join(t.TempDir(), "run"), sampleList(t)
	for _, k := range []string{"1/2", "2/2"} {
		if _, errs, code := gutcount(t, "", "batch", list, "-n", "--freq", "--table", "csv", "-q", "--shard", k, "--out", out); code != 0 {
			t.Fatalf("batch --shard %s: exit %d: %s", k, code, errs)
		}
	}
	freqs, _ := filepath.Glob(filepath.Join(out, "freq-1-of-2.*"))
	if len(freqs) != 1 {
		t.Fatalf("shard 1's frequencies: %q; want one file", freqs)
	}
	for _, f := range []string{freqs[0], filepath.Join(out, "words-1-of-2.csv")} {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(f, 0o600); err != nil {
			t.Skip("no FIFOs here:", err)
		}
	}
	if _, errs, code := gutcount(t, "", "merge", "-q", out); code != exitIO {
		t.Fatalf("merge with a FIFO at %s: exit %d, %s; want 3", freqs[0], code, errs)
	}
	ents, _ := os.ReadDir(out)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("%s left in the run folder by a failed merge", e.Name())
		}
	}
}
