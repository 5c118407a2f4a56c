package main

import (
	"fmt"

	"github.com/gutcount/gutcount/count/table"
)

// clean is table.Clean: s made safe to print to a terminal.
func clean(s string) string { return table.Clean(s) }

// plural is "1 book", "2 books".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
