package table

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// WriteTable writes a header and rows as "tsv" or "csv" (any other format
// is taken as csv). Fields are made safe for a terminal (Clean), which
// also keeps tabs and newlines out of tsv.
func WriteTable(w io.Writer, format string, header []string, rows [][]string) error {
	return WriteTableFunc(w, format, header, len(rows), func(i int) []string { return rows[i] })
}

// WriteTableFunc is WriteTable of n rows made by row as they are written;
// it stops at the first error of w.
func WriteTableFunc(w io.Writer, format string, header []string, n int, row func(i int) []string) error {
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
				bw.WriteString(Clean(f))
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
			c[j] = Clean(f)
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

// WriteJSON writes v as one indented document ("json") or on one line
// ("jsonl", for one record).
func WriteJSON(w io.Writer, format string, v any) error {
	enc := json.NewEncoder(w)
	if format == "json" {
		enc.SetIndent("", "  ")
	}
	return enc.Encode(v)
}

// WriteJSONLines writes each element of list as JSON on a line of its own.
func WriteJSONLines[T any](w io.Writer, list []T) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for _, v := range list {
		if err := enc.Encode(v); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteRecords writes recs in format: "text" a record a line, its fields
// joined by a space; "tsv" and "csv" a header line, then the fields;
// "json" and "jsonl" the records themselves as JSON objects ("json" an
// array with an object a line, as WriteRows'). fields gives a record's
// fields, for people (text true) or for tools.
func WriteRecords[T any](w io.Writer, format string, header []string, recs []T, fields func(r T, text bool) []string) error {
	switch format {
	case "tsv", "csv":
		return WriteTableFunc(w, format, header, len(recs), func(i int) []string { return fields(recs[i], false) })
	case "json", "jsonl":
		bw := bufio.NewWriterSize(w, 64<<10)
		var err error
		WriteJSONRecords(bw, format, len(recs), func(buf []byte, i int) []byte {
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
			bw.WriteString(Clean(f))
		}
		if err := bw.WriteByte('\n'); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// Clean makes s safe to print to a terminal: control characters (C0, DEL,
// C1), the bidirectional overrides and invalid UTF-8 bytes, which a book's
// header, a list line or an argument may hold, are shown as escapes
// (\x1b, \u202e) instead of reaching the terminal, where they could move
// the cursor, retitle the window or reorder what is shown. Everything else
// is kept as it is.
func Clean(s string) string {
	if !needsCleaning(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r):
			if r < 0x100 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Cut shortens s to n runes at most (n > 0), its last an ellipsis when
// some were cut: a long title in a column or a label.
func Cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func needsCleaning(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= 0x80 {
			return !utf8.ValidString(s) || strings.IndexFunc(s, unsafeRune) >= 0
		}
	}
	return false
}

func unsafeRune(r rune) bool {
	return r < 0x20 || r == 0x7f || 0x80 <= r && r < 0xa0 ||
		0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069
}

// WriteColumns writes n rows of header's columns in format: text aligned
// for people (the first column padded to its widest cell, the others
// right-aligned, the last as it is, two spaces apart, widths in terminal
// cells, with the header); tsv and csv a header line, then the cells as
// they are; json and jsonl record(i) of each row as JSON objects ("json"
// an array with an object a line).
func WriteColumns(w io.Writer, format string, header []string, n int, cells func(i int) []string, record func(i int) any) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	switch format {
	case "text":
		all := [][]string{header}
		for i := range n {
			all = append(all, cells(i))
		}
		widths := make([]int, len(header))
		for _, c := range all {
			for i, s := range c {
				_, n := FitWidth(s, 1<<30, false)
				widths[i] = max(widths[i], n)
			}
		}
		for _, c := range all {
			for i, s := range c {
				_, n := FitWidth(s, 1<<30, false)
				pad := strings.Repeat(" ", widths[i]-n)
				switch {
				case i == 0:
					bw.WriteString(s + pad)
				case i == len(c)-1:
					bw.WriteString("  " + s)
				default:
					bw.WriteString("  " + pad + s)
				}
			}
			bw.WriteByte('\n')
		}
	case "tsv":
		bw.WriteString(strings.Join(header, "\t") + "\n")
		for i := range n {
			bw.WriteString(strings.Join(cells(i), "\t") + "\n")
		}
	case "csv":
		cw := csv.NewWriter(bw)
		cw.Write(header)
		for i := range n {
			cw.Write(cells(i))
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
	case "json", "jsonl":
		WriteJSONRecords(bw, format, n, func(buf []byte, i int) []byte {
			j, _ := json.Marshal(record(i))
			return append(buf, j...)
		})
	}
	return bw.Flush()
}
