package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/serve"
	"github.com/gutcount/gutcount/fetch"
)

func TestNewCmdServeFlags(t *testing.T) {
	var got *ServeOptions
	cmd := NewCmdServe(&Globals{IO: &IOStreams{}}, func(_ context.Context, o *ServeOptions) error { got = o; return nil })
	cmd.SetArgs(nil)
	if err := cmd.Execute(); err != nil || got.Addr != "127.0.0.1:8080" {
		t.Errorf("serve defaults = %+v, %v; want 127.0.0.1:8080", got, err)
	}
	cmd.SetArgs([]string{"--addr", "[::1]:0"})
	if err := cmd.Execute(); err != nil || got.Addr != "[::1]:0" {
		t.Errorf("serve --addr [::1]:0 = %+v, %v", got, err)
	}
	if _, errs, code := gutcount(t, "", "serve", "--addr", "nonsense"); code != 2 || !strings.Contains(errs, "--addr") {
		t.Errorf("serve --addr nonsense: exit %d, %q; want 2", code, errs)
	}
}

// The API answers with the very rows of --format json.
func TestServeAPIRowsAreTheCLIs(t *testing.T) {
	mirror := newCatalogMirror(t)
	dir := filepath.Join(t.TempDir(), "corpus")
	cli := func(args ...string) string {
		t.Helper()
		out, errs, code := gutcount(t, "", append([]string{"-q", "--cache-dir", dir, "--mirror", mirror.URL}, args...)...)
		if code != 0 {
			t.Fatalf("gutcount %v: exit %d: %s", args, code, errs)
		}
		return out
	}
	cli("fetch", "2701", "1342")
	lib := &corpus.Library{Store: corpus.NewStore(dir), Client: fetch.New(fetch.Options{Retries: 1}), Mirror: mirror.URL}
	s, err := serve.New(serve.Config{Library: lib, Addr: "127.0.0.1:8080"})
	if err != nil {
		t.Fatal(err)
	}
	api := func(target string) string {
		t.Helper()
		r := httptest.NewRequest("GET", target, nil)
		r.Host = "127.0.0.1:8080"
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, r)
		if w.Code != 200 {
			t.Fatalf("GET %s: %d %s", target, w.Code, w.Body)
		}
		return w.Body.String()
	}
	for _, c := range []struct {
		target string
		args   []string
	}{
		{"/api/books", []string{"corpus", "list"}},
		{"/api/books/2701/freq?norm=n&top=10&stop=en", []string{"freq", "-n", "--top", "10", "--stop", "en", "2701"}},
		{"/api/books/2701/freq?norm=i", []string{"freq", "-i", "2701"}},
		{"/api/books/2701/kwic?word=whale&norm=n&width=20", []string{"kwic", "-n", "--width", "20", "whale", "2701"}},
		{"/api/books/2701/kwic?word=the+whale", []string{"kwic", "the whale", "2701"}},
		{"/api/books/2701/where?word=whale&word=ahab&norm=n", []string{"where", "-n", "whale", "ahab", "2701"}},
		{"/api/books/2701/collocations?norm=p", []string{"collocations", "-p", "2701"}},
		{"/api/books/2701/collocations?norm=n&window=3&min=3&stop=none&top=50", []string{"collocations", "-n", "--window", "3", "--min", "3", "--stop", "none", "--top", "50", "2701"}},
		{"/api/books/2701/similar?word=whale&norm=p&top=10", []string{"similar", "-p", "--top", "10", "whale", "2701"}},
		{"/api/books/2701/contexts?word=whale&word=sea&norm=p", []string{"contexts", "-p", "whale", "sea", "2701"}},
		{"/api/compare?a=2701&b=1342&norm=n&top=5&both=1&stop=en", []string{"compare", "-n", "--top", "5", "--both", "--stop", "en", "2701", "1342"}},
	} {
		var fromAPI, fromCLI any
		if err := json.Unmarshal([]byte(api(c.target)), &fromAPI); err != nil {
			t.Fatalf("GET %s: %v", c.target, err)
		}
		out := cli(append([]string{c.args[0], "--format", "json"}, c.args[1:]...)...)
		if err := json.Unmarshal([]byte(out), &fromCLI); err != nil {
			t.Fatalf("gutcount %v: %v", c.args, err)
		}
		if !reflect.DeepEqual(fromAPI, fromCLI) {
			t.Errorf("GET %s differs from gutcount %v --format json:\n%.600v\nwant\n%.600v", c.target, c.args, fromAPI, fromCLI)
		}
	}
}

// gutcount serve prints its URL, answers there, and stops on Ctrl-C
// (exit 130); an address all can reach is warned about.
func TestServeRun(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:0", "0.0.0.0:0"} {
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		errs := &syncWriter{}
		ios := &IOStreams{In: strings.NewReader(""), Out: pw, Err: errs}
		done := make(chan int)
		go func() {
			done <- Execute(ctx, ios, []string{"--cache-dir", t.TempDir(), "serve", "--addr", addr})
			pw.Close()
		}()
		line, err := bufio.NewReader(pr).ReadString('\n')
		if err != nil {
			t.Fatalf("serve --addr %s printed %q: %v (%s)", addr, line, err, errs.String())
		}
		url := strings.Fields(line)[2]
		if !strings.HasPrefix(line, "gutcount serve: http://") || !strings.HasSuffix(url, "/") {
			t.Fatalf("serve printed %q", line)
		}
		go io.Copy(io.Discard, pr)
		if strings.HasPrefix(addr, "0.0.0.0") {
			url = strings.Replace(url, "0.0.0.0", "127.0.0.1", 1)
		}
		resp, err := http.Get(url + "api/books")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || strings.TrimSpace(string(b)) != "[]" {
			t.Errorf("GET %sapi/books: %d %s", url, resp.StatusCode, b)
		}
		cancel()
		if code := <-done; code != exitInterrupted {
			t.Errorf("serve stopped with exit %d; want %d", code, exitInterrupted)
		}
		warned := strings.Contains(errs.String(), "anyone on the network")
		if warned != strings.HasPrefix(addr, "0.0.0.0") {
			t.Errorf("serve --addr %s: stderr %q", addr, errs.String())
		}
	}
}
