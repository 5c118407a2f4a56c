package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A command blocked where no context reaches, opening a FIFO that no
// writer ever opens, still ends on SIGINT: exit 130, one line.
func TestInterruptWhileBlocked(t *testing.T) {
	if _, err := os.Stat("/proc/self/task"); err != nil {
		t.Skip("no /proc to see where the process waits")
	}
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	c := gutcountCmd("count", "whale", fifo)
	var stderr syncBuffer
	c.Stderr = &stderr
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	// The open of the FIFO waits for a writer in a thread of its own.
	waitFor(t, func() bool {
		ws, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/wchan", c.Process.Pid))
		for _, w := range ws {
			if b, _ := os.ReadFile(w); string(b) == "wait_for_partner" {
				return true
			}
		}
		return false
	})
	c.Process.Signal(syscall.SIGINT)
	err := c.Wait()
	if code := exitCodeOf(err); code != exitInterrupted || strings.TrimSpace(stderr.String()) != "gutcount: interrupted" {
		t.Errorf("exit %d after SIGINT while opening a FIFO, stderr %q; want 130 and one line", code, stderr.String())
	}
}
