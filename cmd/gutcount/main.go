// Command gutcount counts words in Project Gutenberg books.
//
// See README.md for every command, or run gutcount help.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/gutcount/gutcount/fetch"
	"github.com/gutcount/gutcount/internal/ttyin"
)

// interruptGrace is how long a command may take to stop after Ctrl-C or
// SIGTERM before the process exits on its own.
const interruptGrace = 750 * time.Millisecond

// stdinHint is said on stderr when gutcount starts reading a terminal.
const stdinHint = "gutcount: reading standard input (the terminal): type or paste the text, then Ctrl-D on a new line to end it, or Ctrl-C to stop"

func main() { os.Exit(run(nil)) }

// run runs gutcount on the process's arguments and streams; tune is as
// for execute.
func run(tune func(*fetch.Options)) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// returned is closed when run returns, before stop ends ctx: that end
	// is no interrupt, and the grace below must not outlive a process
	// whose exit takes long (a -race build waits a second at exit).
	returned := make(chan struct{})
	defer close(returned)
	go func() {
		// After the first Ctrl-C, a second one kills at once.
		<-ctx.Done()
		stop()
		// A command blocked where no context reaches (opening a FIFO
		// no writer opens, reading a device that never answers) ends
		// all the same: what a kill leaves, the next run cleans up.
		select {
		case <-returned:
			return // it ended, and says itself how
		case <-time.After(interruptGrace):
		}
		fmt.Fprintln(os.Stderr, "gutcount: interrupted")
		os.Exit(exitInterrupted)
	}()
	io := &IOStreams{
		In:     os.Stdin,
		Out:    os.Stdout,
		Err:    os.Stderr,
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		InTTY:  term.IsTerminal(int(os.Stdin.Fd())),
	}
	if io.InTTY {
		// A command that reads the terminal says so, and one Ctrl-D
		// or one Ctrl-C ends it.
		io.In = ttyin.New(ctx, os.Stdin, func() { fmt.Fprintln(os.Stderr, stdinHint) })
	}
	if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
		io.Width = w
	}
	return execute(ctx, io, os.Args[1:], tune)
}
