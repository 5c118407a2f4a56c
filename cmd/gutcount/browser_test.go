package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// chromium finds Debian's chromium, or skips.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium to drive (apt-get install chromium)")
	return ""
}

// TestBrowserFlow drives a real browser through gutcount serve: open the
// corpus, open Moby Dick, look up "whale", open its concordance, add a
// book by ID from a local mirror. With GUTCOUNT_SCREENSHOTS=DIR it saves
// a PNG of each page there (the README's, in docs/).
func TestBrowserFlow(t *testing.T) {
	browser := chromium(t)
	moby, err := os.ReadFile(mobyPath(t))
	if err != nil {
		t.Fatal(err)
	}
	pride, err := os.ReadFile(filepath.Join(sharedCorpus, "books", "pg1342-pride-and-prejudice.txt"))
	if err != nil {
		t.Skip("shared corpus not found:", err)
	}
	books := map[string][]byte{"/cache/epub/2701/pg2701.txt": moby, "/cache/epub/1342/pg1342.txt": pride}
	mirror := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := books[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(b)
	}))
	defer mirror.Close()

	// The corpus holds Moby Dick; the server is the program itself.
	cache := t.TempDir()
	global := []string{"-q", "--cache-dir", cache, "--mirror", mirror.URL}
	if out, err := gutcountCmd(append(global, "fetch", "2701")...).CombinedOutput(); err != nil {
		t.Fatalf("fetch 2701: %v: %s", err, out)
	}
	srv := gutcountCmd(append(global, "serve", "--addr", "127.0.0.1:0")...)
	stdout, err := srv.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { srv.Process.Kill(); srv.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("serve printed %q: %v", line, err)
	}
	base := strings.TrimSuffix(strings.Fields(line)[2], "/")

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 1000),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()

	shots := os.Getenv("GUTCOUNT_SCREENSHOTS")
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			if shots == "" {
				return nil
			}
			png, err := chromedp.CaptureScreenshot()(ctx, t) // the window: what a reader sees first
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644)
		})
	}
	// plotLoaded waits for the page's plot, if it has one, to be drawn.
	plotLoaded := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](`new Promise(r => { const i = document.querySelector("img.plot"); !i || i.complete ? r(true) : i.onload = () => r(true) })`, chromedp.EvalAwaitPromise)(ctx, t)
		return err
	})
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}

	// The corpus, then Moby Dick from it.
	do("open the corpus and Moby Dick",
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#books")),
		shot("serve-corpus"),
		chromedp.Click(chromedp.CSS(`a[href="/books/2701"]`)),
		chromedp.WaitVisible(chromedp.CSS("#title")),
		plotLoaded,
		shot("serve-book"),
	)
	if got := text("#title"); got != "Moby Dick; Or, The Whale" {
		t.Errorf("the book's page is titled %q", got)
	}
	// The numbers are freq -n's.
	want, _, _ := gutcount(t, "", append(global[1:], "freq", "-n", "--stats", "--format", "tsv", "2701")...)
	fields := strings.Split(strings.Split(want, "\n")[1], "\t")
	if got := text("#tokens"); got != fields[0] {
		t.Errorf("the page shows %s tokens; freq -n --stats %s", got, fields[0])
	}
	if got := text("#types"); got != fields[1] {
		t.Errorf("the page shows %s types; freq -n --stats %s", got, fields[1])
	}

	// Look up "whale" in the word box: its concordance.
	do("look up whale",
		chromedp.SendKeys(chromedp.CSS("#word"), "whale"),
		chromedp.Submit(chromedp.CSS("#word")),
		chromedp.WaitVisible(chromedp.CSS("#kwic")),
		shot("serve-kwic"),
	)
	found, _, _ := gutcount(t, "", append(global[1:], "count", "-n", "whale", "2701")...)
	n := strings.Fields(found)[0]
	if got := text("#found"); !strings.HasPrefix(got, n+" occurrences of “whale”") {
		t.Errorf("the concordance says %q; count -n says %s", got, n)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#kwic tr").length`))
	if err != nil || fmt.Sprint(rows) != n {
		t.Errorf("the concordance shows %d lines (%v); want %s", rows, err, n)
	}
	if token := text("#kwic tr td.token"); !strings.EqualFold(strings.Trim(token, ".,;:!?"), "whale") {
		t.Errorf("the first line's token is %q", token)
	}

	// The other pages, for their pictures.
	if shots != "" {
		for _, p := range []struct{ name, path, sel string }{
			{"serve-where", "/books/2701/where?word=whale&word=ahab&word=starbuck&word=queequeg", "#dispersion"},
			{"serve-collocations", "/books/2701/collocations?word=whale", "#similar"},
		} {
			do(p.name, chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS(p.sel)), plotLoaded, shot(p.name))
		}
	}

	// Add Pride and Prejudice by its ID: the page fetches it, then opens it.
	do("open the corpus", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#add-id")))
	// Subscribed before the click: the page the script opens once the
	// book is in, or the error it shows.
	sub, stop := context.WithCancel(ctx)
	loaded := chromedp.Events(sub, page.LoadEventFired)
	do("type 1342", chromedp.SendKeys(chromedp.CSS("#add-id"), "1342"))
	// The click runs the page's handler at once, which writes the
	// progress line before the download answers.
	progress, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#add button").click(); document.querySelector("#progress").textContent`))
	if err != nil || progress != "Fetching book 1342 into the corpus…" {
		t.Errorf("while adding 1342 the page says %q (%v)", progress, err)
	}
	for _, err := range loaded {
		if err != nil {
			t.Fatalf("adding 1342: %v (the page said %q)", err, progress)
		}
		break
	}
	stop()
	if url, err := chromedp.Run(ctx, chromedp.Location()); err != nil || url != base+"/books/1342" {
		t.Errorf("after adding 1342 the page is %s (%v)", url, err)
	}
	if got := text("#title"); got != "Pride and Prejudice" {
		t.Errorf("after adding 1342 the page is titled %q", got)
	}
	if out, _, _ := gutcount(t, "", append(global[1:], "corpus", "list", "--format", "tsv")...); !strings.Contains(out, "1342\tPride and Prejudice") {
		t.Errorf("corpus list after adding 1342:\n%s", out)
	}
	if shots != "" {
		do("compare", chromedp.Navigate(base+"/compare?a=2701&b=1342"), chromedp.WaitVisible(chromedp.CSS(".sides")), shot("serve-compare"))
	}
}
