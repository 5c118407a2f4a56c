package layers_test

import (
	"errors"
	"go/build"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/gutcount/gutcount/"

// allowed lists, for each package of the module, the packages of the
// module it may import; "*" allows any but cmd. A package not listed
// fails the test until its place is decided here.
var allowed = map[string][]string{
	"count":        {},
	"count/table":  {"count"},
	"count/stats":  {"count"},
	"count/stop":   {"count"},
	"count/colloc": {"count", "count/stop"},
	"count/plot":   {"count", "count/stats", "count/table", "internal/chart"},

	"fetch": {"internal/fsx"},

	"corpus/lock":      {"internal/fsx"},
	"corpus/store":     {"corpus/lock", "fetch", "internal/fsx"}, // a leaf below corpus: never corpus itself
	"corpus/batch":     {"corpus/lock", "internal/fsx"},          // the engine: nothing of books, counts or downloads
	"corpus/gutenberg": {"count"},
	"corpus":           {"corpus/gutenberg", "corpus/store", "corpus/lock", "count", "count/colloc", "count/stop", "count/table", "count/stats", "fetch", "internal/freelist", "internal/fsx"},
	"corpus/job":       {"corpus", "corpus/batch", "corpus/store", "corpus/lock", "corpus/gutenberg", "count", "count/table", "count/stats", "count/stop", "fetch", "internal/freelist", "internal/fsx", "internal/parquet"},
	"corpus/serve":     {"*"},

	"cmd/gutcount":   {"*"},
	"bench/freqmany": {"*"},

	// Leaves every package may use: they import nothing of the module.
	"internal/fsx":      {},
	"internal/freelist": {},
	"internal/salary":   {},
	"internal/chart":    {},
	"internal/parquet":  {},
	"internal/ttyin":    {},
	"internal/progress": {},
	"internal/layers":   {},
}

func TestLayers(t *testing.T) {
	root := filepath.Join("..", "..")
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(path, build.ImportComment)
		var none *build.NoGoError
		if errors.As(err, &none) {
			return nil // no Go files, or only tests
		}
		if err != nil {
			t.Errorf("%s: %v", path, err)
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		seen[rel] = true
		rules, ok := allowed[rel]
		if !ok {
			if rel == "examples" || rel == "bench" || strings.HasPrefix(rel, "examples/") || strings.HasPrefix(rel, "bench/") {
				rules = []string{"*"}
			} else {
				t.Errorf("package %s has no place in the layering: add it to allowed (and say it in its doc comment)", rel)
				return nil
			}
		}
		for _, imp := range pkg.Imports {
			dep, ok := strings.CutPrefix(imp, module)
			if !ok {
				continue
			}
			switch {
			case strings.HasPrefix(dep, "cmd/"), strings.HasPrefix(dep, "bench/"), strings.HasPrefix(dep, "examples/"):
				t.Errorf("%s imports %s: nothing imports a command", rel, dep)
			case slices.Contains(rules, "*"), slices.Contains(rules, dep):
			default:
				t.Errorf("%s imports %s; it may import only %v of the module", rel, dep, rules)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Every package the layering names was read: a walk that found
	// nothing would check nothing.
	for pkg := range allowed {
		if !seen[pkg] {
			t.Errorf("package %s of the layering was not found (moved? update allowed)", pkg)
		}
	}
}
