package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/lock"
	"github.com/gutcount/gutcount/corpus/store"
	"github.com/gutcount/gutcount/count/table"
)

// NewCmdCorpus returns the corpus command and its subcommands.
func NewCmdCorpus(g *Globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "corpus",
		Short: "The local store of downloaded books (list, info, search, ...)",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return &unknownCommandError{
					msg:         fmt.Sprintf("unknown corpus command %q (see gutcount corpus --help)", args[0]),
					suggestions: cmd.SuggestionsFor(args[0]),
				}
			}
			return nil
		},
		RunE:                       func(cmd *cobra.Command, args []string) error { return cmd.Help() },
		SuggestionsMinimumDistance: 2,
	}
	cmd.AddCommand(
		NewCmdCorpusList(g, nil),
		NewCmdCorpusInfo(g, nil),
		NewCmdCorpusPath(g, nil),
		NewCmdCorpusRm(g, nil),
		NewCmdCorpusVerify(g, nil),
		NewCmdCorpusStats(g, nil),
		NewCmdCorpusGC(g, nil),
		NewCmdCorpusSearch(g, nil),
	)
	return cmd
}

// runE is the RunE of a command whose options are opts: runF in tests,
// else run.
func runE[O any](opts *O, args func([]string), runF, run func(context.Context, *O) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, a []string) error {
		if args != nil {
			args(a)
		}
		if runF != nil {
			return runF(cmd.Context(), opts)
		}
		return run(cmd.Context(), opts)
	}
}

// CorpusListOptions are the inputs of gutcount corpus list.
type CorpusListOptions struct {
	G      *Globals
	Format string
}

// NewCmdCorpusList returns corpus list; runF replaces corpusListRun in tests.
func NewCmdCorpusList(g *Globals, runF func(context.Context, *CorpusListOptions) error) *cobra.Command {
	opts := &CorpusListOptions{G: g}
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the stored books: ID, title, author, language, size, fetched",
		Example: "  gutcount corpus list\n  gutcount corpus list --format json\n  gutcount corpus list --format csv",
		Args:    noArgs,
		RunE:    runE(opts, nil, runF, corpusListRun),
	}
	formatFlag(cmd, &opts.Format, "the list", allFormats...)
	return cmd
}

// CorpusBookOptions are the inputs of gutcount corpus info, path and rm.
type CorpusBookOptions struct {
	G       *Globals
	Sources []string
	Format  string // info
}

// NewCmdCorpusInfo returns corpus info; runF replaces corpusInfoRun in tests.
func NewCmdCorpusInfo(g *Globals, runF func(context.Context, *CorpusBookOptions) error) *cobra.Command {
	opts := &CorpusBookOptions{G: g}
	cmd := &cobra.Command{
		Use:               "info SOURCE",
		Short:             "Print the sidecar of a stored book, and the path of its text",
		Example:           "  gutcount corpus info 2701\n  gutcount corpus info --format text 2701",
		Args:              oneSource,
		ValidArgsFunction: completeStored(g),
		RunE:              runE(opts, func(a []string) { opts.Sources = a }, runF, corpusInfoRun),
	}
	formatFlag(cmd, &opts.Format, "the sidecar", "json", "jsonl", "text", "tsv", "csv")
	return cmd
}

func corpusInfoRun(ctx context.Context, opts *CorpusBookOptions) error {
	if err := checkFormat(opts.Format, "corpus info", allFormats...); err != nil {
		return err
	}
	st, e, err := storedEntry(opts.G, opts.Sources[0])
	if err != nil {
		return err
	}
	return writeInfo(opts.G.IO.Out, opts.Format, e, st.TextPath(e.Key))
}

// NewCmdCorpusPath returns corpus path; runF replaces corpusPathRun in tests.
func NewCmdCorpusPath(g *Globals, runF func(context.Context, *CorpusBookOptions) error) *cobra.Command {
	opts := &CorpusBookOptions{G: g}
	return &cobra.Command{
		Use:               "path SOURCE",
		Short:             "Print the path of a stored book's text",
		Example:           "  gutcount corpus path 2701\n  head -n 20 \"$(gutcount corpus path 2701)\"",
		Args:              oneSource,
		ValidArgsFunction: completeStored(g),
		RunE:              runE(opts, func(a []string) { opts.Sources = a }, runF, corpusPathRun),
	}
}

