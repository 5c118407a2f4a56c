package table

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/rivo/uniseg"

	"github.com/gutcount/gutcount/count"
)

// KwicLine is a line of a concordance as kwic's tsv and json give it:
// its source, the index of its token (0 for the text's first), the
// context before it, the token as it stands, and the context after it.
type KwicLine struct {
	Source string `json:"source"`
	Index  int64  `json:"index"`
	Left   string `json:"left"`
	Token  string `json:"token"`
	Right  string `json:"right"`
}

// KwicWriter writes the lines of a concordance in a format: text (the
// token in the middle, Width cells of context either side, the source
// first when there are several), tsv and csv (a header, then the fields
// of KwicLine), json (an array, a line an object) or jsonl.
type KwicWriter struct {
	format string
	width  int
	pad    int // text: the width of the source names, 0 for one source
	w      *bufio.Writer
	cw     *csv.Writer
	line   []byte
	found  int64
}

// NewKwicWriter returns the writer to w of the lines of sources (their
// names, as given) in format, with width cells of context in text.
func NewKwicWriter(w io.Writer, format string, width int, sources []string) *KwicWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	kw := &KwicWriter{format: format, width: width, w: bw, cw: csv.NewWriter(bw)}
	// Text lines name their source only when there are several, padded to
	// keep the words aligned.
	if len(sources) > 1 {
		for _, s := range sources {
			kw.pad = max(kw.pad, uniseg.StringWidth(Clean(s)))
		}
	}
	switch format {
	case "tsv":
		bw.WriteString("source\tindex\tleft\ttoken\tright\n")
	case "csv":
		kw.cw.Write([]string{"source", "index", "left", "token", "right"})
	case "json":
		bw.WriteString("[")
	}
	return kw
}

// Found is the number of lines written.
func (kw *KwicWriter) Found() int64 { return kw.found }

// Write writes the line of one occurrence, m in source.
func (kw *KwicWriter) Write(source string, m count.Match) error {
	kw.found++
	line := kw.line[:0]
	switch kw.format {
	case "text":
		if kw.pad > 0 {
			name := Clean(source)
			line = append(append(line, name...), strings.Repeat(" ", kw.pad-uniseg.StringWidth(name)+2)...)
		}
		left, n := FitWidth(Clean(m.Left), kw.width, true)
		right, _ := FitWidth(Clean(m.Right), kw.width, false)
		line = append(line, strings.Repeat(" ", kw.width-n)...)
		line = append(append(append(line, left...), ' '), Clean(m.Text)...)
		if right != "" {
			line = append(append(line, ' '), right...)
		}
		line = append(line, '\n')
	case "csv":
		return kw.cw.Write([]string{source, strconv.FormatInt(m.Index, 10), m.Left, m.Text, m.Right})
	case "tsv":
		line = append(append(line, source...), '\t')
		line = strconv.AppendInt(line, m.Index, 10)
		line = append(append(append(line, '\t'), m.Left...), '\t')
		line = append(append(append(line, m.Text...), '\t'), m.Right...)
		line = append(line, '\n')
	default:
		if kw.format == "json" {
			if kw.found > 1 {
				line = append(line, ',')
			}
			line = append(line, "\n  "...)
		}
		j, _ := json.Marshal(KwicLine{Source: source, Index: m.Index, Left: m.Left, Token: m.Text, Right: m.Right})
		line = append(line, j...)
		if kw.format == "jsonl" {
			line = append(line, '\n')
		}
	}
	kw.line = line
	_, err := kw.w.Write(line)
	return err
}

// Close ends the output (json's array) and flushes it; it does not close
// the underlying writer.
func (kw *KwicWriter) Close() error {
	kw.cw.Flush()
	if err := kw.cw.Error(); err != nil {
		return err
	}
	if kw.format == "json" {
		if kw.found > 0 {
			kw.w.WriteString("\n")
		}
		kw.w.WriteString("]\n")
	}
	return kw.w.Flush()
}

// FitWidth cuts s to at most w terminal cells, keeping its end (keepEnd)
// or its start, whole grapheme clusters only; it returns the part kept and
// its width.
func FitWidth(s string, w int, keepEnd bool) (string, int) {
	total := uniseg.StringWidth(s)
	if total <= w {
		return s, total
	}
	// Split into grapheme clusters and keep as many as fit.
	var parts []string
	var widths []int
	state := -1
	for rest := s; rest != ""; {
		var c string
		var cw int
		c, rest, cw, state = uniseg.FirstGraphemeClusterInString(rest, state)
		parts, widths = append(parts, c), append(widths, cw)
	}
	n, i := 0, 0
	if keepEnd {
		for i = len(parts); i > 0 && n+widths[i-1] <= w; i-- {
			n += widths[i-1]
		}
		return strings.Join(parts[i:], ""), n
	}
	for i = 0; i < len(parts) && n+widths[i] <= w; i++ {
		n += widths[i]
	}
	return strings.Join(parts[:i], ""), n
}
