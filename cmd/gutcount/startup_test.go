package main

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
	"testing"
)

// Start-up is paid by every command, and by every book of a script that
// runs gutcount once per book: a package's init must not build what only
// some commands use (parse templates or fonts, compile regular
// expressions, build language tables). The binary runs with
// GODEBUG=inittrace=1 and no package of this module may allocate more
// than initBudget bytes at init (this one aside: in the test binary, its
// init builds the tests' fixtures too); neither gonum's plot package (its init
// parses twelve fonts) nor x/text's language names (its init builds a
// matcher) may be linked in. Allocation is counted, not time: the test
// holds on a loaded machine.
const initBudget = 16 << 10

func TestStartupInits(t *testing.T) {
	c := gutcountCmd("--version")
	c.Env = append(c.Env, "GODEBUG=inittrace=1")
	var errs bytes.Buffer
	c.Stderr = &errs
	if err := c.Run(); err != nil {
		t.Fatalf("gutcount --version: %v: %s", err, errs.String())
	}
	inits := 0
	sc := bufio.NewScanner(&errs)
	for sc.Scan() {
		// init PKG @T ms, C ms clock, B bytes, A allocs
		f := strings.Fields(sc.Text())
		if len(f) < 8 || f[0] != "init" {
			continue
		}
		inits++
		pkg := f[1]
		switch {
		case pkg == "gonum.org/v1/plot", pkg == "golang.org/x/text/language/display":
			t.Errorf("%s is linked in: its init runs for every command", pkg)
		case pkg == "github.com/gutcount/gutcount/cmd/gutcount":
			// In the test binary its init holds the tests' fixtures.
		case strings.HasPrefix(pkg, "github.com/gutcount/gutcount/"):
			if n, err := strconv.Atoi(f[7]); err != nil || n > initBudget {
				t.Errorf("%s allocates %s bytes at init; want at most %d (build it on first use)", pkg, f[7], initBudget)
			}
		}
	}
	if inits == 0 {
		t.Fatalf("no init trace in:\n%s", errs.String())
	}
}