func corpusPathRun(ctx context.Context, opts *CorpusBookOptions) error {
	st, e, err := storedEntry(opts.G, opts.Sources[0])
	if err != nil {
		return err
	}
	fmt.Fprintln(opts.G.IO.Out, st.TextPath(e.Key))
	return nil
}

// NewCmdCorpusRm returns corpus rm; runF replaces corpusRmRun in tests.
func NewCmdCorpusRm(g *Globals, runF func(context.Context, *CorpusBookOptions) error) *cobra.Command {
	opts := &CorpusBookOptions{G: g}
	return &cobra.Command{
		Use:               "rm SOURCE...",
		Short:             "Remove books from the corpus",
		Example:           "  gutcount corpus rm 2701 1342",
		ValidArgsFunction: completeStored(g),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("corpus rm needs at least one SOURCE")
			}
			return nil
		},
		RunE: runE(opts, func(a []string) { opts.Sources = a }, runF, corpusRmRun),
	}
}

func corpusRmRun(ctx context.Context, opts *CorpusBookOptions) error {
	for _, a := range opts.Sources {
		st, e, err := storedEntry(opts.G, a)
		if err != nil {
			return err
		}
		if err := st.Remove(ctx, e.Key); err != nil {
			return fmt.Errorf("%s: %w", a, err)
		}
		fmt.Fprintf(opts.G.IO.Out, "removed %s (%s)\n", clean(a), e.Key)
	}
	return nil
}

// CorpusVerifyOptions are the inputs of gutcount corpus verify.
type CorpusVerifyOptions struct {
	G         *Globals
	NoRefetch bool
}

// NewCmdCorpusVerify returns corpus verify; runF replaces corpusVerifyRun
// in tests.
func NewCmdCorpusVerify(g *Globals, runF func(context.Context, *CorpusVerifyOptions) error) *cobra.Command {
	opts := &CorpusVerifyOptions{G: g}
	cmd := &cobra.Command{
		Use:     "verify",
		Short:   "Check the SHA-256 of every stored book; refetch corrupt ones",
		Example: "  gutcount corpus verify\n  gutcount corpus verify --no-refetch",
		Args:    noArgs,
		RunE:    runE(opts, nil, runF, corpusVerifyRun),
	}
	cmd.Flags().BoolVar(&opts.NoRefetch, "no-refetch", false, "only report corrupt books")
	return cmd
}

// CorpusStatsOptions are the inputs of gutcount corpus stats.
type CorpusStatsOptions struct {
	G      *Globals
	Format string
}

// NewCmdCorpusStats returns corpus stats; runF replaces corpusStatsRun in
// tests.
func NewCmdCorpusStats(g *Globals, runF func(context.Context, *CorpusStatsOptions) error) *cobra.Command {
	opts := &CorpusStatsOptions{G: g}
	cmd := &cobra.Command{
		Use:     "stats",
		Short:   "Books, bytes and tokens in the corpus",
		Example: "  gutcount corpus stats\n  gutcount corpus stats --format json",
		Args:    noArgs,
		RunE:    runE(opts, nil, runF, corpusStatsRun),
	}
	formatFlag(cmd, &opts.Format, "the totals", allFormats...)
	return cmd
}

// CorpusGCOptions are the inputs of gutcount corpus gc.
type CorpusGCOptions struct {
	G   *Globals
	All bool
}

// NewCmdCorpusGC returns corpus gc; runF replaces corpusGCRun in tests.
func NewCmdCorpusGC(g *Globals, runF func(context.Context, *CorpusGCOptions) error) *cobra.Command {
	opts := &CorpusGCOptions{G: g}
	cmd := &cobra.Command{
		Use:     "gc",
		Short:   "Remove stale .part files (a day old) and orphans",
		Example: "  gutcount corpus gc\n  gutcount corpus gc --all",
		Args:    noArgs,
		RunE:    runE(opts, nil, runF, corpusGCRun),
	}
	cmd.Flags().BoolVar(&opts.All, "all", false, "also remove unfinished downloads less than a day old (those being written are left alone)")
	return cmd
}

func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments", cmd.CommandPath())
	}
	return nil
}

func oneSource(cmd *cobra.Command, args []string) error {
	if len(args) != 1 {
		return usagef("%s takes one SOURCE (a Gutenberg ID, a URL or a key)", cmd.CommandPath())
	}
	return nil
}

