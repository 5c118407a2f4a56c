//go:build unix

package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gutcount/gutcount/corpus/store"
)

// whaleServer serves a small book at any path.
func whaleServer(t *testing.T) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("a whale, a whale\nthe whale\n"))
	}))
	t.Cleanup(s.Close)
	return s
}

// outside is a file outside the store, its content to be left alone.
func outside(t *testing.T) (string, func()) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "precious.txt")
	if err := os.WriteFile(p, []byte("precious\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, func() {
		t.Helper()
		if b, err := os.ReadFile(p); err != nil || string(b) != "precious\n" {
			t.Errorf("the file outside the store was changed: %q, %v", b, err)
		}
	}
}

// Case 1 of issue 19: a hard link planted at a book's .part is replaced,
// never written through; one at its lock is refused in one line naming
// it (exit 3), never truncated.
func TestHardLinksInStore(t *testing.T) {
	s := whaleServer(t)
	url := s.URL + "/book.txt"
	key, _ := store.Key(url)
	for _, name := range []string{key + ".txt.part", key + ".lock"} {
		t.Run(name, func(t *testing.T) {
			cache := t.TempDir()
			os.MkdirAll(filepath.Join(cache, "books"), 0o755)
			target, same := outside(t)
			planted := filepath.Join(cache, "books", name)
			if err := os.Link(target, planted); err != nil {
				t.Skip("no hard links here:", err)
			}
			out, errs, code := gutcount(t, "", "--cache-dir", cache, "count", "whale", url)
			same()
			if strings.HasSuffix(name, ".part") {
				if code != 0 || out != "2 occurrences of 'whale'\n" {
					t.Errorf("count with a hard link at the .part: exit %d, %q %q; want the book counted", code, out, errs)
				}
				return
			}
			if code != exitIO || !strings.Contains(errs, planted) || !strings.Contains(errs, "hard link") || strings.Count(errs, "\n") != 1 {
				t.Errorf("count with a hard link at the lock: exit %d, stderr %q; want 3 and one line naming %s", code, errs, planted)
			}
		})
	}
}

// Case 7 of issue 19: a FIFO planted in the store blocks nothing: at an ID
// or a sidecar it is replaced by the book fetched again, at a lock it is
// one error naming it (exit 3).
func TestFIFOsInStore(t *testing.T) {
	s := whaleServer(t)
	url := s.URL + "/book.txt"
	key, _ := store.Key(url)
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"ids/7", []string{"count", "whale", "7"}, 0},
		{"books/" + key + ".json", []string{"count", "whale", url}, 0},
		{"books/" + key + ".lock", []string{"count", "whale", url}, exitIO},
		{"books/" + key + ".json", []string{"corpus", "verify", "--no-refetch"}, exitIO},
		{"books/" + key + ".json", []string{"corpus", "gc"}, 0},
		{"books/" + key + ".json", []string{"corpus", "rm", url}, -1},
		{"ids/7", []string{"corpus", "info", "7"}, -1},
	} {
		t.Run(tc.name+" "+strings.Join(tc.args, " "), func(t *testing.T) {
			cache := t.TempDir()
			os.MkdirAll(filepath.Join(cache, "books"), 0o755)
			os.MkdirAll(filepath.Join(cache, "ids"), 0o755)
			fifo := filepath.Join(cache, tc.name)
			if err := syscall.Mkfifo(fifo, 0o644); err != nil {
				t.Skip("no FIFOs here:", err)
			}
			out, errs, code := gutcount(t, "", append([]string{"--cache-dir", cache, "--mirror", s.URL}, tc.args...)...)
			if tc.want >= 0 && code != tc.want {
				t.Errorf("exit %d (stdout %q, stderr %q); want %d", code, out, errs, tc.want)
			}
			if code == exitIO && !strings.Contains(out+errs, fifo) {
				t.Errorf("the failure does not name %s: %q %q", fifo, out, errs)
			}
		})
	}
}

