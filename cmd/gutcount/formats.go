package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
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

// writeTable writes a header and rows as tsv or csv. Fields are made safe
// for a terminal (clean), which also keeps tabs and newlines out of tsv.
func writeTable(w io.Writer, format string, header []string, rows [][]string) error {
	return writeRows(w, format, header, len(rows), func(i int) []string { return rows[i] })
}

// writeRows is writeTable of n rows made by row as they are written; it
// stops at the first error of w.
func writeRows(w io.Writer, format string, header []string, n int, row func(i int) []string) error {
	bw := bufio.NewWriter(w)
	line := func(i int) []string {
		if i < 0 {
			return header
		}
		return row(i)
	}
	if format == "tsv" {
		for i := -1; i < n; i++ {
			for j, f := range line(i) {
				if j > 0 {
					bw.WriteByte('\t')
				}
				bw.WriteString(clean(f))
			}
			if err := bw.WriteByte('\n'); err != nil {
				return err
			}
		}
		return bw.Flush()
	}
	cw := csv.NewWriter(bw)
	for i := -1; i < n; i++ {
		r := line(i)
		c := make([]string, len(r))
		for j, f := range r {
			c[j] = clean(f)
		}
		if err := cw.Write(c); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// writeJSON writes v as one indented document (json) or on one line
// (jsonl, for one record).
func writeJSON(w io.Writer, format string, v any) error {
	enc := json.NewEncoder(w)
	if format == "json" {
		enc.SetIndent("", "  ")
	}
	return enc.Encode(v)
}

// writeJSONLines writes each element of list on a line of its own.
func writeJSONLines[T any](w io.Writer, list []T) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for _, v := range list {
		if err := enc.Encode(v); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// writeRecords writes records in format: text a record a line, its
// fields joined by a space; tsv and csv a header line, then the fields;
// json and jsonl the records themselves as JSON objects (json an array
// with an object a line, as freq's). fields gives a record's fields, for
// people (text) or for tools.
func writeRecords[T any](w io.Writer, format string, header []string, recs []T, fields func(r T, text bool) []string) error {
	switch format {
	case "tsv", "csv":
		return writeRows(w, format, header, len(recs), func(i int) []string { return fields(recs[i], false) })
	case "json", "jsonl":
		bw := bufio.NewWriterSize(w, 64<<10)
		var err error
		table.WriteJSONRecords(bw, format, len(recs), func(buf []byte, i int) []byte {
			j, e := json.Marshal(recs[i])
			if e != nil && err == nil {
				err = e
			}
			return append(buf, j...)
		})
		if err != nil {
			return err
		}
		return bw.Flush()
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	for _, r := range recs {
		for i, f := range fields(r, true) {
			if i > 0 {
				bw.WriteByte(' ')
			}
			bw.WriteString(clean(f))
		}
		if err := bw.WriteByte('\n'); err != nil {
			return err
		}
	}
	return bw.Flush()
}
