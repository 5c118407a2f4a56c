package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/gutcount/gutcount/count"
)

// writeChart draws horizontal bars of rows, scaled to width columns.
func writeChart(w io.Writer, rows []count.Row, width int) error {
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "(no words)")
		return err
	}
	label, num := 0, 0
	for _, r := range rows {
		label = max(label, min(utf8.RuneCountInString(r.Word), 24))
		num = max(num, len(fmt.Sprint(r.Count)))
	}
	bar := max(width-label-num-3, 10)
	top := float64(rows[0].Count)
	var b strings.Builder
	eighths := []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}
	for _, r := range rows {
		word := r.Word
		if utf8.RuneCountInString(word) > 24 {
			word = string([]rune(word)[:23]) + "…"
		}
		n := int(float64(r.Count) / top * float64(bar) * 8)
		fmt.Fprintf(&b, "%-*s %*d %s%s\n", label+len(word)-utf8.RuneCountInString(word), word, num, r.Count,
			strings.Repeat("█", n/8), eighths[n%8])
	}
	_, err := io.WriteString(w, b.String())
	return err
}
