package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count/table"
)

// CorpusSearchOptions are the inputs of gutcount corpus search.
type CorpusSearchOptions struct {
	G       *Globals
	Query   string
	Catalog string
	Field   string
	Format  string
	IDs     bool
}

// NewCmdCorpusSearch returns corpus search; runF replaces searchRun in
// tests.
func NewCmdCorpusSearch(g *Globals, runF func(context.Context, *CorpusSearchOptions) error) *cobra.Command {
	opts := &CorpusSearchOptions{G: g}
	cmd := &cobra.Command{
		Use:   "search QUERY...",
		Short: "Find book IDs in the Gutenberg catalog by title, author or subject",
		Long: `search looks up every word of QUERY (ignoring case) in Project Gutenberg's
catalog, pg_catalog.csv, fetched from the mirror once and kept in the corpus
(--refresh fetches it again), or read from --catalog FILE. It prints the IDs
that count, freq, fetch and batch take.`,
		Example: `  gutcount corpus search moby dick
  gutcount corpus search --field author "melville, herman" --ids | gutcount batch - -w whale
  gutcount corpus search --catalog testdata/sample/pg_catalog-sample.csv --field language de`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("corpus search needs a QUERY")
			}
			return nil
		},
		RunE: runE(opts, func(a []string) { opts.Query = strings.Join(a, " ") }, runF, searchRun),
	}
	cmd.Flags().StringVar(&opts.Catalog, "catalog", "", "search the local catalog `FILE` (a pg_catalog.csv) instead of the mirror's")
	cmd.Flags().StringVar(&opts.Field, "field", "", "search only `FIELD`: title, author, subject or language")
	formatFlag(cmd, &opts.Format, "the books found", allFormats...)
	_ = cmd.MarkFlagFilename("catalog", "csv")
	cmd.Flags().BoolVar(&opts.IDs, "ids", false, "print only the IDs, one a line (a batch list)")
	_ = cmd.RegisterFlagCompletionFunc("field", func(_ *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, f := range corpus.SearchFields() {
			if strings.HasPrefix(f, prefix) {
				out = append(out, f)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func searchRun(ctx context.Context, opts *CorpusSearchOptions) error {
	g, query, catalog, field, format, idsOnly := opts.G, opts.Query, opts.Catalog, opts.Field, opts.Format, opts.IDs
	if field != "" && !contains(corpus.SearchFields(), field) {
		return usagef("--field %q: want one of %s", field, strings.Join(corpus.SearchFields(), ", "))
	}
	if err := checkFormat(format, "corpus search", allFormats...); err != nil {
		return err
	}
	if idsOnly {
		if err := checkFormat(format, "corpus search --ids", "text"); err != nil {
			return usagef("%v: --ids prints an ID a line", err)
		}
	}
	if catalog == "" {
		var err error
		if catalog, err = cachedCatalog(ctx, g); err != nil {
			return err
		}
	}
	f, err := os.Open(catalog)
	if err != nil {
		return usagef("--catalog: %v", err)
	}
	defer f.Close()
	entries, err := corpus.ReadCatalog(f)
	if err != nil {
		return usagef("%s: %v", catalog, err)
	}
	found := corpus.Search(entries, query, field)
	if err := writeFound(g.IO.Out, format, idsOnly, found); err != nil {
		return err
	}
	if len(found) == 0 {
		fmt.Fprintf(g.IO.Err, "gutcount: nothing in the catalog matches %q\n", query)
	}
	return nil
}

// writeFound writes the books a search found in format, or their IDs
// alone, one a line.
func writeFound(out io.Writer, format string, idsOnly bool, found []corpus.CatalogEntry) error {
	switch {
	case idsOnly:
		for _, e := range found {
			fmt.Fprintln(out, e.ID)
		}
	case format == "json":
		if found == nil {
			found = []corpus.CatalogEntry{}
		}
		return table.WriteJSON(out, format, found)
	case format == "jsonl":
		return table.WriteJSONLines(out, found)
	case format == "tsv", format == "csv":
		var rows [][]string
		for _, e := range found {
			rows = append(rows, []string{strconv.Itoa(e.ID), oneLine(e.Title), strings.Join(e.Authors, "; "), e.Language})
		}
		return table.WriteTable(out, format, []string{"id", "title", "authors", "language"}, rows)
	default:
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tTITLE\tAUTHORS\tLANGUAGE")
		for _, e := range found {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", e.ID, clean(cut(oneLine(e.Title), 50)), clean(cut(strings.Join(e.Authors, "; "), 40)), clean(e.Language))
		}
		return tw.Flush()
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// cachedCatalog returns the path of the catalog kept in the corpus,
// fetching it from the mirror the first time (or with --refresh).
func cachedCatalog(ctx context.Context, g *Globals) (string, error) {
	lib, err := g.Library()
	if err != nil {
		return "", err
	}
	path, err := lib.Catalog(ctx, g.Refresh)
	if err != nil {
		return "", fmt.Errorf("catalog: %w (or give --catalog FILE)", err)
	}
	return path, nil
}
