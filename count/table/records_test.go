package table

import (
	"bytes"
	"testing"
)

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"Moby Dick":             "Moby Dick",
		"corazón — «Наташа»":    "corazón — «Наташа»",
		"\x1b]0;pwned\x07Title": `\x1b]0;pwned\x07Title`,
		"\x1b[2Jclear":          `\x1b[2Jclear`,
		"tab\there\nnewline":    `tab\x09here\x0anewline`,
		"c1 \u009b csi":         `c1 \x9b csi`,
		"bidi \u202eevil":       `bidi \u202eevil`,
		"latin1 \xe9t\xe9":      `latin1 \xe9t\xe9`,
		"del\x7f":               `del\x7f`,
		"":                      "",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestWriteTable(t *testing.T) {
	header := []string{"word", "note"}
	rows := [][]string{{"whale", "a, b"}, {"tab\there", `say "hi"`}}
	for format, want := range map[string]string{
		"tsv": "word\tnote\nwhale\ta, b\ntab\\x09here\tsay \"hi\"\n",
		"csv": "word,note\nwhale,\"a, b\"\ntab\\x09here,\"say \"\"hi\"\"\"\n",
	} {
		var b bytes.Buffer
		if err := WriteTable(&b, format, header, rows); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("%s: got %q; want %q", format, b.String(), want)
		}
	}
}

type rec struct {
	Word  string `json:"word"`
	Score int    `json:"score"`
}

func TestWriteRecords(t *testing.T) {
	recs := []rec{{"whale", 3}, {"\x1bsea", 1}}
	fields := func(r rec, text bool) []string {
		if text {
			return []string{r.Word + ":", string(rune('0' + r.Score))}
		}
		return []string{r.Word, string(rune('0' + r.Score))}
	}
	for format, want := range map[string]string{
		"text":  "whale: 3\n\\x1bsea: 1\n",
		"tsv":   "word\tscore\nwhale\t3\n\\x1bsea\t1\n",
		"csv":   "word,score\nwhale,3\n\\x1bsea,1\n",
		"json":  "[\n  {\"word\":\"whale\",\"score\":3},\n  {\"word\":\"\\u001bsea\",\"score\":1}\n]\n",
		"jsonl": "{\"word\":\"whale\",\"score\":3}\n{\"word\":\"\\u001bsea\",\"score\":1}\n",
	} {
		var b bytes.Buffer
		if err := WriteRecords(&b, format, []string{"word", "score"}, recs, fields); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("%s: got %q; want %q", format, b.String(), want)
		}
	}
}

func TestWriteJSON(t *testing.T) {
	v := map[string]int{"a": 1}
	for format, want := range map[string]string{
		"json":  "{\n  \"a\": 1\n}\n",
		"jsonl": "{\"a\":1}\n",
	} {
		var b bytes.Buffer
		if err := WriteJSON(&b, format, v); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("%s: got %q; want %q", format, b.String(), want)
		}
	}
	var b bytes.Buffer
	if err := WriteJSONLines(&b, []rec{{"a", 1}, {"b", 2}}); err != nil {
		t.Fatal(err)
	}
	if want := "{\"word\":\"a\",\"score\":1}\n{\"word\":\"b\",\"score\":2}\n"; b.String() != want {
		t.Errorf("lines: got %q; want %q", b.String(), want)
	}
}

func TestWriteColumns(t *testing.T) {
	header := []string{"word", "n", "note"}
	rows := [][]string{{"whale", "12", "over"}, {"日本", "3", "x"}}
	recs := []rec{{"whale", 12}, {"日本", 3}}
	for format, want := range map[string]string{
		"text":  "word    n  note\nwhale  12  over\n日本    3  x\n",
		"tsv":   "word\tn\tnote\nwhale\t12\tover\n日本\t3\tx\n",
		"csv":   "word,n,note\nwhale,12,over\n日本,3,x\n",
		"json":  "[\n  {\"word\":\"whale\",\"score\":12},\n  {\"word\":\"日本\",\"score\":3}\n]\n",
		"jsonl": "{\"word\":\"whale\",\"score\":12}\n{\"word\":\"日本\",\"score\":3}\n",
	} {
		var b bytes.Buffer
		err := WriteColumns(&b, format, header, len(rows), func(i int) []string { return rows[i] }, func(i int) any { return recs[i] })
		if err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("%s: got %q; want %q", format, b.String(), want)
		}
	}
}
