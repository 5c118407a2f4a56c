//go:build unix

package corpus_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gutcount/gutcount/corpus"
)

// ReadAhead never waits on a FIFO (it would until a writer came): a local
// one, nor one planted in the store as a book's text or sidecar.
func TestReadAheadFIFOs(t *testing.T) {
	dir := t.TempDir()
	st := corpus.NewStore(dir)
	key := strings.Repeat("a", 32)
	for _, d := range []string{"books", "ids"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "ids", "7"), []byte(key+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	local := filepath.Join(dir, "local.fifo")
	for _, p := range []string{st.TextPath(key), st.SidecarPath(key), local} {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("no FIFO here: %v", err)
		}
	}
	lib := &corpus.Library{Store: st}
	for _, arg := range []string{"7", local} {
		src, err := corpus.ParseSource(arg)
		if err != nil {
			t.Fatalf("ParseSource(%q): %v", arg, err)
		}
		lib.ReadAhead(src) // returns: the test is done
	}
}
