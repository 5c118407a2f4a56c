package main

import (
	"os"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// The README is the manual: every command a user can type is named in it
// as "gutcount PATH", and every flag of every command (its own and the
// global ones) appears in it as --NAME (and -X for a shorthand).
func TestReadmeCoversCommandsAndFlags(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	root := NewCmdRoot(&Globals{IO: &IOStreams{}})
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, path := range commandPaths(t) {
		name := strings.Join(append([]string{"gutcount"}, path...), " ")
		if len(path) > 0 && !strings.Contains(readme, name) {
			t.Errorf("the README never shows %q", name)
		}
		c, _, err := root.Find(path)
		if err != nil {
			t.Fatal(err)
		}
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Hidden || f.Name == "help" {
				return
			}
			if !strings.Contains(readme, "--"+f.Name) {
				t.Errorf("%s: the README never shows --%s", name, f.Name)
			}
			if f.Shorthand != "" && !strings.Contains(readme, "-"+f.Shorthand+" ") && !strings.Contains(readme, "`-"+f.Shorthand+"`") {
				t.Errorf("%s: the README never shows -%s", name, f.Shorthand)
			}
		})
	}
}
