package main

import (
	"io"
	"strings"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/count/plot"
	"github.com/gutcount/gutcount/internal/fsx"
)

// series is the sorted frequencies of one source, and its name in the
// plot.
type series = plot.Series

// bookTitle names a source in a plot (corpus.OpenedText.Name).
func bookTitle(src corpus.Source, tx *corpus.OpenedText) string {
	return clean(tx.Name(src))
}

// plotTitle is the title of a plot of books: their titles, and how their
// tokens were counted.
func plotTitle(all []series, t TextFlags) string {
	names := make([]string, len(all))
	for i, s := range all {
		names[i] = cut(s.Title, 40)
	}
	// Titles hold commas and "and": a dot keeps them apart.
	books := strings.Join(names, " · ")
	if len([]rune(books)) > 90 {
		books = plural(len(all), "book")
	}
	o := t.options()
	var how string
	switch {
	case o.IgnoreCase && o.StripPunct:
		how = "lowercased and punctuation trimmed (-n)"
	case o.IgnoreCase:
		how = "lowercased (-i)"
	case o.StripPunct:
		how = "punctuation trimmed (-p)"
	default:
		how = "as they are (no -i, -p or -n)"
	}
	if t.Raw {
		how += ", header and footer kept (--raw)"
	}
	return books + "\nZipf plot: rank and frequency of the tokens, " + how
}

// savePlot draws rank against frequency on log-log axes, one series per
// source with its fitted Zipf line, to an .svg or .png file.
func savePlot(file, title string, all []series) error {
	format, ok := plot.FormatOf(file)
	if !ok {
		return usagef("--plot %q: the file must end in .svg or .png", file)
	}
	return saveChart(file, func(w io.Writer) error { return plot.Zipf(w, format, title, all) })
}

// saveChart writes the file of a chart, whole or not at all.
func saveChart(file string, draw func(io.Writer) error) error {
	f, err := fsx.Create(file, 0o644)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := draw(f); err != nil {
		return err
	}
	return f.Commit()
}
