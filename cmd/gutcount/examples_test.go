//go:build unix

package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gutcount/gutcount/corpus"
)

const sampleCatalog = "../../testdata/sample/pg_catalog-sample.csv"

// madeBookFor is a Gutenberg-like book made here for a catalog entry: its
// header gives the entry's title, first author and language, and its body
// has about Zipf's frequencies, some of its words capitalised or followed
// by punctuation so that -i, -p and -n count more.
func madeBookFor(e corpus.CatalogEntry) []byte {
	words := strings.Fields("the of and a to in whale sea ahab ship he was that it his with as for had alice elizabeth war peace")
	for i := len(words); i < 400; i++ {
		words = append(words, "word"+strconv.Itoa(i))
	}
	var toks []string
	for r, w := range words {
		for j := range 3000/(r+1) + 1 {
			switch {
			case j%7 == 3:
				w = strings.ToUpper(w[:1]) + w[1:]
			case j%5 == 1:
				w += ","
			}
			toks = append(toks, w)
			w = words[r]
		}
	}
	rnd := rand.New(rand.NewPCG(uint64(e.ID), 1))
	rnd.Shuffle(len(toks), func(i, j int) { toks[i], toks[j] = toks[j], toks[i] })
	var b bytes.Buffer
	author, _, _ := strings.Cut(strings.Join(e.Authors, "; "), ";")
	fmt.Fprintf(&b, "The Project Gutenberg eBook of %s\n\nTitle: %s\n\nAuthor: %s\n\nRelease Date: %s [eBook #%d]\n\nLanguage: %s\n\n", e.Title, e.Title, author, e.Issued, e.ID, e.Language)
	fmt.Fprintf(&b, "*** START OF THE PROJECT GUTENBERG EBOOK %s ***\n\n", strings.ToUpper(e.Title))
	for i := 0; i < len(toks); i += 12 {
		b.WriteString(strings.Join(toks[i:min(i+12, len(toks))], " ") + "\n")
	}
	fmt.Fprintf(&b, "\n*** END OF THE PROJECT GUTENBERG EBOOK %s ***\n\nThe Project Gutenberg licence: the whale and the sea are not in the book.\n", strings.ToUpper(e.Title))
	return b.Bytes()
}

// newCatalogMirror serves the sample catalog at the mirror's catalog path
// and, for every book in it, a book made here at /cache/epub/ID/pgID.txt.
func newCatalogMirror(t *testing.T) *httptest.Server {
	cat, err := os.ReadFile(sampleCatalog)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := corpus.ReadCatalog(bytes.NewReader(cat))
	if err != nil {
		t.Fatal(err)
	}
	books := map[string][]byte{corpus.CatalogPath: cat}
	for _, e := range entries {
		books[fmt.Sprintf("/cache/epub/%d/pg%d.txt", e.ID, e.ID)] = madeBookFor(e)
	}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := books[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		http.ServeContent(w, r, "book.txt", time.Unix(1700000000, 0), bytes.NewReader(b))
	}))
	t.Cleanup(s.Close)
	return s
}

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
func TestHelpExamplesRun(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to run the examples with")
	}
	mirror := newCatalogMirror(t)
	bin := t.TempDir()
	wrapper := fmt.Sprintf("#!/bin/sh\nGUTCOUNT_TEST_MAIN=1 exec %s \"$@\"\n", strconv.Quote(os.Args[0]))
	if err := os.WriteFile(filepath.Join(bin, "gutcount"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	run := 0
	for _, path := range commandPaths(t) {
		root := NewCmdRoot(&Globals{IO: &IOStreams{}})
		c, _, err := root.Find(path)
		if err != nil || c.Example == "" {
			continue
		}
		name := strings.TrimSpace("gutcount " + strings.Join(path, " "))
		work := t.TempDir()
		copyDir(t, "../../testdata/sample", filepath.Join(work, "testdata", "sample"))
		env := append(os.Environ(),
			"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
			"GUTCOUNT_MIRROR="+mirror.URL,
			"GUTCOUNT_CACHE_DIR="+filepath.Join(work, "cache"),
			"HOME="+work, "COLUMNS=80",
			// A binary built with -race sleeps a second at exit unless told not to.
			"GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"),
		)
		prefill := exec.Command(filepath.Join(bin, "gutcount"), "-q", "fetch", "2701", "1342", "11", "2600")
		prefill.Env = env
		if out, err := prefill.CombinedOutput(); err != nil {
			t.Fatalf("filling the corpus: %v: %s", err, out)
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
				t.Errorf("%s --help: example %q: %v:\n%s", name, line, err, out)
			}
		}
	}
	if run < 30 {
		t.Errorf("%d examples run; want every example of every command (30 or more)", run)
	}
}
