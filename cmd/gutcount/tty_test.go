//go:build unix

package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/creack/pty"
)

// ttyRun starts gutcount with args and a terminal (a pty) as its
// standard input and controlling terminal, stdout and stderr pipes; it
// waits for the hint that standard input is being read, then types keys,
// and returns the exit code and stdout.
func ttyRun(t *testing.T, keys string, args ...string) (int, string) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skip("no pty:", err)
	}
	defer ptmx.Close()
	cmd := gutcountCmd(args...)
	cmd.Dir = t.TempDir()
	cmd.Stdin = tty
	var out strings.Builder
	cmd.Stdout = &out
	errPipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	// A session of its own with the pty as its terminal: Ctrl-C typed on
	// it interrupts gutcount, as in a shell.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	stderr := bufio.NewReader(errPipe)
	line, err := stderr.ReadString('\n')
	if err != nil || line != stdinHint+"\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("gutcount %q on a terminal: first stderr line %q (%v); want the hint %q", args, line, err, stdinHint)
	}
	if _, err := ptmx.WriteString(keys); err != nil {
		t.Fatal(err)
	}
	rest, _ := stderr.ReadString(0) // to the end: the pipe closes at exit
	err = cmd.Wait()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String()
	case errors.As(err, &ee):
		t.Logf("stderr: %s", rest)
		return ee.ExitCode(), out.String()
	}
	t.Fatal(err)
	return 0, ""
}

// On a terminal, count says it reads standard input, one Ctrl-D ends the
// text and one Ctrl-C interrupts (exit 130), as with cat and wc.
func TestTerminalInput(t *testing.T) {
	if _, err := os.Stat("/dev/ptmx"); err != nil {
		t.Skip("no /dev/ptmx")
	}
	t.Run("one Ctrl-D ends the text", func(t *testing.T) {
		code, out := ttyRun(t, "the whale, the whale\n\x04", "count", "-n", "whale")
		if code != 0 || out != "2 occurrences of 'whale'\n" {
			t.Errorf("count -n whale, text then one Ctrl-D: exit %d, %q; want 0, 2 occurrences", code, out)
		}
	})
	t.Run("one Ctrl-D on an empty terminal", func(t *testing.T) {
		code, out := ttyRun(t, "\x04", "count", "2701")
		if code != exitNoMatch || out != "No occurrences of '2701'\n" {
			t.Errorf("count 2701, one Ctrl-D: exit %d, %q; want 1, no occurrences", code, out)
		}
	})
	t.Run("one Ctrl-C interrupts", func(t *testing.T) {
		code, out := ttyRun(t, "the whale\n\x03", "count", "whale")
		if code != exitInterrupted || out != "" {
			t.Errorf("count whale, one Ctrl-C: exit %d, %q; want 130 and nothing", code, out)
		}
	})
	t.Run("freq, one Ctrl-D", func(t *testing.T) {
		code, out := ttyRun(t, "b a b\n\x04", "freq")
		if code != 0 || out != "b 2\na 1\n" {
			t.Errorf("freq, one Ctrl-D: exit %d, %q; want 0, b 2, a 1", code, out)
		}
	})
}