func (g *Globals) store() (*store.Store, error) {
	dir := g.CacheDir
	if dir == "" {
		var err error
		if dir, err = store.DefaultDir(); err != nil {
			return nil, err
		}
	}
	st := corpus.NewStore(dir)
	if !g.Quiet {
		st.Wait = func(what string, o lock.Owner) {
			fmt.Fprintf(g.IO.Err, "gutcount: waiting for another gutcount (%s), which is using %s\n", o, clean(what))
		}
	}
	return st, nil
}

// storedEntry finds a stored book by ID, URL or key (corpus.Stored). A
// corrupt entry is returned with its error reported on stderr, so it can
// be inspected.
func storedEntry(g *Globals, arg string) (*store.Store, *store.Entry, error) {
	st, err := g.store()
	if err != nil {
		return nil, nil, err
	}
	e, err := corpus.Stored(st, arg)
	var ce *store.CorruptError
	switch {
	case errors.As(err, &ce) && e != nil:
		fmt.Fprintf(g.IO.Err, "gutcount: warning: %s\n", clean(err.Error()))
	case errors.Is(err, store.ErrNotStored):
		return nil, nil, usagef("%s is not in the corpus %s (gutcount fetch %s)", arg, st.Dir, arg)
	case err != nil:
		return nil, nil, err
	}
	return st, e, nil
}

// entryColumns are the columns of a book in corpus list and info as tsv
// and csv; json and jsonl hold the whole sidecar.
var entryColumns = []string{"id", "title", "author", "language", "size", "fetched", "key", "url"}

func entryRow(e *store.Entry) []string {
	id := ""
	if e.ID != 0 {
		id = strconv.Itoa(e.ID)
	}
	fetched := ""
	if !e.Fetched.IsZero() {
		fetched = e.Fetched.UTC().Format(time.RFC3339)
	}
	return []string{id, e.Title, e.Author, e.Language, strconv.FormatInt(e.Size, 10), fetched, e.Key, e.URL}
}

