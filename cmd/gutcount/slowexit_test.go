package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestSlowExit: a command that ended well exits 0 however long the process
// then takes to exit. Before, run's deferred stop ended its context, which
// started the interrupt's grace as if Ctrl-C had been pressed, and a
// process not gone within it (a -race build waits a second at exit) said
// "gutcount: interrupted" and exited 130 with its work done.
func TestSlowExit(t *testing.T) {
	c := exec.Command(os.Args[0], "--version")
	c.Env = append(os.Environ(), "GUTCOUNT_TEST_MAIN=1", "GUTCOUNT_TEST_SLOW_EXIT=1")
	var stdout, stderr bytes.Buffer
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Run(); err != nil || strings.Contains(stderr.String(), "interrupted") {
		t.Fatalf("gutcount --version, slow to exit: %v, stderr %q", err, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "gutcount version ") {
		t.Fatalf("stdout %q", stdout.String())
	}
}
