package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/store"
	"github.com/gutcount/gutcount/internal/fsx"
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
  gutcount fetch 11 1342 -o books/`,
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
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "also copy the book to `PATH` (a directory when several sources are given; - for standard output)")
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
	out := opts.Output
	toStdout := out == "-"
	toDir := false
	switch {
	case out == "":
		if opts.G.NoCache {
			return usagef("with --no-cache nothing is kept: give -o PATH (or -o - for standard output)")
		}
	case !toStdout:
		fi, err := os.Stat(out)
		toDir = err == nil && fi.IsDir() || len(srcs) > 1 || strings.HasSuffix(out, "/")
		if toDir {
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
		}
	}
	lib, err := opts.G.Library()
	if err != nil {
		return err
	}
	failed := 0
	for _, s := range srcs {
		where := out
		if toDir {
			where = filepath.Join(out, outName(s))
		}
		where, err := fetchOne(ctx, opts, lib, s, where)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if len(srcs) == 1 {
				return sourceError(s, err)
			}
			failed++
			reportError(opts.G.IO.Err, sourceError(s, err))
			continue
		}
		if !toStdout {
			fmt.Fprintf(opts.G.IO.Out, "%s\t%s\n", clean(s.Arg), clean(where))
		}
	}
	if failed > 0 {
		err := fmt.Errorf("%d of %d sources failed", failed, len(srcs))
		reportError(opts.G.IO.Err, err)
		return &exitError{code: exitIO, err: err}
	}
	return nil
}

// fetchOne downloads s and, when where is not "", copies it there ("-":
// standard output). It returns where the book is.
func fetchOne(ctx context.Context, opts *FetchOptions, lib *corpus.Library, s corpus.Source, where string) (string, error) {
	if opts.G.NoCache && where != "-" && regularOrMissing(where) {
		// Nothing is kept: download straight to PATH.
		if err := os.MkdirAll(filepath.Dir(where), 0o755); err != nil {
			return "", err
		}
		_, err := lib.Download(ctx, s, where)
		return where, err
	}
	book, err := lib.Open(ctx, s)
	if err != nil {
		return "", err
	}
	defer book.Close()
	switch where {
	case "":
		return book.Path, nil
	case "-":
		_, err = io.Copy(opts.G.IO.Out, book)
	default:
		err = fsx.CopyFile(where, book, 0o644)
	}
	return where, err
}

// regularOrMissing reports whether path names nothing or a regular file
// (or a link to one): a download can be renamed into place there.
func regularOrMissing(path string) bool {
	fi, err := os.Stat(path)
	return err != nil || fi.Mode().IsRegular()
}

// outName is the file name of a book copied into a directory.
func outName(s corpus.Source) string {
	if s.Kind == corpus.ID {
		return "pg" + strconv.Itoa(s.ID) + ".txt"
	}
	if u, err := url.Parse(s.URL); err == nil {
		if b := path.Base(u.Path); b != "" && b != "/" && b != "." && b != ".." {
			return b
		}
	}
	key, _ := store.Key(s.URL)
	return key + ".txt"
}
