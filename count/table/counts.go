package table

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// SourceCounts are the counts of words in one source: Counts[i] is the
// count of the i-th word.
type SourceCounts struct {
	Source string  `json:"source"`
	Counts []int64 `json:"-"`
}

// CountLine is the sentence of n occurrences of word: "No occurrences of
// 'x'", "1 occurrence of 'x'", "5 occurrences of 'x'".
func CountLine(n int64, word string) string {
	switch n {
	case 0:
		return fmt.Sprintf("No occurrences of '%s'", word)
	case 1:
		return fmt.Sprintf("1 occurrence of '%s'", word)
	}
	return fmt.Sprintf("%d occurrences of '%s'", n, word)
}

// WriteCounts writes the counts of words in each source and their total
// (total[i] the i-th word's) in format: text is a sentence a line
// (CountLine); tsv and csv have a "source word count" header and, for
// several sources, a total row for each word; json is
// {"sources":[{"source","counts":{WORD:N}}],"total":{WORD:N}}; jsonl is an
// object {"source","word","count"} a line, without totals.
func WriteCounts(w io.Writer, format string, words []string, results []SourceCounts, total []int64) error {
	many := len(results) > 1
	switch format {
	case "text":
		var b strings.Builder
		for i, word := range words {
			for _, r := range results {
				b.WriteString(Clean(CountLine(r.Counts[i], word)))
				if many {
					b.WriteString(" in " + Clean(r.Source))
				}
				b.WriteByte('\n')
			}
			if many {
				b.WriteString(Clean(CountLine(total[i], word)) + " in total\n")
			}
		}
		_, err := io.WriteString(w, b.String())
		return err
	case "tsv", "csv":
		var rows [][]string
		for i, word := range words {
			for _, r := range results {
				rows = append(rows, []string{r.Source, word, strconv.FormatInt(r.Counts[i], 10)})
			}
			if many {
				rows = append(rows, []string{"total", word, strconv.FormatInt(total[i], 10)})
			}
		}
		return WriteTable(w, format, []string{"source", "word", "count"}, rows)
	case "jsonl":
		type row struct {
			Source string `json:"source"`
			Word   string `json:"word"`
			Count  int64  `json:"count"`
		}
		var rows []row
		for i, word := range words {
			for _, r := range results {
				rows = append(rows, row{r.Source, word, r.Counts[i]})
			}
		}
		return WriteJSONLines(w, rows)
	case "json":
		return writeCountsJSON(w, words, results, total)
	}
	return CheckFormat(format)
}

// writeCountsJSON writes WriteCounts' json: each source with its counts by
// word, and the total by word.
func writeCountsJSON(w io.Writer, words []string, results []SourceCounts, total []int64) error {
	type src struct {
		Source string           `json:"source"`
		Counts map[string]int64 `json:"counts"`
	}
	out := struct {
		Sources []src            `json:"sources"`
		Total   map[string]int64 `json:"total"`
	}{Sources: []src{}, Total: map[string]int64{}}
	for i, word := range words {
		out.Total[word] = total[i]
	}
	for _, r := range results {
		s := src{r.Source, map[string]int64{}}
		for i, word := range words {
			s.Counts[word] = r.Counts[i]
		}
		out.Sources = append(out.Sources, s)
	}
	return WriteJSON(w, "json", out)
}
