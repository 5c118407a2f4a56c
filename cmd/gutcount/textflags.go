package main

import (
	"github.com/spf13/cobra"

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
	f := cmd.Flags()
	f.BoolVarP(&t.IgnoreCase, "ignore-case", "i", false, "lowercase tokens and words (Unicode)")
	f.BoolVarP(&t.StripPunct, "strip-punct", "p", false, "trim leading and trailing punctuation")
	f.BoolVarP(&t.Normalize, "normalize", "n", false, "both -i and -p")
	f.BoolVar(&t.Raw, "raw", false, "keep the Project Gutenberg header and footer")
	f.StringVar(&t.Encoding, "encoding", "", "read the input as encoding `NAME` (utf-8, latin1, windows-1252, ...; default: as declared, else detected)")
	_ = cmd.RegisterFlagCompletionFunc("encoding", completeEncodings)
}

// options are the normalisation the flags ask for.
func (t *TextFlags) options() count.Options {
	return count.Options{IgnoreCase: t.IgnoreCase || t.Normalize, StripPunct: t.StripPunct || t.Normalize}
}

// text is how the flags ask for a book's text to be read.
func (t *TextFlags) text() corpus.TextOptions {
	return corpus.TextOptions{Encoding: t.Encoding, Raw: t.Raw}
}
