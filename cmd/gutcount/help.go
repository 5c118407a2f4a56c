package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gutcount/gutcount/corpus"
)

// Which of the root's flags a command uses, as the annotation
// globalsAnnotation on it or on a command above it: the download and
// corpus flags (with -q and -v) only mean something to the commands that
// download or read the corpus, so only their help shows them, and the
// others refuse them.
const (
	globalsAnnotation = "gutcount/globals"
	globalsDownload   = "download" // all of them
	globalsQuiet      = "quiet"    // only -q
)

// downloadCommands names the commands that take the download flags.
const downloadCommands = "count, freq, kwic, where, compare, fetch, batch and corpus"

// usesGlobals marks cmd as using the root flags that which says.
func usesGlobals(cmd *cobra.Command, which string) *cobra.Command {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[globalsAnnotation] = which
	return cmd
}

// usesGlobal reports whether c (or the command it belongs to) uses the
// root flag name.
func usesGlobal(c *cobra.Command, name string) bool {
	for ; c != nil; c = c.Parent() {
		if v, ok := c.Annotations[globalsAnnotation]; ok {
			return v == globalsDownload || v == globalsQuiet && name == "quiet"
		}
	}
	return false
}

// checkGlobals refuses the root flags given to a command that does not
// use them, rather than ignore them.
func checkGlobals(c *cobra.Command) error {
	if !c.HasParent() {
		return nil
	}
	err := checkRootCopies(c)
	c.Root().PersistentFlags().VisitAll(func(f *pflag.Flag) {
		if err == nil && f.Changed && f.Annotations[rootCopyAnnotation] == nil && !usesGlobal(c, f.Name) {
			err = usagef("%s does nothing for %s: it is for %s (see %s --help)", flagName(f), c.CommandPath(), downloadCommands, c.CommandPath())
		}
		if err == nil && f.Changed {
			err = checkGlobalValue(f)
		}
	})
	return err
}

// checkGlobalValue refuses an empty --mirror or --cache-dir, which would
// silently mean the default (the other values are checked where they are
// used).
func checkGlobalValue(f *pflag.Flag) error {
	if f.Name == "mirror" && f.Value.String() == "" {
		return usagef("--mirror is empty: give a URL such as http://localhost:8080, or leave the flag out for $GUTCOUNT_MIRROR or %s", corpus.DefaultMirror)
	}
	if f.Name == "cache-dir" && f.Value.String() == "" {
		return usagef("--cache-dir is empty: give a folder, or leave the flag out for $GUTCOUNT_CACHE_DIR or the user cache directory")
	}
	return nil
}

func flagName(f *pflag.Flag) string {
	if f.Shorthand != "" {
		return "-" + f.Shorthand + "/--" + f.Name
	}
	return "--" + f.Name
}

// rootHelp is what the root's help adds after the flags.
const rootHelp = `Environment:
  GUTCOUNT_MIRROR     the mirror for Gutenberg IDs when --mirror is not given
                      (default https://www.gutenberg.org)
  GUTCOUNT_CACHE_DIR  the corpus when --cache-dir is not given (default the
                      user cache directory/gutcount, ~/.cache/gutcount on Linux)
  COLUMNS             the width of freq --chart when stdout is not a terminal
  JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID
                      the task of batch --shard auto/N

Exit codes:
  0    success
  1    count found no occurrence of any word
  2    usage or bad input (one line on stderr says what)
  3    a download or I/O failure
  4    a batch finished with some items failed
  5    batch: this batch or shard is already being run by another process
  130  interrupted (Ctrl-C, SIGTERM); a partial download is kept and resumes next time
`

// usageText is the usage of c: cobra's layout, with every form of the
// command on a line of its own, placeholders instead of Go types, no
// [=true|false] after the booleans, and only the root flags c uses.
func usageText(c *cobra.Command, width int) string {
	var b strings.Builder
	b.WriteString("Usage:\n")
	for _, form := range usageForms(c) {
		b.WriteString("  " + form + "\n")
	}
	if c.HasExample() {
		b.WriteString("\nExamples:\n" + strings.TrimRight(c.Example, "\n") + "\n")
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\nCommands:\n")
		pad := 0
		for _, s := range c.Commands() {
			if s.IsAvailableCommand() || s.Name() == "help" {
				pad = max(pad, len(s.Name()))
			}
		}
		for _, s := range c.Commands() {
			if s.IsAvailableCommand() || s.Name() == "help" {
				fmt.Fprintf(&b, "  %-*s  %s\n", pad, s.Name(), s.Short)
			}
		}
	}
	local, download, global := flagGroups(c)
	if len(local) > 0 {
		b.WriteString("\nFlags:\n" + flagUsages(local, width))
	}
	if len(download) > 0 {
		title := "Download and corpus flags"
		if !c.HasParent() {
			title += " (" + downloadCommands + ")"
		}
		b.WriteString("\n" + title + ":\n" + flagUsages(download, width))
	}
	if len(global) > 0 {
		b.WriteString("\nGlobal flags:\n" + flagUsages(global, width))
	}
	if !c.HasParent() {
		b.WriteString("\n" + rootHelp)
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\nRun \"%s COMMAND --help\" for more about a command.\n", c.CommandPath())
	}
	return b.String()
}