// Case 13 of issue 19: verify reports every file planted in the store (a
// linked books/ or ids/ too), gc removes them all, and verify then finds
// nothing; nothing outside is touched.
func TestVerifyAndGCPlanted(t *testing.T) {
	s := whaleServer(t)
	for _, linked := range []string{"", "books", "ids"} {
		t.Run("linked "+linked, func(t *testing.T) {
			cache := t.TempDir()
			if _, errs, code := gutcount(t, "", "--cache-dir", cache, "--mirror", s.URL, "fetch", "7"); code != 0 {
				t.Fatalf("fetch: %s", errs)
			}
			target, same := outside(t)
			elsewhere := filepath.Dir(target)
			books := filepath.Join(cache, "books")
			var planted []string
			plant := func(p string, make func(string) error) {
				if err := make(p); err != nil {
					t.Fatal(err)
				}
				planted = append(planted, p)
			}
			if linked != "" {
				d := filepath.Join(cache, linked)
				os.RemoveAll(d)
				plant(d, func(p string) error { return os.Symlink(elsewhere, p) })
			} else {
				plant(filepath.Join(books, "random.bin"), func(p string) error { return os.WriteFile(p, []byte{0, 1, 2}, 0o644) })
				plant(filepath.Join(books, ".stray.tmp123"), func(p string) error { return os.WriteFile(p, nil, 0o644) })
				plant(filepath.Join(books, "fifo"), func(p string) error { return syscall.Mkfifo(p, 0o644) })
				plant(filepath.Join(books, "a-folder"), func(p string) error { return os.Mkdir(p, 0o755) })
				plant(filepath.Join(books, "hard"), func(p string) error { return os.Link(target, p) })
				plant(filepath.Join(books, "soft"), func(p string) error { return os.Symlink(target, p) })
				plant(filepath.Join(cache, "ids", "9"), func(p string) error { return os.Link(target, p) })
				plant(filepath.Join(cache, "ids", "10"), func(p string) error { return syscall.Mkfifo(p, 0o644) })
			}
			out, _, code := gutcount(t, "", "--cache-dir", cache, "corpus", "verify", "--no-refetch")
			if code != exitIO {
				t.Errorf("verify: exit %d; want 3\n%s", code, out)
			}
			for _, p := range planted {
				if !strings.Contains(out, p) {
					t.Errorf("verify does not report %s:\n%s", p, out)
				}
			}
			if _, errs, code := gutcount(t, "", "--cache-dir", cache, "corpus", "gc"); code != 0 {
				t.Errorf("gc: exit %d: %s", code, errs)
			}
			if out, errs, code := gutcount(t, "", "--cache-dir", cache, "corpus", "verify", "--no-refetch"); code != 0 {
				t.Errorf("verify after gc: exit %d; want 0\n%s%s", code, out, errs)
			}
			same()
			if _, err := os.Stat(elsewhere); err != nil {
				t.Errorf("gc removed the target of a link: %v", err)
			}
			if out, errs, code := gutcount(t, "", "--cache-dir", cache, "--mirror", s.URL, "count", "whale", "7"); code != 0 || out != "2 occurrences of 'whale'\n" {
				t.Errorf("count after gc: exit %d, %q %q", code, out, errs)
			}
		})
	}
}

// Case 4 of issue 19: where --plot, like freq --plot, replaces a link at
// its file instead of writing through it.
func TestPlotReplacesLink(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "book.txt")
	os.WriteFile(book, []byte("a whale, the whale and the sea\n"), 0o644)
	for _, args := range [][]string{{"where", "--plot"}, {"freq", "--plot"}} {
		target, same := outside(t)
		plot := filepath.Join(dir, "p.svg")
		os.Remove(plot)
		if err := os.Symlink(target, plot); err != nil {
			t.Fatal(err)
		}
		cmd := append(args, plot)
		if args[0] == "where" {
			cmd = append(cmd, "whale")
		}
		if _, errs, code := gutcount(t, "", append(cmd, book)...); code != 0 {
			t.Fatalf("%q: exit %d: %s", cmd, code, errs)
		}
		same()
		if fi, err := os.Lstat(plot); err != nil || !fi.Mode().IsRegular() {
			t.Errorf("%q: %s is %v, %v; want the plot in a file of its own", cmd, plot, fi, err)
		}
	}
}

// Cases 2 and 7 of issue 19: in a batch's folder, a FIFO at the copy of
// the list is replaced; a FIFO, a symbolic link or a hard link at the
// journal or the data file is one error naming it (exit 3), for batch
// and merge alike, and nothing outside is read or written.
func TestPlantedInRunFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("a whale\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("the sea\n"), 0o644)
	list := filepath.Join(dir, "list.txt")
	os.WriteFile(list, []byte(filepath.Join(dir, "a.txt")+"\n"+filepath.Join(dir, "b.txt")+"\n"), 0o644)
	for _, tc := range []struct {
		name, kind string
		want       int
	}{
		{"list.txt", "fifo", 0},
		{"journal.jsonl", "fifo", exitIO},
		{"journal.jsonl", "symlink", exitIO},
		{"journal.jsonl", "hardlink", exitIO},
		{"data.bin", "symlink", exitIO},
		{"data.bin", "fifo", exitIO},
		{"data.bin", "hardlink", exitIO},
	} {
		t.Run(tc.kind+" "+tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "OUT")
			os.MkdirAll(out, 0o755)
			target, same := outside(t)
			p := filepath.Join(out, tc.name)
			if tc.want != 0 {
				// Planted in a finished run: the rerun and merge meet it.
				if _, errs, code := gutcount(t, "", "-q", "batch", "--freq", "--out", out, list); code != 0 {
					t.Fatalf("first run: exit %d: %s", code, errs)
				}
				os.Remove(p)
			}
			var err error
			switch tc.kind {
			case "fifo":
				err = syscall.Mkfifo(p, 0o644)
			case "symlink":
				err = os.Symlink(target, p)
			case "hardlink":
				err = os.Link(target, p)
			}
			if err != nil {
				t.Skip(err)
			}
			for _, args := range [][]string{{"batch", "--freq", "--out", out, list}, {"merge", out}} {
				_, errs, code := gutcount(t, "", append([]string{"-q"}, args...)...)
				if code != tc.want || tc.want != 0 && (!strings.Contains(errs, p) || strings.Count(errs, "\n") != 1) {
					t.Errorf("%s with a %s at %s: exit %d, stderr %q; want %d and one line naming it", args[0], tc.kind, tc.name, code, errs, tc.want)
				}
			}
			same()
		})
	}
}
