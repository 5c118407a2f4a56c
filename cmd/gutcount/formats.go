package main

import (
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/count/table"
)

// Every command that prints a table takes the same format names,
// table.Formats(): text (for people), tsv and csv (a header line, then a
// row a line), json (one document) and jsonl (one object a line). A
// command or a view that cannot print one of them refuses it.
var formatDescriptions = map[string]string{
	"text":  "for people",
	"tsv":   "tab-separated values, with a header line",
	"csv":   "comma-separated values, with a header line",
	"json":  "one JSON document",
	"jsonl": "JSON Lines, one object a line",
}

// allFormats are the five.
var allFormats = table.Formats()

// formatFlag adds --format to cmd, taking formats, the first of them the
// default; what is what it formats ("output", "the merged frequencies").
func formatFlag(cmd *cobra.Command, p *string, what string, formats ...string) {
	cmd.Flags().StringVar(p, "format", formats[0], "write "+what+" in `FORMAT`: "+orList(formats))
	_ = cmd.RegisterFlagCompletionFunc("format", func(_ *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, f := range formats {
			if strings.HasPrefix(f, prefix) {
				out = append(out, cobra.CompletionWithDesc(f, formatDescriptions[f]))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
}

// checkFormat refuses a format that is none of the five, and one that
// view (a command, or a view of one such as "freq --chart") cannot print.
func checkFormat(format, view string, formats ...string) error {
	if !slices.Contains(allFormats, format) {
		return usagef("unknown format %q (want %s)", format, orList(allFormats))
	}
	if !slices.Contains(formats, format) {
		return usagef("%s has no %s format (want %s)", view, format, orList(formats))
	}
	return nil
}

// orList writes "a, b or c".
func orList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// writeRecords is table.WriteRecords (tfidf, similar and contexts call it
// by this name).
func writeRecords[T any](w io.Writer, format string, header []string, recs []T, fields func(r T, text bool) []string) error {
	return table.WriteRecords(w, format, header, recs, fields)
}
