package job_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/corpus/job"
)

func TestOpenList(t *testing.T) {
	dir := t.TempDir()
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	read := func(name string, stdin io.Reader) (string, error) {
		l, err := job.OpenList(name, stdin)
		if err != nil {
			return "", err
		}
		defer l.Close()
		b, err := io.ReadAll(l)
		return string(b), err
	}
	if got, err := read("-", strings.NewReader("11\n2701\n")); err != nil || got != "11\n2701\n" {
		t.Errorf("stdin: %q, %v; want the list from its start", got, err)
	}
	ids := file("ids.txt", "# books\n11\n")
	if got, err := read(ids, nil); err != nil || got != "# books\n11\n" {
		t.Errorf("file: %q, %v; want the list from its start", got, err)
	}
	var oe *job.ListOpenError
	if _, err := read(dir, nil); !errors.As(err, &oe) || !oe.Dir {
		t.Errorf("directory: %v; want a ListOpenError with Dir", err)
	}
	if _, err := read(filepath.Join(dir, "none.txt"), nil); !errors.As(err, &oe) || oe.Dir || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v; want a ListOpenError of ErrNotExist", err)
	}
	var le *batch.ListError
	if _, err := read(file("empty.txt", ""), nil); !errors.As(err, &le) || le.Problem != batch.ListEmpty {
		t.Errorf("empty: %v; want ListEmpty", err)
	}
	if _, err := read(file("bin", "\x00\x01\x02\xff\x00"), nil); !errors.As(err, &le) || le.Problem != batch.ListBinary {
		t.Errorf("binary: %v; want ListBinary", err)
	}
	if _, err := read(file("book.txt", "Call me Ishmael. Some years ago\nnever mind how long precisely\n"), nil); !errors.As(err, &le) || le.Problem != batch.ListNoItems || le.Line != 1 {
		t.Errorf("a book: %v; want ListNoItems at line 1", err)
	}
}
