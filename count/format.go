package count

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Formats lists the frequency table formats, the first being the default.
var Formats = []string{"text", "tsv", "csv", "json", "jsonl"}

// CheckFormat returns an error unless f is one of Formats.
func CheckFormat(f string) error {
	for _, g := range Formats {
		if f == g {
			return nil
		}
	}
	return fmt.Errorf("unknown format %q (want one of %s)", f, strings.Join(Formats, ", "))
}

// WriteRows writes rows in format f: text is "word count" per line (the
// countwords benchmark's format), tsv and csv have a header line, json is
// one array and jsonl one object per line.
func WriteRows(w io.Writer, f string, rows []Row) error {
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
		if f == "json" {
			bw.WriteString("[")
		}
		for i, r := range rows {
			if f == "json" && i > 0 {
				bw.WriteString(",")
			}
			if f == "json" {
				bw.WriteString("\n  ")
			}
			buf = appendJSONRow(buf[:0], r)
			bw.Write(buf)
			if f == "jsonl" {
				bw.WriteByte('\n')
			}
		}
		if f == "json" {
			if len(rows) > 0 {
				bw.WriteString("\n")
			}
			bw.WriteString("]\n")
		}
	default:
		return CheckFormat(f)
	}
	return bw.Flush()
}

func appendJSONRow(buf []byte, r Row) []byte {
	word, _ := json.Marshal(r.Word)
	buf = append(buf, `{"word":`...)
	buf = append(buf, word...)
	buf = append(buf, `,"count":`...)
	buf = strconv.AppendInt(buf, r.Count, 10)
	return append(buf, '}')
}

// ReadRows reads a frequency table in any of Formats, telling them apart by
// their first bytes. Rows are returned in file order.
func ReadRows(r io.Reader) ([]Row, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(512)
	head = bytes.TrimLeft(head, " \t\r\n")
	switch {
	case bytes.HasPrefix(head, []byte("[")):
		var rows []Row
		if err := json.NewDecoder(br).Decode(&rows); err != nil {
			return nil, fmt.Errorf("json: %w", err)
		}
		return rows, nil
	case bytes.HasPrefix(head, []byte("{")):
		var rows []Row
		dec := json.NewDecoder(br)
		for {
			var row Row
			err := dec.Decode(&row)
			if err == io.EOF {
				return rows, nil
			}
			if err != nil {
				return nil, fmt.Errorf("jsonl: %w", err)
			}
			rows = append(rows, row)
		}
	case bytes.HasPrefix(head, []byte("word,count")):
		cr := csv.NewReader(br)
		recs, err := cr.ReadAll()
		if err != nil {
			return nil, fmt.Errorf("csv: %w", err)
		}
		var rows []Row
		for i, rec := range recs[1:] {
			if len(rec) != 2 {
				return nil, fmt.Errorf("csv: line %d: want 2 fields, got %d", i+2, len(rec))
			}
			n, err := strconv.ParseInt(rec[1], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("csv: line %d: bad count %q", i+2, rec[1])
			}
			rows = append(rows, Row{rec[0], n})
		}
		return rows, nil
	}
	// text or tsv: the count follows the last space or tab.
	var rows []Row
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 64<<10), 1<<30)
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSuffix(sc.Bytes(), []byte("\r"))
		if line == 1 && string(b) == "word\tcount" || len(b) == 0 {
			continue
		}
		k := bytes.LastIndexAny(b, " \t")
		if k <= 0 {
			return nil, fmt.Errorf("line %d: want \"word count\", got %q", line, b)
		}
		n, err := strconv.ParseInt(string(b[k+1:]), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("line %d: bad count %q", line, b[k+1:])
		}
		rows = append(rows, Row{string(b[:k]), n})
	}
	return rows, sc.Err()
}
