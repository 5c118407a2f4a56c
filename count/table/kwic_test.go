package table

import (
	"bytes"
	"testing"

	"github.com/gutcount/gutcount/count"
)

func TestKwicWriter(t *testing.T) {
	ms := []struct {
		src string
		m   count.Match
	}{
		{"a.txt", count.Match{Index: 3, Left: "call me", Text: "Ishmael", Right: "some years"}},
		{"bb.txt", count.Match{Index: 10, Left: "the white", Text: "whale", Right: ""}},
	}
	for _, c := range []struct{ format, want string }{
		{"text", "a.txt    call me Ishmael some yea\nbb.txt  he white whale\n"},
		{"tsv", "source\tindex\tleft\ttoken\tright\na.txt\t3\tcall me\tIshmael\tsome years\nbb.txt\t10\tthe white\twhale\t\n"},
		{"csv", "source,index,left,token,right\na.txt,3,call me,Ishmael,some years\nbb.txt,10,the white,whale,\n"},
		{"jsonl", `{"source":"a.txt","index":3,"left":"call me","token":"Ishmael","right":"some years"}` + "\n" +
			`{"source":"bb.txt","index":10,"left":"the white","token":"whale","right":""}` + "\n"},
		{"json", "[\n  " + `{"source":"a.txt","index":3,"left":"call me","token":"Ishmael","right":"some years"},` + "\n  " +
			`{"source":"bb.txt","index":10,"left":"the white","token":"whale","right":""}` + "\n]\n"},
	} {
		var b bytes.Buffer
		kw := NewKwicWriter(&b, c.format, 8, []string{"a.txt", "bb.txt"})
		for _, m := range ms {
			if err := kw.Write(m.src, m.m); err != nil {
				t.Fatal(err)
			}
		}
		if err := kw.Close(); err != nil {
			t.Fatal(err)
		}
		if b.String() != c.want || kw.Found() != 2 {
			t.Errorf("%s: got %q (%d found); want %q", c.format, b.String(), kw.Found(), c.want)
		}
	}
	var b bytes.Buffer
	kw := NewKwicWriter(&b, "json", 8, []string{"a.txt"})
	if err := kw.Close(); err != nil || b.String() != "[]\n" {
		t.Errorf("empty json: %q, %v", b.String(), err)
	}
	b.Reset()
	kw = NewKwicWriter(&b, "text", 4, []string{"a.txt"})
	kw.Write("a.txt", count.Match{Left: "ab \x1b", Text: "x", Right: "cdefgh"})
	kw.Close()
	if want := "\\x1b x cdef\n"; b.String() != want {
		t.Errorf("one source: got %q; want %q", b.String(), want)
	}
}

// Source names are padded by the cells they take, not their bytes: the
// words stay aligned after a name with accents.
func TestKwicWriterPadsByCells(t *testing.T) {
	var b bytes.Buffer
	kw := NewKwicWriter(&b, "text", 3, []string{"café.txt", "cafe.txt"})
	kw.Write("café.txt", count.Match{Left: "a", Text: "whale", Right: "b"})
	kw.Write("cafe.txt", count.Match{Left: "a", Text: "whale", Right: "b"})
	kw.Close()
	if want := "café.txt    a whale b\ncafe.txt    a whale b\n"; b.String() != want {
		t.Errorf("got %q; want %q", b.String(), want)
	}
}

func TestFitWidth(t *testing.T) {
	for _, c := range []struct {
		s       string
		w       int
		keepEnd bool
		want    string
		n       int
	}{
		{"whale", 10, false, "whale", 5},
		{"whale", 3, false, "wha", 3},
		{"whale", 3, true, "ale", 3},
		{"日本語", 5, false, "日本", 4},
		{"日本語", 5, true, "本語", 4},
		{"cafe\u0301s", 4, false, "cafe\u0301", 4},
		{"", 3, false, "", 0},
	} {
		got, n := FitWidth(c.s, c.w, c.keepEnd)
		if got != c.want || n != c.n {
			t.Errorf("FitWidth(%q, %d, %v) = %q, %d; want %q, %d", c.s, c.w, c.keepEnd, got, n, c.want, c.n)
		}
	}
}
