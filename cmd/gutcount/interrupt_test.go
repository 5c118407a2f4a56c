package main

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"syscall"
	"testing"
)

// Case 8 of issue 19: SIGINT or SIGTERM while text is counted ends every
// command with exit 130 and a message that fits: nothing was downloaded,
// so nothing is said of a partial download. The text comes from a pipe
// the test keeps filling, so the command is certainly counting when the
// signal is sent (after its first megabyte was taken) and would never end
// by itself.
func TestSignalWhileCounting(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		args []string
	}{
		{syscall.SIGINT, []string{"count", "whale", "-"}},
		{syscall.SIGTERM, []string{"count", "the prince", "-"}},
		{syscall.SIGINT, []string{"freq", "--ngram", "3", "-"}},
		{syscall.SIGINT, []string{"freq", "-"}},
		{syscall.SIGTERM, []string{"kwic", "whale", "-"}},
		{syscall.SIGINT, []string{"where", "whale", "-"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			c := gutcountCmd(append([]string{"--no-cache", "-q"}, tc.args...)...)
			in, err := c.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			c.Stderr = &stderr
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			block := bytes.Repeat([]byte("the prince saw the whale and the sea\n"), 1<<15)
			fed := make(chan struct{})
			go func() {
				defer in.Close()
				for i := 0; ; i++ {
					if _, err := in.Write(block); err != nil {
						return // the process ended
					}
					if i == 0 {
						close(fed)
					}
				}
			}()
			<-fed
			c.Process.Signal(tc.sig)
			err = c.Wait()
			if code := exitCodeOf(err); code != exitInterrupted || stderr.String() != "gutcount: interrupted\n" {
				t.Errorf("exit %d, stderr %q after %v; want 130, \"gutcount: interrupted\"", code, stderr.String(), tc.sig)
			}
		})
	}
}

// salary --table 10000 stops at SIGINT too: the signal is sent once the
// first lines of the table came out.
func TestSignalDuringSalaryTable(t *testing.T) {
	c := gutcountCmd("salary", "--no-history", "--table", "10000")
	out, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	c.Stderr = &stderr
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(out)
	if line, err := br.ReadString('\n'); line != "1:$1000\n" {
		t.Fatalf("first line %q, %v", line, err)
	}
	c.Process.Signal(syscall.SIGINT)
	io.Copy(io.Discard, br)
	err = c.Wait()
	if code := exitCodeOf(err); code != exitInterrupted || stderr.String() != "gutcount: interrupted\n" {
		t.Errorf("exit %d, stderr %q after SIGINT; want 130, \"gutcount: interrupted\"", code, stderr.String())
	}
}
