package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count"
)

// TextFlags are the text options of count, freq and batch.
type TextFlags struct {
	IgnoreCase bool
	StripPunct bool
	Normalize  bool
	Raw        bool
	Encoding   string
}

func (t *TextFlags) register(cmd *cobra.Command) {
	t.addTo(cmd.Flags())
	_ = cmd.RegisterFlagCompletionFunc("encoding", completeEncodings)
}

func (t *TextFlags) addTo(f *pflag.FlagSet) {
	f.BoolVarP(&t.IgnoreCase, "ignore-case", "i", false, "lowercase tokens and words (Unicode)")
	f.BoolVarP(&t.StripPunct, "strip-punct", "p", false, "trim leading and trailing punctuation")
	f.BoolVarP(&t.Normalize, "normalize", "n", false, "both -i and -p")
	f.BoolVar(&t.Raw, "raw", false, "keep the Project Gutenberg header and footer")
	f.StringVar(&t.Encoding, "encoding", "", "read the input as encoding `NAME` (utf-8, latin1, windows-1252, ...; default: as declared, else detected)")
}

// rootCopyAnnotation marks the root's hidden copies of the commands'
// switches.
const rootCopyAnnotation = "gutcount/root-copy"

// registerRootSwitches lets the switches of the commands (their flags
// without a value: -n, -i, --raw, --chart, --freq) come before the
// command, as in gutcount -n count whale 2701: cobra finds the command by
// skipping the flags the root knows, and would take an unknown -n for a
// flag with a value (and "count" for that value). A flag with a value
// needs nothing: cobra skips it with its value. The root gets a hidden
// copy of each switch; a command that has the switch takes it itself, so
// a root copy is only ever set for a command without it, which
// checkRootCopies refuses. Call it once every command is added.
func registerRootSwitches(root *cobra.Command) {
	// A shorthand that two commands give to two different flags stays
	// off the copies: a command would get it twice.
	owner := map[string]string{}
	shared := map[string]bool{}
	eachCommand(root, func(c *cobra.Command) {
		c.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
			if f.Shorthand == "" {
				return
			}
			if name, ok := owner[f.Shorthand]; ok && name != f.Name {
				shared[f.Shorthand] = true
			}
			owner[f.Shorthand] = f.Name
		})
	})
	pf := root.PersistentFlags()
	copies := pflag.NewFlagSet("switches", pflag.ContinueOnError)
	eachCommand(root, func(c *cobra.Command) {
		c.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
			if f.Value.Type() != "bool" || f.Name == "help" || pf.Lookup(f.Name) != nil || root.Flags().Lookup(f.Name) != nil || copies.Lookup(f.Name) != nil {
				return
			}
			short := f.Shorthand
			if short != "" && (shared[short] || pf.ShorthandLookup(short) != nil || root.Flags().ShorthandLookup(short) != nil || copies.ShorthandLookup(short) != nil) {
				short = ""
			}
			copies.BoolP(f.Name, short, false, f.Usage)
		})
	})
	copies.VisitAll(func(f *pflag.Flag) {
		f.Hidden = true
		f.Annotations = map[string][]string{rootCopyAnnotation: {"true"}}
		pf.AddFlag(f)
	})
}

// eachCommand calls fn with every command below root.
func eachCommand(root *cobra.Command, fn func(*cobra.Command)) {
	for _, c := range root.Commands() {
		fn(c)
		eachCommand(c, fn)
	}
}

// checkRootCopies refuses a switch given (before the command) to a
// command that does not have it.
func checkRootCopies(c *cobra.Command) error {
	var err error
	c.Root().PersistentFlags().VisitAll(func(f *pflag.Flag) {
		if err == nil && f.Changed && f.Annotations[rootCopyAnnotation] != nil {
			err = usagef("%s does nothing for %s: it is for %s (see %s --help)", flagName(f), c.CommandPath(), commandsWith(c.Root(), f.Name), c.CommandPath())
		}
	})
	return err
}

// commandsWith names the commands that have the flag name.
func commandsWith(root *cobra.Command, name string) string {
	var names []string
	eachCommand(root, func(c *cobra.Command) {
		if c.LocalNonPersistentFlags().Lookup(name) != nil {
			names = append(names, strings.TrimPrefix(c.CommandPath(), root.Name()+" "))
		}
	})
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// options are the normalisation the flags ask for.
func (t *TextFlags) options() count.Options {
	return count.Options{IgnoreCase: t.IgnoreCase || t.Normalize, StripPunct: t.StripPunct || t.Normalize}
}

// text is how the flags ask for a book's text to be read.
func (t *TextFlags) text() corpus.TextOptions {
	return corpus.TextOptions{Encoding: t.Encoding, Raw: t.Raw}
}

// commandFirst moves the flags before the command to just after it, so
// that a command's flags that take a value go before it too (`gutcount
// --top 3 freq 11`, `gutcount --table csv batch LIST`): the first word
// after them that names a command is the command. Switches need no move
// (see registerRootSwitches), nor do words after --.
func commandFirst(root *cobra.Command, args []string) []string {
	if len(args) == 0 || !strings.HasPrefix(args[0], "-") {
		return args
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return args
		}
		if strings.HasPrefix(a, "-") {
			if flagTakesValue(root, a) {
				i++ // its value, which may be a command's name
			}
			continue
		}
		for _, c := range root.Commands() {
			if c.Name() == a || c.HasAlias(a) {
				moved := append([]string{a}, args[:i]...)
				return append(moved, args[i+1:]...)
			}
		}
	}
	return args
}

// flagTakesValue reports whether arg (-x, -abx or --name, without =) is a
// flag of root or of any command that takes the next word as its value.
func flagTakesValue(root *cobra.Command, arg string) bool {
	if strings.Contains(arg, "=") {
		return false
	}
	lookup := func(fs *pflag.FlagSet) *pflag.Flag {
		if name, ok := strings.CutPrefix(arg, "--"); ok {
			return fs.Lookup(name)
		}
		return fs.ShorthandLookup(arg[len(arg)-1:]) // the last of -abx takes the value
	}
	takes := func(fs *pflag.FlagSet) bool {
		f := lookup(fs)
		return f != nil && f.NoOptDefVal == ""
	}
	if takes(root.PersistentFlags()) {
		return true
	}
	found := false
	eachCommand(root, func(c *cobra.Command) { found = found || takes(c.LocalNonPersistentFlags()) })
	return found
}
