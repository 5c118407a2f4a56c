//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// copyDir copies the files of dir into to.
func copyDir(t *testing.T, dir, to string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Every example of every --help runs as written and exits 0: in a folder
// that holds testdata/sample, with a local mirror in GUTCOUNT_MIRROR (the
// books of the sample catalog, made here) and a corpus of its own that
// already holds 2701, 1342, 11 and 2600, as the corpus examples assume.
// Each command's examples run in a fresh folder, and then all of them, in
// order, in one folder, as a user trying them one after the other would:
// two examples that write one --out folder with other settings fail there
// (tester's 18).
func TestHelpExamplesRun(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to run the examples with")
	}
	mirror := newCatalogMirror(t)
	bin := gutcountOnPath(t)
	folder := func() (string, []string) {
		work := t.TempDir()
		copyDir(t, "../../testdata/sample", filepath.Join(work, "testdata", "sample"))
		env := exampleEnv(bin, mirror.URL, work)
		prefill := exec.Command(filepath.Join(bin, "gutcount"), "-q", "fetch", "2701", "1342", "11", "2600")
		prefill.Env = env
		if out, err := prefill.CombinedOutput(); err != nil {
			t.Fatalf("filling the corpus: %v: %s", err, out)
		}
		return work, env
	}
	for _, oneFolder := range []bool{false, true} {
		run := 0
		var work string
		var env []string
		if oneFolder {
			work, env = folder()
		}
		for _, path := range commandPaths(t) {
			root := NewCmdRoot(&Globals{IO: &IOStreams{}})
			c, _, err := root.Find(path)
			if err != nil || c.Example == "" {
				continue
			}
			name := strings.TrimSpace("gutcount " + strings.Join(path, " "))
			if !oneFolder {
				work, env = folder()
			}
			for _, line := range strings.Split(c.Example, "\n") {
				line = strings.TrimSpace(line)
				if line == "" {
					continue
				}
				cmd := exec.Command(bash, "-e", "-o", "pipefail", "-c", line)
				cmd.Dir, cmd.Env = work, env
				cmd.Stdin = strings.NewReader("")
				out, err := cmd.CombinedOutput()
				run++
				if err != nil {
					t.Errorf("%s --help: example %q (all in one folder: %v): %v:\n%s", name, line, oneFolder, err, out)
				}
			}
		}
		if run < 30 {
			t.Errorf("%d examples run; want every example of every command (30 or more)", run)
		}
	}
}
