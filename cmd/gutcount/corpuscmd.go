package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/fetch"
)

// NewCmdCorpus returns the corpus command and its subcommands.
func NewCmdCorpus(g *Globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "corpus",
		Short: "The local store of downloaded books: list, info, path, rm, verify, stats, gc, search",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown corpus command %q (see gutcount corpus --help)", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	var format string
	list := &cobra.Command{
		Use:     "list",
		Short:   "List the stored books: ID, title, author, language, size, fetched",
		Example: "  gutcount corpus list\n  gutcount corpus list --format json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return corpusList(g, format)
		},
	}
	list.Flags().StringVar(&format, "format", "text", "text or json")

	info := &cobra.Command{
		Use:               "info SOURCE",
		Short:             "Print the sidecar of a stored book",
		Example:           "  gutcount corpus info 2701",
		Args:              oneSource,
		ValidArgsFunction: completeStored(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, e, err := storedEntry(g, args[0])
			if err != nil {
				return err
			}
			b, _ := json.MarshalIndent(e, "", "  ")
			fmt.Fprintf(g.IO.Out, "%s\npath: %s\n", b, st.TextPath(e.Key))
			return nil
		},
	}
	path := &cobra.Command{
		Use:               "path SOURCE",
		Short:             "Print the path of a stored book's text",
		Example:           "  gutcount corpus path 2701\n  less $(gutcount corpus path 2701)",
		Args:              oneSource,
		ValidArgsFunction: completeStored(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, e, err := storedEntry(g, args[0])
			if err != nil {
				return err
			}
			fmt.Fprintln(g.IO.Out, st.TextPath(e.Key))
			return nil
		},
	}
	rm := &cobra.Command{
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
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, a := range args {
				st, e, err := storedEntry(g, a)
				if err != nil {
					return err
				}
				if err := st.Remove(e.Key); err != nil {
					return fmt.Errorf("%s: %w", a, err)
				}
				fmt.Fprintf(g.IO.Out, "removed %s (%s)\n", a, e.Key)
			}
			return nil
		},
	}
	var noRefetch bool
	verify := &cobra.Command{
		Use:     "verify",
		Short:   "Recompute the SHA-256 of every stored book; report and refetch corrupt ones",
		Example: "  gutcount corpus verify\n  gutcount corpus verify --no-refetch",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return corpusVerify(cmd.Context(), g, !noRefetch)
		},
	}
	verify.Flags().BoolVar(&noRefetch, "no-refetch", false, "only report corrupt books")
	stats := &cobra.Command{
		Use:     "stats",
		Short:   "Books, bytes and tokens in the corpus",
		Example: "  gutcount corpus stats",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return corpusStats(cmd.Context(), g)
		},
	}
	var all bool
	gc := &cobra.Command{
		Use:     "gc",
		Short:   "Remove stale .part files (a day old) and orphans",
		Example: "  gutcount corpus gc\n  gutcount corpus gc --all",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return corpusGC(g, all)
		},
	}
	gc.Flags().BoolVar(&all, "all", false, "remove every .part, however new (no download may be running)")
	search := newCmdSearch(g)
	cmd.AddCommand(list, info, path, rm, verify, stats, gc, search)
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

func (g *Globals) store() (*corpus.Store, error) {
	dir := g.CacheDir
	if dir == "" {
		var err error
		if dir, err = corpus.DefaultDir(); err != nil {
			return nil, err
		}
	}
	return &corpus.Store{Dir: dir}, nil
}

// storedEntry finds a stored book by ID, URL or key. A corrupt entry is
// returned with its error reported on stderr, so it can be inspected.
func storedEntry(g *Globals, arg string) (*corpus.Store, *corpus.Entry, error) {
	st, err := g.store()
	if err != nil {
		return nil, nil, err
	}
	var e *corpus.Entry
	src, perr := corpus.ParseSource(arg)
	switch {
	case perr == nil && src.Kind == corpus.ID:
		e, err = st.LookupID(src.ID)
	case perr == nil && src.Kind == corpus.URL:
		key, kerr := corpus.Key(src.URL)
		if kerr != nil {
			return nil, nil, kerr
		}
		e, err = st.Lookup(key)
	case len(arg) == 32 && strings.Trim(arg, "0123456789abcdef") == "":
		e, err = st.Lookup(arg)
	default:
		return nil, nil, usagef("%q is not a Gutenberg ID, a URL or a corpus key", arg)
	}
	var ce *corpus.CorruptError
	if errors.As(err, &ce) && e != nil {
		fmt.Fprintf(g.IO.Err, "gutcount: warning: %v\n", err)
		return st, e, nil
	}
	if errors.Is(err, corpus.ErrNotStored) {
		return nil, nil, usagef("%s is not in the corpus %s (gutcount fetch %s)", arg, st.Dir, arg)
	}
	if err != nil {
		return nil, nil, err
	}
	return st, e, nil
}

// listed is a row of corpus list.
type listed struct {
	*corpus.Entry
	Status string `json:"status"` // "ok" or what is wrong
}

func listEntries(st *corpus.Store) ([]listed, error) {
	keys, err := st.Keys()
	if err != nil {
		return nil, err
	}
	var rows []listed
	for _, k := range keys {
		e, err := st.Lookup(k)
		status := "ok"
		if err != nil {
			status = err.Error()
			if e == nil {
				e = &corpus.Entry{Key: k}
			}
		}
		rows = append(rows, listed{e, status})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].ID != rows[j].ID {
			return rows[i].ID < rows[j].ID
		}
		return rows[i].Key < rows[j].Key
	})
	return rows, nil
}