// corpusListRun prints the stored books: text is a table for people; tsv
// and csv have the columns of entryColumns and status; json is an array
// of the sidecars, each with its status, and jsonl one a line.
func corpusListRun(ctx context.Context, opts *CorpusListOptions) error {
	g, format := opts.G, opts.Format
	if err := checkFormat(format, "corpus list", allFormats...); err != nil {
		return err
	}
	st, err := g.store()
	if err != nil {
		return err
	}
	rows, err := corpus.List(st)
	if err != nil {
		return err
	}
	switch format {
	case "json":
		if rows == nil {
			rows = []corpus.Listed{}
		}
		return table.WriteJSON(g.IO.Out, format, rows)
	case "jsonl":
		return table.WriteJSONLines(g.IO.Out, rows)
	case "tsv", "csv":
		var lines [][]string
		for _, r := range rows {
			lines = append(lines, append(entryRow(r.Entry), r.Status))
		}
		return table.WriteTable(g.IO.Out, format, append(slices.Clone(entryColumns), "status"), lines)
	}
	tw := tabwriter.NewWriter(g.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tAUTHOR\tLANGUAGE\tSIZE\tFETCHED\tSTATUS")
	for _, r := range rows {
		id := "-"
		if r.ID != 0 {
			id = fmt.Sprint(r.ID)
		}
		fetched := "-"
		if !r.Fetched.IsZero() {
			fetched = r.Fetched.Local().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", id, cut(clean(or(r.Title, r.URL)), 40), cut(clean(r.Author), 24),
			clean(or(r.Language, "-")), humanBytes(r.Size), fetched, clean(r.Status))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(rows) == 0 {
		fmt.Fprintf(g.IO.Err, "gutcount: the corpus %s is empty (gutcount fetch ID)\n", st.Dir)
	}
	return nil
}

// writeInfo prints a stored book's sidecar and the path of its text:
// json (the default) is one document, the sidecar's fields and "path";
// jsonl the same on one line; text a "field  value" line for each field
// that has a value; tsv and csv the columns of entryColumns, sha256 and
// path.
func writeInfo(w io.Writer, format string, e *store.Entry, path string) error {
	doc := struct {
		*store.Entry
		Path string `json:"path"`
	}{e, path}
	switch format {
	case "json", "jsonl":
		return table.WriteJSON(w, format, doc)
	case "tsv", "csv":
		return table.WriteTable(w, format, append(slices.Clone(entryColumns), "sha256", "path"), [][]string{append(entryRow(e), e.SHA256, path)})
	}
	// text: the fields in the order of the JSON document.
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	dec.Token() // {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for dec.More() {
		k, _ := dec.Token()
		v, _ := dec.Token()
		fmt.Fprintf(tw, "%v\t%s\n", k, clean(fmt.Sprint(v)))
	}
	return tw.Flush()
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// cut is table.Cut.
func cut(s string, n int) string { return table.Cut(s, n) }

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func corpusVerifyRun(ctx context.Context, opts *CorpusVerifyOptions) error {
	g, refetch := opts.G, !opts.NoRefetch
	st, err := g.store()
	if err != nil {
		return err
	}
	r, err := st.Check(ctx)
	if err != nil {
		return err
	}
	out := g.IO.Out
	refetchable := 0
	for _, p := range r.Problems {
		fmt.Fprintf(out, "corrupt %s\n", clean(p.String()))
		if p.URL != "" {
			refetchable++
		}
	}
	fixed := 0
	if refetch && refetchable > 0 {
		c, err := g.Client()
		if err != nil {
			return err
		}
		for _, f := range st.Repair(ctx, c, r.Problems) {
			if f.Err != nil {
				fmt.Fprintf(out, "  refetch failed: %s\n", clean(oneLine(f.Err.Error())))
				continue
			}
			fixed++
			fmt.Fprintf(out, "  refetched %s\n", clean(f.URL))
		}
	}
	fmt.Fprintf(out, "%s checked, %s, %d refetched\n", plural(r.Books, "book"), plural(len(r.Problems), "problem"), fixed)
	if len(r.Problems) > fixed {
		hint := ""
		if len(r.Problems)-fixed > refetchable-fixed {
			hint = " (gutcount corpus gc removes planted links and stray files)"
		}
		return &exitError{code: exitIO, err: errors.New("problems remain" + hint)}
	}
	return nil
}

func corpusStatsRun(ctx context.Context, opts *CorpusStatsOptions) error {
	g, format := opts.G, opts.Format
	if err := checkFormat(format, "corpus stats", allFormats...); err != nil {
		return err
	}
	lib, err := g.Library()
	if err != nil {
		return err
	}
	sum, err := lib.Stats(ctx)
	if err != nil {
		return err
	}
	var ls []string
	for l, n := range sum.Languages {
		ls = append(ls, fmt.Sprintf("%s %d", l, n))
	}
	sort.Strings(ls)
	switch format {
	case "json", "jsonl":
		return json.NewEncoder(g.IO.Out).Encode(sum)
	case "tsv", "csv":
		return table.WriteTable(g.IO.Out, format, []string{"books", "bytes", "tokens", "languages", "not_counted"},
			[][]string{{strconv.Itoa(sum.Books), strconv.FormatInt(sum.Bytes, 10), strconv.FormatInt(sum.Tokens, 10), strings.Join(ls, ", "), strconv.Itoa(sum.NotCounted)}})
	}
	fmt.Fprintf(g.IO.Out, "books\t%d\nbytes\t%d (%s)\ntokens\t%d (between the Gutenberg markers)\n", sum.Books, sum.Bytes, humanBytes(sum.Bytes), sum.Tokens)
	fmt.Fprintf(g.IO.Out, "languages\t%s\n", strings.Join(ls, ", "))
	if sum.NotCounted > 0 {
		fmt.Fprintf(g.IO.Out, "not counted\t%d corrupt or incomplete entries (gutcount corpus verify)\n", sum.NotCounted)
	}
	return nil
}

// corpusGCRun removes what no stored book needs (see store.GC).
func corpusGCRun(ctx context.Context, opts *CorpusGCOptions) error {
	g, all := opts.G, opts.All
	st, err := g.store()
	if err != nil {
		return err
	}
	removed, err := st.GC(ctx, all)
	for _, r := range removed {
		fmt.Fprintf(g.IO.Out, "removed %s (%s)\n", clean(r.Path), clean(r.Why))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(g.IO.Out, "%s removed\n", plural(len(removed), "file"))
	return nil
}

// completeStored completes SOURCE arguments with the IDs in the corpus.
func completeStored(g *Globals) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		st, err := g.store()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		rows, _ := corpus.List(st)
		var out []string
		for _, r := range rows {
			if r.ID != 0 && strings.HasPrefix(fmt.Sprint(r.ID), prefix) {
				out = append(out, fmt.Sprintf("%d\t%s", r.ID, cut(clean(r.Title), 50)))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeSources completes SOURCE arguments with stored IDs and files.
func completeSources(g *Globals) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	stored := completeStored(g)
	return func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		ids, _ := stored(cmd, args, prefix)
		return ids, cobra.ShellCompDirectiveDefault
	}
}
