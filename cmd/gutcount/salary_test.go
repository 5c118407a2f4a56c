package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSalaryInputs(t *testing.T) {
	dir := t.TempDir()
	hist := filepath.Join(dir, "h.txt")
	for _, c := range []struct {
		arg, stdin string
		code       int
		out, err   string
	}{
		{"5", "", 0, "5:$16000\n", ""},
		{" 7 ", "", 0, "7:$64000\n", ""},
		{"+3", "", 0, "3:$4000\n", ""},
		{"", "5\n", 0, "5:$16000\n", "How many years do you want to work? \n"}, // piped: a newline ends the prompt
		{"", "\n", 2, "", "work? \ngutcount: no answer given: type a whole number of years, such as 5\n"},
		{"", "  6  \n", 0, "6:$32000\n", ""},
		{"abc", "", 2, "", "abc: This is NOT an integer.\n"},
		{"3.5", "", 2, "", "3.5: This is NOT an integer.\n"},
		{"0x10", "", 2, "", "0x10: This is NOT an integer.\n"},
		{"1e3", "", 2, "", "1e3: This is NOT an integer.\n"},
		{"", "\n", 2, "", "gutcount: no answer given: type a whole number of years, such as 5\n"},
		{"", "", 2, "", "gutcount: no answer given: type a whole number of years, such as 5\n"},
		{"", strings.Repeat("9", 2000), 2, "", "gutcount: the answer is longer than 1024 bytes; give a number of years, such as 5\n"},
		{"", "000000000000000000000000000000007\n", 0, "7:$64000\n", ""},
		{"0", "", 2, "", "gutcount: 0 years: work at least 1 year\n"},
		{"-4", "", 2, "", "gutcount: -4 years: the number of years cannot be negative\n"},
		{"10001", "", 2, "", "gutcount: 10001 years: at most 10000 years, please\n"},
		{strings.Repeat("9", 100), "", 2, "", "gutcount: 9999999999…(100 digits) years: at most 10000 years, please\n"},
	} {
		args := []string{"salary", "--history", hist}
		if c.arg != "" {
			args = append(args, "--", c.arg)
		}
		out, errs, code := gutcount(t, c.stdin, args...)
		if code != c.code || out != c.out || !strings.HasSuffix(errs, c.err) {
			t.Errorf("salary %q <%q: exit %d, out %q, err %q; want %d, %q, %q", c.arg, c.stdin, code, out, errs, c.code, c.out, c.err)
		}
	}
	b, _ := os.ReadFile(hist)
	if want := "5:$16000\n7:$64000\n3:$4000\n5:$16000\n6:$32000\n7:$64000\n"; string(b) != want {
		t.Errorf("history = %q; want %q", b, want)
	}
}

func TestSalaryTableStartAndHistoryFailure(t *testing.T) {
	out, _, code := gutcount(t, "", "salary", "--no-history", "--table", "--start", "5", "4")
	if want := "1:$5\n2:$10\n3:$20\n4:$40\n"; out != want || code != 0 {
		t.Errorf("salary --table --start 5 4 = %q, exit %d; want %q", out, code, want)
	}
	out, errs, code := gutcount(t, "", "salary", "--history", filepath.Join(t.TempDir(), "no", "dir", "h.txt"), "5")
	if out != "5:$16000\n" || code != exitIO || !strings.Contains(errs, "salary history not kept") {
		t.Errorf("unwritable history: out %q, exit %d, err %q; want the result, exit 3, a warning", out, code, errs)
	}
}

// At a terminal the user's Enter ends the prompt's line: no newline added.
func TestSalaryPromptAtTerminal(t *testing.T) {
	var out, errb bytes.Buffer
	ios := &IOStreams{In: strings.NewReader("5\n"), Out: &out, Err: &errb, InTTY: true}
	if code := Execute(context.Background(), ios, []string{"salary", "--no-history"}); code != 0 || out.String() != "5:$16000\n" || errb.String() != "How many years do you want to work? " {
		t.Errorf("exit %d, out %q, err %q", code, out.String(), errb.String())
	}
}