func corpusList(g *Globals, format string) error {
	if format != "text" && format != "json" {
		return usagef("unknown format %q (want text or json)", format)
	}
	st, err := g.store()
	if err != nil {
		return err
	}
	rows, err := listEntries(st)
	if err != nil {
		return err
	}
	if format == "json" {
		if rows == nil {
			rows = []listed{}
		}
		enc := json.NewEncoder(g.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
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
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", id, cut(or(r.Title, r.URL), 40), cut(r.Author, 24),
			or(r.Language, "-"), humanBytes(r.Size), fetched, r.Status)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(rows) == 0 {
		fmt.Fprintf(g.IO.Err, "gutcount: the corpus %s is empty (gutcount fetch ID)\n", st.Dir)
	}
	return nil
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func corpusVerify(ctx context.Context, g *Globals, refetch bool) error {
	st, err := g.store()
	if err != nil {
		return err
	}
	keys, err := st.Keys()
	if err != nil {
		return err
	}
	var c *fetch.Client
	bad, fixed := 0, 0
	for _, k := range keys {
		e, err := st.Verify(k)
		if err == nil {
			continue
		}
		bad++
		fmt.Fprintf(g.IO.Out, "corrupt %s: %v\n", k, err)
		if !refetch || e == nil || e.URL == "" {
			continue
		}
		if c == nil {
			if c, err = g.Client(); err != nil {
				return err
			}
		}
		if _, err := st.Fetch(ctx, c, e.URL, nil); err != nil {
			fmt.Fprintf(g.IO.Out, "  refetch failed: %v\n", oneLine(err.Error()))
			continue
		}
		if _, err := st.Verify(k); err == nil {
			fixed++
			fmt.Fprintf(g.IO.Out, "  refetched %s\n", e.URL)
		}
	}
	fmt.Fprintf(g.IO.Out, "%d books checked, %d corrupt, %d refetched\n", len(keys), bad, fixed)
	if bad > fixed {
		return &exitError{code: exitIO, err: errors.New("corrupt books remain")}
	}
	return nil
}

func corpusStats(ctx context.Context, g *Globals) error {
	st, err := g.store()
	if err != nil {
		return err
	}
	rows, err := listEntries(st)
	if err != nil {
		return err
	}
	var books int
	var size, tokens int64
	langs := map[string]int{}
	for _, r := range rows {
		if r.Status != "ok" {
			continue
		}
		books++
		size += r.Size
		langs[or(r.Language, "unknown")]++
		f, err := st.Open(r.Key)
		if err != nil {
			return err
		}
		text, _, err := corpus.Text(f, corpus.TextOptions{Declared: r.Charset})
		if err == nil {
			var t *count.Table
			if t, err = count.Freq(ctxReader{ctx, text}, count.Options{}); err == nil {
				tokens += t.Tokens()
			}
		}
		f.Close()
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(g.IO.Out, "books\t%d\nbytes\t%d (%s)\ntokens\t%d (between the Gutenberg markers)\n", books, size, humanBytes(size), tokens)
	var ls []string
	for l, n := range langs {
		ls = append(ls, fmt.Sprintf("%s %d", l, n))
	}
	sort.Strings(ls)
	fmt.Fprintf(g.IO.Out, "languages\t%s\n", strings.Join(ls, ", "))
	if bad := len(rows) - books; bad > 0 {
		fmt.Fprintf(g.IO.Out, "not counted\t%d corrupt or incomplete entries (gutcount corpus verify)\n", bad)
	}
	return nil
}

// corpusGC removes .part files (and their sidecars) older than a day, or
// all of them, temporary files of interrupted writes, texts without a
// sidecar, sidecars without a text, and ID links to missing books.
func corpusGC(g *Globals, all bool) error {
	st, err := g.store()
	if err != nil {
		return err
	}
	dir := filepath.Join(st.Dir, "books")
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		fmt.Fprintln(g.IO.Out, "nothing to remove")
		return nil
	}
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, e := range ents {
		have[e.Name()] = true
	}
	removed := 0
	rm := func(path, why string) {
		if err := os.Remove(path); err == nil {
			removed++
			fmt.Fprintf(g.IO.Out, "removed %s (%s)\n", path, why)
		}
	}
	for _, e := range ents {
		name := e.Name()
		path := filepath.Join(dir, name)
		info, err := e.Info()
		if err != nil {
			continue
		}
		old := time.Since(info.ModTime()) > 24*time.Hour
		switch {
		case strings.HasSuffix(name, fetch.PartSuffix) || strings.HasSuffix(name, fetch.PartSuffix+".json"):
			if all || old {
				rm(path, "unfinished download")
			}
		case strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp"):
			if all || old {
				rm(path, "temporary file")
			}
		case strings.HasSuffix(name, ".txt") && !have[strings.TrimSuffix(name, ".txt")+".json"]:
			rm(path, "text without a sidecar")
		case strings.HasSuffix(name, ".json") && !have[strings.TrimSuffix(name, ".json")+".txt"]:
			rm(path, "sidecar without a text")
		}
	}
	ids, _ := os.ReadDir(filepath.Join(st.Dir, "ids"))
	for _, e := range ids {
		path := filepath.Join(st.Dir, "ids", e.Name())
		b, err := os.ReadFile(path)
		if err == nil && !have[strings.TrimSpace(string(b))+".json"] {
			rm(path, "ID of a book no longer stored")
		}
	}
	fmt.Fprintf(g.IO.Out, "%d files removed\n", removed)
	return nil
}

// completeStored completes SOURCE arguments with the IDs in the corpus.
func completeStored(g *Globals) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		st, err := g.store()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		rows, _ := listEntries(st)
		var out []string
		for _, r := range rows {
			if r.ID != 0 && strings.HasPrefix(fmt.Sprint(r.ID), prefix) {
				out = append(out, fmt.Sprintf("%d\t%s", r.ID, cut(r.Title, 50)))
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
