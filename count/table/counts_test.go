package table

import (
	"bytes"
	"testing"
)

func TestWriteCounts(t *testing.T) {
	words := []string{"whale", "sea"}
	two := []SourceCounts{{"a.txt", []int64{1, 0}}, {"b.txt", []int64{4, 2}}}
	total := []int64{5, 2}
	for _, c := range []struct {
		format  string
		results []SourceCounts
		want    string
	}{
		{"text", two[:1], "1 occurrence of 'whale'\nNo occurrences of 'sea'\n"},
		{"text", two, "1 occurrence of 'whale' in a.txt\n4 occurrences of 'whale' in b.txt\n5 occurrences of 'whale' in total\n" +
			"No occurrences of 'sea' in a.txt\n2 occurrences of 'sea' in b.txt\n2 occurrences of 'sea' in total\n"},
		{"tsv", two[:1], "source\tword\tcount\na.txt\twhale\t1\na.txt\tsea\t0\n"},
		{"csv", two, "source,word,count\na.txt,whale,1\nb.txt,whale,4\ntotal,whale,5\na.txt,sea,0\nb.txt,sea,2\ntotal,sea,2\n"},
		{"jsonl", two, `{"source":"a.txt","word":"whale","count":1}` + "\n" + `{"source":"b.txt","word":"whale","count":4}` + "\n" +
			`{"source":"a.txt","word":"sea","count":0}` + "\n" + `{"source":"b.txt","word":"sea","count":2}` + "\n"},
		{"json", two, "{\n  \"sources\": [\n    {\n      \"source\": \"a.txt\",\n      \"counts\": {\n        \"sea\": 0,\n        \"whale\": 1\n      }\n    },\n" +
			"    {\n      \"source\": \"b.txt\",\n      \"counts\": {\n        \"sea\": 2,\n        \"whale\": 4\n      }\n    }\n  ],\n  \"total\": {\n    \"sea\": 2,\n    \"whale\": 5\n  }\n}\n"},
		{"json", nil, "{\n  \"sources\": [],\n  \"total\": {\n    \"sea\": 0,\n    \"whale\": 0\n  }\n}\n"},
	} {
		tot := total
		if len(c.results) == 1 {
			tot = c.results[0].Counts
		}
		if c.results == nil {
			tot = []int64{0, 0}
		}
		var b bytes.Buffer
		if err := WriteCounts(&b, c.format, words, c.results, tot); err != nil {
			t.Fatal(err)
		}
		if b.String() != c.want {
			t.Errorf("%s of %d sources: got %q; want %q", c.format, len(c.results), b.String(), c.want)
		}
	}
}
