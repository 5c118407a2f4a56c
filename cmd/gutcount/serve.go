package main

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus/serve"
	"github.com/gutcount/gutcount/count/plot"
)

// ServeOptions are the inputs of gutcount serve.
type ServeOptions struct {
	G    *Globals
	Addr string
}

// NewCmdServe returns the serve command; runF replaces serveRun in tests.
func NewCmdServe(g *Globals, runF func(context.Context, *ServeOptions) error) *cobra.Command {
	opts := &ServeOptions{G: g}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "A local web page and JSON API over the books of the corpus",
		Long: `serve shows the corpus in a web browser: the books, a book's numbers, Zipf
plot and words, kwic, where, collocations and similar words, and two books
compared, with a JSON API that answers with the rows of --format json. It
listens on --addr (default 127.0.0.1:8080, this machine only) and prints its
URL; Ctrl-C stops it. Books added on the page are fetched into the corpus with
the download flags (--mirror, --retries, --rate, ...).

  gutcount serve                             # then open http://127.0.0.1:8080/
  gutcount serve --addr 127.0.0.1:9000 --mirror https://gutenberg.pglaf.org`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return serveRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT` (another host than this machine's loopback lets anyone on the network read the corpus)")
	return cmd
}

func serveRun(ctx context.Context, opts *ServeOptions) error {
	host, _, err := net.SplitHostPort(opts.Addr)
	if err != nil {
		return usagef("--addr %q: want HOST:PORT, such as 127.0.0.1:8080", opts.Addr)
	}
	lib, err := opts.G.Library()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return &exitError{code: exitIO, err: fmt.Errorf("serve: %w", err)}
	}
	addr := ln.Addr().String()
	// The name asked for is a name of the server too (Addr holds it resolved).
	s, err := serve.New(serve.Config{Library: lib, Addr: addr, Names: []string{host}, Plots: plot.Pages{}, Log: opts.G.IO.Err})
	if err != nil {
		ln.Close()
		return err
	}
	if !serve.Loopback(addr) {
		fmt.Fprintf(opts.G.IO.Err, "gutcount: warning: %s is not this machine's loopback address: anyone on the network can read the corpus and add books\n", addr)
	}
	fmt.Fprintf(opts.G.IO.Out, "gutcount serve: http://%s/ (Ctrl-C to stop)\n", addr)
	err = s.Serve(ctx, ln)
	if errors.Is(err, context.Canceled) {
		return ctx.Err()
	}
	return err
}
