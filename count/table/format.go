package table

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/gutcount/gutcount/count"
)

// formats are the frequency table formats, the first being the default.
var formats = []string{"text", "tsv", "csv", "json", "jsonl"}

// Formats returns the names of the table formats, text first.
func Formats() []string { return slices.Clone(formats) }

// CheckFormat returns an error unless f is one of Formats.
func CheckFormat(f string) error {
	for _, g := range formats {
		if f == g {
			return nil
		}
	}
	return fmt.Errorf("unknown format %q (want one of %s)", f, strings.Join(formats, ", "))
}

// WriteRows writes rows in format f: text is "word count" per line (the
// countwords benchmark's format), tsv and csv have a header line, json is
// one array and jsonl one object per line.
func WriteRows(w io.Writer, f string, rows []count.Row) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf []byte
	switch f {
	case "text", "tsv":
		sep := byte(' ')
		if f == "tsv" {
			sep = '\t'
			bw.WriteString("word\tcount\n")
		}
		for _, r := range rows {
			bw.WriteString(r.Word) // not copied: a token may be huge
			buf = append(buf[:0], sep)
			buf = strconv.AppendInt(buf, r.Count, 10)
			buf = append(buf, '\n')
			bw.Write(buf)
		}
	case "csv":
		cw := csv.NewWriter(bw)
		cw.Write([]string{"word", "count"})
		for _, r := range rows {
			cw.Write([]string{r.Word, strconv.FormatInt(r.Count, 10)})
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
	case "json", "jsonl":
		WriteJSONRecords(bw, f, len(rows), func(buf []byte, i int) []byte {
			return appendJSONRow(buf, rows[i])
		})
	default:
		return CheckFormat(f)
	}
	return bw.Flush()
}

// WriteJSONRecords writes n records to bw as format "json" (an array, a
// record a line, indented) or "jsonl" (a record a line); rec appends the
// JSON object of record i to buf and returns it.
// It stops at bw's first error (bw's Flush then returns it).
func WriteJSONRecords(bw *bufio.Writer, format string, n int, rec func(buf []byte, i int) []byte) {
	var buf []byte
	if format == "json" {
		bw.WriteString("[")
	}
	for i := range n {
		if format == "json" {
			if i > 0 {
				bw.WriteString(",")
			}
			bw.WriteString("\n  ")
		}
		buf = rec(buf[:0], i)
		if _, err := bw.Write(buf); err != nil {
			return
		}
		if format == "jsonl" {
			bw.WriteByte('\n')
		}
	}
	if format == "json" {
		if n > 0 {
			bw.WriteString("\n")
		}
		bw.WriteString("]\n")
	}
}

func appendJSONRow(buf []byte, r count.Row) []byte {
	word, _ := json.Marshal(r.Word)
	buf = append(buf, `{"word":`...)
	buf = append(buf, word...)
	buf = append(buf, `,"count":`...)
	buf = strconv.AppendInt(buf, r.Count, 10)
	return append(buf, '}')
}

// ReadRows reads a frequency table in any of Formats, telling them apart by
// their first bytes. Rows are returned in file order.
func ReadRows(r io.Reader) ([]count.Row, error) {
	var rows []count.Row
	err := EachRow(r, func(row count.Row, _ int) error {
		rows = append(rows, row)
		return nil
	})
	return rows, err
}

// EachRow reads a frequency table in any of Formats, telling them apart by
// their first bytes (see EachRowFormat), and calls fn with each row and
// its line number (for json, its 1-based position in the array), in file
// order, holding no more than one row at a time. A count that is negative
// or does not fit an int64 is an error naming its line; so is an error fn
// returns.
func EachRow(r io.Reader, fn func(row count.Row, line int) error) error {
	return EachRowFormat(r, "", fn)
}

// EachRowFormat is EachRow for a table in format (one of Formats), or,
// with format "", in the format its first bytes say. A byte-order mark
// at the start is skipped.
func EachRowFormat(r io.Reader, format string, fn func(row count.Row, line int) error) error {
	br, format, err := openTable(r, format)
	if err != nil {
		return err
	}
	return eachRow(br, format, fn)
}

