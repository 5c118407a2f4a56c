package table

import (
	"bytes"
	"testing"

	"github.com/gutcount/gutcount/count"
)

func TestWriteWhere(t *testing.T) {
	wh := Where{Source: "moby.txt", Title: "Moby Dick", Tokens: 8, Words: []string{"whale", "the sea"}, Indices: make([]count.Positions, 2)}
	wh.Indices[0].Add(2)
	wh.Indices[0].Add(6)
	wh.Indices[1].Add(4)
	for format, want := range map[string]string{
		"text":  "whale\t2\t0.2500\nwhale\t6\t0.7500\nthe sea\t4\t0.5000\n",
		"tsv":   "word\tindex\tfraction\nwhale\t2\t0.2500\nwhale\t6\t0.7500\nthe sea\t4\t0.5000\n",
		"csv":   "word,index,fraction\nwhale,2,0.2500\nwhale,6,0.7500\nthe sea,4,0.5000\n",
		"jsonl": `{"word":"whale","index":2,"fraction":0.2500}` + "\n" + `{"word":"whale","index":6,"fraction":0.7500}` + "\n" + `{"word":"the sea","index":4,"fraction":0.5000}` + "\n",
		"json":  `{"source":"moby.txt","title":"Moby Dick","tokens":8,"words":[` + "\n" + `  {"word":"whale","count":2,"indices":[2,6]},` + "\n" + `  {"word":"the sea","count":1,"indices":[4]}` + "\n]}\n",
	} {
		var b bytes.Buffer
		if err := WriteWhere(&b, format, wh); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("%s: got %q; want %q", format, b.String(), want)
		}
	}
	if err := WriteWhere(&bytes.Buffer{}, "xml", wh); err == nil {
		t.Error("xml: no error")
	}
}
