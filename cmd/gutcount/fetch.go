package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/fetch/atomicfile"
)

// FetchOptions are the inputs of gutcount fetch.
type FetchOptions struct {
	G       *Globals
	Sources []string
	Output  string
}

// NewCmdFetch returns the fetch command; runF replaces fetchRun in tests.
func NewCmdFetch(g *Globals, runF func(context.Context, *FetchOptions) error) *cobra.Command {
	opts := &FetchOptions{G: g}
	cmd := &cobra.Command{
		Use:   "fetch SOURCE... [-o PATH]",
		Short: "Download books into the corpus and print where each is",
		Example: `  gutcount fetch 2701 1342
  gutcount fetch 2701 -o moby-dick.txt
  gutcount fetch https://www.gutenberg.org/cache/epub/11/pg11.txt -o books/`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("fetch needs at least one SOURCE (a Gutenberg ID or a URL)")
			}
			return nil
		},
		ValidArgsFunction: completeSources(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Sources = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return fetchRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "also copy the book to PATH (a directory when several sources are given)")
	return cmd
}

func fetchRun(ctx context.Context, opts *FetchOptions) error {
	srcs, err := parseSources(opts.Sources)
	if err != nil {
		return err
	}
	for _, s := range srcs {
		if s.Kind == corpus.Stdin || s.Kind == corpus.File {
			return usagef("source %q is local: fetch takes Gutenberg IDs and URLs", s.Arg)
		}
	}
	toDir := false
	if opts.Output != "" {
		fi, err := os.Stat(opts.Output)
		toDir = err == nil && fi.IsDir() || len(srcs) > 1 || opts.Output[len(opts.Output)-1] == '/'
		if toDir {
			if err := os.MkdirAll(opts.Output, 0o755); err != nil {
				return err
			}
		}
	} else if opts.G.NoCache {
		return usagef("with --no-cache nothing is kept: give -o PATH")
	}
	lib, err := opts.G.Library()
	if err != nil {
		return err
	}
	for _, s := range srcs {
		if opts.G.NoCache {
			// Nothing is kept: download straight to PATH.
			where := opts.Output
			if toDir {
				where = filepath.Join(opts.Output, outName(s, nil))
			}
			if _, err := lib.Download(ctx, s, where); err != nil {
				return fmt.Errorf("%s: %w", s.Arg, err)
			}
			fmt.Fprintf(opts.G.IO.Out, "%s\t%s\n", s.Arg, where)
			continue
		}
		book, err := lib.Open(ctx, s)
		if err != nil {
			return fmt.Errorf("%s: %w", s.Arg, err)
		}
		where := book.Path
		if opts.Output != "" {
			where = opts.Output
			if toDir {
				where = filepath.Join(opts.Output, outName(s, book.Entry))
			}
			err = copyAtomic(book, where)
		}
		book.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", s.Arg, err)
		}
		fmt.Fprintf(opts.G.IO.Out, "%s\t%s\n", s.Arg, where)
	}
	return nil
}

// outName is the file name of a book copied into a directory.
func outName(s corpus.Source, e *corpus.Entry) string {
	if s.Kind == corpus.ID {
		return "pg" + strconv.Itoa(s.ID) + ".txt"
	}
	u := s.URL
	if e != nil {
		u = e.URL
	}
	if b := path.Base(u); b != "" && b != "/" && b != "." {
		return b
	}
	key, _ := corpus.Key(u)
	return key + ".txt"
}

// copyAtomic copies r to name through a temporary file that is synced and
// renamed into place.
func copyAtomic(r io.Reader, name string) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	return atomicfile.SyncDir(filepath.Dir(name))
}