// eachRow is EachRowFormat on a table opened by openTable.
func eachRow(br *bufio.Reader, format string, fn func(row count.Row, line int) error) error {
	// check passes row on; where names it in errors ("csv: line 3").
	check := func(where string, line int, row count.Row) error {
		if row.Count < 0 {
			return fmt.Errorf("%s %d: negative count %d", where, line, row.Count)
		}
		if err := fn(row, line); err != nil {
			return fmt.Errorf("%s %d: %w", where, line, err)
		}
		return nil
	}
	switch format {
	case "json":
		return eachJSON(br, check)
	case "jsonl":
		return eachJSONL(br, check)
	case "csv":
		return eachCSV(br, check)
	}
	// text or tsv
	return eachText(br, func(line int, word []byte, n int64) error {
		return check("line", line, count.Row{Word: string(word), Count: n})
	})
}

// openTable buffers r, skips a byte-order mark (a table saved by a
// Windows editor: it is not part of the first word), and tells the
// table's format when format is "".
func openTable(r io.Reader, format string) (*bufio.Reader, string, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if head, _ := br.Peek(3); bytes.Equal(head, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	if format == "" {
		head, _ := br.Peek(512)
		format, _ = Sniff(head)
	}
	return br, format, CheckFormat(format)
}

// rowCheck passes a row read at a place ("csv: line", 3) on, or says
// what is wrong with it there.
type rowCheck func(where string, line int, row count.Row) error

// eachJSON reads a JSON array of {"word", "count"} objects.
func eachJSON(br *bufio.Reader, check rowCheck) error {
	dec := json.NewDecoder(br)
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("json: %w", err)
	}
	for i := 1; dec.More(); i++ {
		var row count.Row
		if err := dec.Decode(&row); err != nil {
			return fmt.Errorf("json: row %d: %w", i, err)
		}
		if err := check("json: row", i, row); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("json: %w", err)
	}
	return nil
}

// eachJSONL reads one {"word", "count"} object a line.
func eachJSONL(br *bufio.Reader, check rowCheck) error {
	dec := json.NewDecoder(br)
	for i := 1; ; i++ {
		var row count.Row
		err := dec.Decode(&row)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("jsonl: record %d: %w", i, err)
		}
		if err := check("jsonl: record", i, row); err != nil {
			return err
		}
	}
}

// eachCSV reads a word,count header, then a word and a count a record.
func eachCSV(br *bufio.Reader, check rowCheck) error {
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	for i := 1; ; i++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("csv: %w", err)
		}
		if i == 1 {
			continue // the header
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != 2 {
			return fmt.Errorf("csv: line %d: want 2 fields, got %d", line, len(rec))
		}
		n, err := strconv.ParseInt(rec[1], 10, 64)
		if err != nil {
			return fmt.Errorf("csv: line %d: bad count %q", line, rec[1])
		}
		if err := check("csv: line", line, count.Row{Word: rec[0], Count: n}); err != nil {
			return err
		}
	}
}

// eachText reads the text and tsv formats: the count follows the last
// space or tab of a line; tsv's header line is skipped. fn gets each
// row's word as bytes valid until it returns (a hot path: merge OUTDIR
// reads its shards' frequencies through it, allocating nothing a row).
func eachText(br *bufio.Reader, fn func(line int, word []byte, n int64) error) error {
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 64<<10), 1<<30)
	for line := 1; sc.Scan(); line++ {
		b := sc.Bytes()
		if len(b) > 0 && b[len(b)-1] == '\r' {
			b = b[:len(b)-1]
		}
		if line == 1 && string(b) == "word\tcount" || len(b) == 0 {
			continue
		}
		k := len(b) - 1
		for k >= 0 && b[k] != ' ' && b[k] != '\t' {
			k--
		}
		if k <= 0 {
			return fmt.Errorf("line %d: want \"word count\", got %q", line, b)
		}
		n, ok := parseCount(b[k+1:])
		if !ok {
			return fmt.Errorf("line %d: bad count %q", line, b[k+1:])
		}
		if err := fn(line, b[:k], n); err != nil {
			return err
		}
	}
	return sc.Err()
}

// parseCount is strconv.ParseInt(string(b), 10, 64), without the string
// for counts of up to 18 digits.
func parseCount(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		n, err := strconv.ParseInt(string(b), 10, 64)
		return n, err == nil
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			n, err := strconv.ParseInt(string(b), 10, 64) // a sign, or not a number
			return n, err == nil
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// ContextWriter is w that stops writing once ctx is done: a Write then
// returns ctx's error and writes nothing. Under a bufio.Writer it makes a
// loop that writes rows (and stops at its first error) end within a
// buffer's worth of rows of a cancel.
func ContextWriter(ctx context.Context, w io.Writer) io.Writer {
	return &ctxWriter{ctx, w}
}

type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c *ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}
