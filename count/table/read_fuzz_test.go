package table_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/table"
)

// refText reads a table in the text format the plain way: a line's count
// follows its last space or tab; a bad line is an error. ok is false when
// a line is bad.
func refText(text string) (rows map[string]int64, ok bool) {
	rows = map[string]int64{}
	for i, line := range strings.Split(text, "\n") {
		// bufio.ScanLines drops a line's final CR, and the reader one more.
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\r"), "\r")
		if line == "" || i == 0 && line == "word\tcount" {
			continue
		}
		k := strings.LastIndexAny(line, " \t")
		if k <= 0 {
			return nil, false
		}
		n, err := strconv.ParseInt(line[k+1:], 10, 64)
		if err != nil || n < 0 {
			return nil, false
		}
		rows[line[:k]] += n
	}
	return rows, true
}

// Read of a text table agrees with the plain reading: the same sums, and
// an error exactly when a line is bad.
func FuzzReadText(f *testing.F) {
	for _, s := range []string{"the 3\nwhale 2\n", "word\tcount\nthe\t3\n", "a b 1\r\nc -2\n", "x +4\n", "y 99999999999999999999\n", "z 123456789012345678\n", " 1\n", "w x\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if sniffed, _ := table.Sniff([]byte(text)); sniffed != "text" && sniffed != "tsv" || strings.HasPrefix(text, "\xef\xbb\xbf") {
			return
		}
		want, ok := refText(text)
		tab := count.NewTable()
		err := table.Read(context.Background(), tab, strings.NewReader(text), nil)
		if (err == nil) != ok {
			t.Fatalf("Read(%q) = %v; want an error: %v", text, err, !ok)
		}
		if err != nil {
			return
		}
		got := map[string]int64{}
		for _, r := range tab.Sorted() {
			got[r.Word] = r.Count
		}
		for w, n := range want {
			if n == 0 {
				delete(want, w) // a count of 0 is no row of the table
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("Read(%q) = %v; want %v", text, got, want)
		}
	})
}
