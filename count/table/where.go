package table

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/gutcount/gutcount/count"
)

// Where is where words occur in one text: for each word, the token
// indices of its occurrences.
type Where struct {
	Source  string // the text's name, as given
	Title   string // its title, "" when unknown
	Tokens  int64  // how many tokens it has
	Words   []string
	Indices []count.Positions // Indices[k] are where Words[k] occurs
}

// WriteWhere writes wh in format: an occurrence a line (text and tsv as
// tab-separated word, index and fraction of the text, tsv with a header;
// csv with a header; jsonl an object a line), or json one document with
// the source, its title and tokens, and each word with its count and
// indices.
func WriteWhere(w io.Writer, format string, wh Where) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	frac := func(b []byte, i int64) []byte {
		f := 0.0
		if wh.Tokens > 0 {
			f = float64(i) / float64(wh.Tokens)
		}
		return strconv.AppendFloat(b, f, 'f', 4, 64)
	}
	var err error
	switch format {
	case "csv":
		err = writeWhereCSV(bw, wh, frac)
	case "text", "tsv", "jsonl":
		err = writeWhereLines(bw, format, wh, frac)
	case "json":
		writeWhereJSON(bw, wh)
	default:
		return CheckFormat(format)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// writeWhereCSV writes a word, an index and its fraction of the text a
// record.
func writeWhereCSV(w io.Writer, wh Where, frac func([]byte, int64) []byte) error {
	var line []byte
	cw := csv.NewWriter(w)
	cw.Write([]string{"word", "index", "fraction"})
	for k, word := range wh.Words {
		wh.Indices[k].Each(func(i int64) error {
			return cw.Write([]string{word, strconv.FormatInt(i, 10), string(frac(line[:0], i))})
		})
	}
	cw.Flush()
	return cw.Error()
}

// writeWhereLines writes an occurrence a line: text and tsv (with a
// header) as tab-separated fields, jsonl as an object.
func writeWhereLines(w io.Writer, format string, wh Where, frac func([]byte, int64) []byte) error {
	var line []byte
	if format == "tsv" {
		io.WriteString(w, "word\tindex\tfraction\n")
	}
	for k, word := range wh.Words {
		jw, _ := json.Marshal(word)
		err := wh.Indices[k].Each(func(i int64) error {
			line = line[:0]
			if format == "jsonl" {
				line = append(append(append(line, `{"word":`...), jw...), `,"index":`...)
				line = strconv.AppendInt(line, i, 10)
				line = append(frac(append(line, `,"fraction":`...), i), "}\n"...)
			} else {
				line = append(append(line, word...), '\t')
				line = strconv.AppendInt(line, i, 10)
				line = append(frac(append(line, '\t'), i), '\n')
			}
			_, err := w.Write(line)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// writeWhereJSON writes one document: the source, its title and tokens,
// and each word with its count and indices.
func writeWhereJSON(w *bufio.Writer, wh Where) {
	var line []byte
	head, _ := json.Marshal(struct {
		Source string `json:"source"`
		Title  string `json:"title,omitempty"`
		Tokens int64  `json:"tokens"`
	}{wh.Source, wh.Title, wh.Tokens})
	w.Write(head[:len(head)-1])
	w.WriteString(`,"words":[`)
	for k, word := range wh.Words {
		if k > 0 {
			w.WriteString(",")
		}
		jw, _ := json.Marshal(word)
		fmt.Fprintf(w, "\n  {\"word\":%s,\"count\":%d,\"indices\":[", jw, wh.Indices[k].Len())
		n := 0
		wh.Indices[k].Each(func(i int64) error {
			if n++; n > 1 {
				w.WriteByte(',')
			}
			w.Write(strconv.AppendInt(line[:0], i, 10))
			return nil
		})
		w.WriteString("]}")
	}
	w.WriteString("\n]}\n")
}
