package main

import "testing"

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"Moby Dick":             "Moby Dick",
		"corazón — «Наташа»":    "corazón — «Наташа»",
		"\x1b]0;pwned\x07Title": `\x1b]0;pwned\x07Title`,
		"\x1b[2Jclear":          `\x1b[2Jclear`,
		"tab\there\nnewline":    `tab\x09here\x0anewline`,
		"c1 \u009b csi":         `c1 \x9b csi`,
		"bidi \u202eevil":       `bidi \u202eevil`,
		"latin1 \xe9t\xe9":      `latin1 \xe9t\xe9`,
		"del\x7f":               `del\x7f`,
		"":                      "",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q; want %q", in, got, want)
		}
	}
}
