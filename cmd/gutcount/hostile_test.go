package main

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Case 5 of issue 19: a mirror or URL with user:password@ is requested
// with them, but the password is never stored, printed or logged.
func TestCredentialsNeverShown(t *testing.T) {
	const book = "The whale and the sea.\nA whale.\n"
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "reader" || p != "s3cret" {
			http.Error(w, "who are you", http.StatusUnauthorized)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/missing/") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte(book))
	}))
	defer s.Close()
	withAuth := strings.Replace(s.URL, "http://", "http://reader:s3cret@", 1)
	cache := t.TempDir()
	var shown strings.Builder
	run := func(want int, args ...string) {
		t.Helper()
		out, errs, code := gutcount(t, "", append([]string{"--cache-dir", cache, "--mirror", withAuth, "-v"}, args...)...)
		shown.WriteString(out + errs)
		if code != want {
			t.Fatalf("gutcount %q = %d; want %d\nstdout: %s\nstderr: %s", args, code, want, out, errs)
		}
	}
	run(0, "count", "whale", "7")
	run(0, "count", "whale", withAuth+"/books/book.txt")
	run(0, "corpus", "list")
	run(0, "corpus", "list", "--format", "json")
	run(0, "corpus", "info", "7")
	run(0, "--refresh", "count", "whale", "7")
	run(3, "count", "whale", withAuth+"/missing/")
	if strings.Contains(shown.String(), "s3cret") {
		t.Errorf("the password was shown:\n%s", shown.String())
	}
	if !strings.Contains(shown.String(), "1 occurrence of 'whale'") {
		t.Errorf("the book was not counted (the credentials were not sent?):\n%s", shown.String())
	}
	filepath.WalkDir(cache, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, _ := os.ReadFile(path)
		if strings.Contains(string(b), "s3cret") {
			t.Errorf("%s holds the password: %s", path, b)
		}
		return nil
	})
}

// Case 6 of issue 19: with a home that does not exist and no cache
// directory set, nothing is created; an empty --cache-dir is refused
// rather than taken for the default.
func TestNoCacheDir(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("a whale\n"))
	}))
	defer s.Close()
	home := filepath.Join(t.TempDir(), "gone")
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("GUTCOUNT_CACHE_DIR", "")
	_, errs, code := gutcount(t, "", "count", "whale", s.URL+"/book.txt")
	if code != exitIO || !strings.Contains(errs, home) || strings.Count(errs, "\n") != 1 {
		t.Errorf("count with HOME=%s: exit %d, stderr %q; want exit 3 and one line naming the home", home, code, errs)
	}
	if _, err := os.Lstat(home); err == nil {
		t.Errorf("%s was created", home)
	}

	t.Setenv("HOME", t.TempDir())
	for _, args := range [][]string{
		{"--cache-dir", "", "count", "whale", s.URL + "/book.txt"},
		{"corpus", "list", "--cache-dir="},
	} {
		_, errs, code := gutcount(t, "", args...)
		if code != exitUsage || !strings.Contains(errs, "--cache-dir is empty") {
			t.Errorf("gutcount %q: exit %d, stderr %q; want exit 2, --cache-dir is empty", args, code, errs)
		}
	}
}

// Case 15 of issue 19: salary shows an argument that is not a number
// with its control characters escaped, as it does the same answer typed
// on standard input.
func TestSalaryEscapesItsInput(t *testing.T) {
	const hostile = "\x1b]0;pwn\a"
	const want = `\x1b]0;pwn\x07: This is NOT an integer.` + "\n"
	_, errs, code := gutcount(t, "", "salary", "--no-history", hostile)
	if code != exitUsage || errs != want {
		t.Errorf("salary %q: exit %d, stderr %q; want 2, %q", hostile, code, errs, want)
	}
	_, errs, code = gutcount(t, hostile+"\n", "salary", "--no-history")
	if code != exitUsage || !strings.HasSuffix(errs, "\n"+want) || strings.ContainsAny(errs, "\x1b\a") {
		t.Errorf("salary <<< %q: exit %d, stderr %q; want 2, ending in %q", hostile, code, errs, want)
	}
}
