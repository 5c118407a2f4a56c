package table

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/count"
)

func TestReadFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	good := filepath.Join(dir, "freq.tsv")
	bad := filepath.Join(dir, "bad.tsv")
	os.WriteFile(good, []byte("word\tcount\nWhale\t3\nwhale\t2\n"), 0o644)
	os.WriteFile(bad, []byte("word\tcount\nwhale\tmany\n"), 0o644)

	tb := count.NewTable()
	if err := ReadFile(ctx, tb, good, nil, nil); err != nil || tb.Tokens() != 5 || len(tb.Sorted()) != 2 {
		t.Errorf("as it is: %v, %d tokens, %v", err, tb.Tokens(), tb.Sorted())
	}
	tb = count.NewTable()
	lower := count.Options{IgnoreCase: true}.Normalize
	if err := ReadFile(ctx, tb, "-", strings.NewReader("whale 1\nWHALE 4\n"), lower); err != nil || len(tb.Sorted()) != 1 || tb.Sorted()[0] != (count.Row{Word: "whale", Count: 5}) {
		t.Errorf("stdin, lowercased: %v, %v", err, tb.Sorted())
	}
	if err := ReadFile(ctx, count.NewTable(), filepath.Join(dir, "none.tsv"), nil, nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if err := ReadFile(ctx, count.NewTable(), "-", nil, nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf(`"-" without stdin is a file name: %v`, err)
	}
	if err := ReadFile(ctx, count.NewTable(), bad, nil, nil); err == nil || !strings.HasPrefix(err.Error(), bad+": ") {
		t.Errorf("bad row: %v; want an error naming the file", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := ReadFile(cancelled, count.NewTable(), good, nil, nil); err != context.Canceled {
		t.Errorf("cancelled: %v", err)
	}
}