// flagGroups sorts the flags c shows into its own, the download and
// corpus flags it uses, and the other global flags it uses.
func flagGroups(c *cobra.Command) (local, download, global []*pflag.Flag) {
	c.LocalFlags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		if !c.HasParent() && c.PersistentFlags().Lookup(f.Name) != nil {
			download = append(download, f)
			return
		}
		local = append(local, f)
	})
	c.InheritedFlags().VisitAll(func(f *pflag.Flag) {
		switch {
		case f.Hidden || !usesGlobal(c, f.Name):
		case usesGlobal(c, "retries"):
			download = append(download, f)
		default:
			global = append(global, f)
		}
	})
	return local, download, global
}

// usageForms are the usage lines of c: each form of its Use (separated
// by " | ") after the command path.
func usageForms(c *cobra.Command) []string {
	flags := ""
	if c.HasAvailableFlags() {
		flags = " [flags]"
	}
	if c.HasAvailableSubCommands() {
		return []string{c.CommandPath() + " COMMAND" + flags}
	}
	parent := ""
	if c.HasParent() {
		parent = c.Parent().CommandPath() + " "
	}
	var forms []string
	for _, f := range strings.Split(c.Use, " | ") {
		if !strings.HasPrefix(f, c.Name()) {
			f = c.Name() + " " + f
		}
		forms = append(forms, parent+f+flags)
	}
	return forms
}

// typePlaceholders name the value of a flag whose usage has no
// `PLACEHOLDER` in backquotes.
var typePlaceholders = map[string]string{
	"string": "VALUE", "stringArray": "VALUE", "stringSlice": "VALUE",
	"int": "N", "int64": "N", "uint": "N", "duration": "D", "float64": "X",
}

// flagUsages lists flags as pflag does, aligned and wrapped to width:
// "  -w, --word WORD   a word to count".
func flagUsages(flags []*pflag.Flag, width int) string {
	sort.Slice(flags, func(i, j int) bool { return flags[i].Name < flags[j].Name })
	type line struct{ left, usage string }
	lines := make([]line, 0, len(flags))
	col := 0
	for _, f := range flags {
		left := "      --" + f.Name
		if f.Shorthand != "" {
			left = "  -" + f.Shorthand + ", --" + f.Name
		}
		name, usage := pflag.UnquoteUsage(f)
		if p, ok := typePlaceholders[name]; ok {
			name = p
		}
		if name != "" {
			left += " " + name
		}
		if d := defaultText(f); d != "" {
			usage += " (default " + d + ")"
		}
		lines = append(lines, line{left, usage})
		col = max(col, len(left))
	}
	col += 3
	room := max(width-col-1, 30)
	var b strings.Builder
	for _, l := range lines {
		for i, part := range wrapWords(l.usage, room) {
			left := ""
			if i == 0 {
				left = l.left
			}
			fmt.Fprintf(&b, "%-*s%s\n", col, left, part)
		}
	}
	return b.String()
}

// defaultText is the default of f as the help shows it, "" when it goes
// without saying (false, 0, empty).
func defaultText(f *pflag.Flag) string {
	switch f.DefValue {
	case "", "0", "false", "[]", "0s":
		return ""
	}
	if f.Value.Type() == "duration" {
		if d, err := time.ParseDuration(f.DefValue); err == nil {
			return shortDuration(d)
		}
	}
	return f.DefValue
}

// shortDuration writes 1m instead of 1m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// wrapWords cuts s into lines of at most n columns, at spaces.
func wrapWords(s string, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len([]rune(line))+1+len([]rune(w)) <= n:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	return append(lines, line)
}

// writeUsage is the usage function of every command.
func writeUsage(g *Globals) func(*cobra.Command) error {
	return func(c *cobra.Command) error {
		_, err := io.WriteString(c.OutOrStderr(), usageText(c, g.IO.width()))
		return err
	}
}

// strictHelpAndCompletion makes help and completion refuse what they do
// not know (exit 2), where cobra prints their help and exits 0:
// gutcount help nosuch, gutcount completion nosh.
func strictHelpAndCompletion(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			show := c.Run
			c.Run = nil
			c.RunE = func(c *cobra.Command, args []string) error {
				if found, _, err := c.Root().Find(args); err != nil || found == nil || (len(args) > 0 && found == c.Root()) {
					return usagef("no help topic %q: the commands are listed by gutcount --help", strings.Join(args, " "))
				}
				show(c, args)
				return nil
			}
		case "completion":
			var shells []string
			for _, s := range c.Commands() {
				shells = append(shells, s.Name())
			}
			c.RunE = func(c *cobra.Command, args []string) error {
				if len(args) == 0 {
					return c.Help()
				}
				return usagef("completion: no shell %q (want %s)", args[0], orList(shells))
			}
		}
	}
}

// plainFlagHelp drops the backquotes that mark a flag's value name in
// the help (`DIR`) from every flag's text, for the descriptions shell
// completion shows.
func plainFlagHelp(root *cobra.Command) {
	var visit func(c *cobra.Command)
	visit = func(c *cobra.Command) {
		for _, fs := range []*pflag.FlagSet{c.LocalFlags(), c.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) { f.Usage = strings.ReplaceAll(f.Usage, "`", "") })
		}
		for _, s := range c.Commands() {
			visit(s)
		}
	}
	visit(root)
}
