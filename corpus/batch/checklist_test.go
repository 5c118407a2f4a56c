package batch_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus/batch"
)

// digits takes the items that are numbers, as a list of IDs would.
func digits(s string) error {
	if strings.Trim(s, "0123456789") != "" {
		return fmt.Errorf("%q is no number", s)
	}
	return nil
}

// words is a list of n distinct lines that are no numbers.
func words(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "w%d\n", i)
	}
	return b.String()
}

func TestCheckList(t *testing.T) {
	book := "The Project Gutenberg eBook of Moby Dick\n\n" + strings.Repeat("Call me Ishmael. Some years ago\n", 100)
	for _, c := range []struct {
		name, list string
		want       batch.ListProblem // 0: a list
		line       int
	}{
		{"ids", "2701\n1342\n", 0, 0},
		{"comments and a bad line first", "# my books\n\nnope\n2701\n", 0, 0},
		{"a good line among the first 20", words(19) + "11\n", 0, 0},
		{"empty", "", batch.ListEmpty, 0},
		{"comments only", "# nothing\n\n   \n", batch.ListEmpty, 0},
		{"binary", "\x7fELF\x02\x01\x01\x00\x00\x00\n2701\n", batch.ListBinary, 0},
		{"a book", book, batch.ListNoItems, 1},
		{"no good line among the first 20", "# c\n" + words(20) + "11\n", batch.ListNoItems, 2},
	} {
		err := batch.CheckList(strings.NewReader(c.list), digits)
		var le *batch.ListError
		switch {
		case c.want == 0 && err != nil:
			t.Errorf("%s: CheckList = %v; want nil", c.name, err)
		case c.want != 0 && !errors.As(err, &le):
			t.Errorf("%s: CheckList = %v; want a *ListError", c.name, err)
		case c.want != 0 && (le.Problem != c.want || le.Line != c.line):
			t.Errorf("%s: CheckList = problem %d at line %d (%v); want %d at line %d", c.name, le.Problem, le.Line, err, c.want, c.line)
		}
	}
}

// CheckList never fails but with a *ListError, and refuses a list for
// being empty exactly when Run would find no item in it.
func FuzzCheckList(f *testing.F) {
	for _, s := range []string{"2701\n", "", "# c\n\n", "\x00\x01", "The Project Gutenberg eBook\n", words(25) + "7\n", "\xef\xbb\xbf12\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		err := batch.CheckList(strings.NewReader(list), digits)
		var le *batch.ListError
		if err != nil && !errors.As(err, &le) {
			t.Fatalf("CheckList(%q) = %v; want nil or a *ListError", list, err)
		}
		items := 0
		for _, line := range strings.Split(strings.TrimPrefix(list, "\xef\xbb\xbf"), "\n") {
			if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "#") {
				items++
			}
		}
		empty := le != nil && le.Problem == batch.ListEmpty
		if empty != (items == 0 && !strings.Contains(list[:min(len(list), 64<<10)], "\x00")) {
			t.Errorf("CheckList(%q) = %v with %d items", list, err, items)
		}
	})
}
