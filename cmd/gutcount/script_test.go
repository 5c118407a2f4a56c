package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/gutcount/gutcount/fetch"
)

// fastRetries makes retries wait milliseconds, not seconds.
func fastRetries(o *fetch.Options) {
	o.MinBackoff, o.MaxBackoff = time.Millisecond, 20*time.Millisecond
}

func TestMain(m *testing.M) {
	// Retries wait milliseconds, not seconds, in the binary the tests run
	// (and in the tests that call execute with fastRetries).
	if os.Getenv("GUTCOUNT_TEST_MAIN") == "1" {
		// The test binary runs as gutcount (kill tests).
		code := run(fastRetries)
		if os.Getenv("GUTCOUNT_TEST_SLOW_EXIT") == "1" {
			// A process slow to exit after run returns, as a -race
			// build is (it waits a second at exit): TestSlowExit.
			time.Sleep(2 * interruptGrace)
		}
		os.Exit(code)
	}
	testscript.Main(m, map[string]func(){
		"gutcount": func() { os.Exit(run(fastRetries)) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script against the
// real binary. Each script gets a fresh corpus, a local mirror in
// GUTCOUNT_MIRROR and the shared corpus in $SHARED; the scripts that need
// the shared books skip without them.
func TestScripts(t *testing.T) {
	_, err := os.Stat(sharedCorpus)
	shared := err == nil
	testscript.Run(t, testscript.Params{
		Dir: "../../testdata/script",
		// [shared]: ../shared/corpus is there. A script that needs it
		// starts with [!shared] skip.
		Condition: func(cond string) (bool, error) {
			if cond == "shared" {
				return shared, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Setup: func(env *testscript.Env) error {
			m := startMirror()
			env.Defer(m.Close)
			env.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
			env.Values["mirror"] = m
			env.Setenv("GUTCOUNT_MIRROR", m.URL)
			env.Setenv("MIRROR", m.URL)
			env.Setenv("GUTCOUNT_CACHE_DIR", env.WorkDir+"/cache")
			env.Setenv("SHARED", sharedCorpus)
			sample, _ := filepath.Abs("../../testdata/sample")
			env.Setenv("SAMPLE", sample)
			gutenberg, _ := filepath.Abs("../../testdata/gutenberg")
			env.Setenv("GUTENBERG", gutenberg)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// mkbin FILE: a file of every byte value, several times over.
			"mkbin": func(ts *testscript.TestScript, neg bool, args []string) {
				var b []byte
				for range 64 {
					for c := range 256 {
						b = append(b, byte(c))
					}
				}
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), b, 0o644))
			},
			// mirror stop: the network goes away.
			// mirror requests N: the mirror has answered N requests.
			"mirror": func(ts *testscript.TestScript, neg bool, args []string) {
				m := ts.Value("mirror").(*mirror)
				switch {
				case len(args) == 1 && args[0] == "stop":
					m.Close()
				case len(args) == 2 && args[0] == "requests":
					want, _ := strconv.Atoi(args[1])
					if got := int(m.requests.Load()); (got == want) == neg {
						ts.Fatalf("mirror requests = %d; want %d", got, want)
					}
				default:
					ts.Fatalf("usage: mirror stop | mirror requests N")
				}
			},
		},
	})
}
