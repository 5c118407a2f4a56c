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

// textAnnotation marks the root's hidden copies of the text flags.
const textAnnotation = "gutcount/text"

// registerRootTextFlags lets the text flags come before the command, as
// in gutcount -n count whale 2701: cobra finds the command by skipping
// the flags the root knows, and would take an unknown -n for a flag with a
// value (and "count" for that value). The root's copies are hidden; a
// command with text flags has its own, which take them, so a root copy is
// only ever set for a command without them, which checkTextFlags refuses.
func registerRootTextFlags(root *cobra.Command) {
	var t TextFlags
	f := pflag.NewFlagSet("text", pflag.ContinueOnError)
	t.addTo(f)
	f.VisitAll(func(fl *pflag.Flag) {
		fl.Hidden = true
		fl.Annotations = map[string][]string{textAnnotation: {"true"}}
		root.PersistentFlags().AddFlag(fl)
	})
}

// checkTextFlags refuses a text flag given (before the command) to a
// command that has none.
func checkTextFlags(c *cobra.Command) error {
	var err error
	c.Root().PersistentFlags().VisitAll(func(f *pflag.Flag) {
		if err == nil && f.Changed && f.Annotations[textAnnotation] != nil {
			err = usagef("%s does nothing for %s: it is for %s (see %s --help)", flagName(f), c.CommandPath(), textCommands(c.Root()), c.CommandPath())
		}
	})
	return err
}

// textCommands names the commands that take the text flags.
func textCommands(root *cobra.Command) string {
	var names []string
	for _, s := range root.Commands() {
		if s.LocalNonPersistentFlags().Lookup("normalize") != nil {
			names = append(names, s.Name())
		}
	}
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
