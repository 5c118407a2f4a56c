// Command freqmany prints the frequencies of the tokens of many files, as
// `gutcount freq --raw` does, but through one count.Counter: the way the
// CLI can count many sources once it hands them all to one counter. It
// exists for bench/shelf.sh, to time many small files against one large.
//
//	go run ./bench/freqmany [-i] [-p] FILE...
//
// Each file is mapped (read on systems without mmap); a UTF-8 byte-order
// mark is dropped; a file whose first non-ASCII byte does not start valid
// UTF-8 is Windows-1252 and is counted through a decoder, as gutcount
// detects encodings.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"unicode/utf8"

	"golang.org/x/text/transform"

	"github.com/gutcount/gutcount/corpus/gutenberg"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/table"
)

func main() {
	var o count.Options
	flag.BoolVar(&o.IgnoreCase, "i", false, "lowercase")
	flag.BoolVar(&o.StripPunct, "p", false, "trim punctuation")
	flag.Parse()
	c := count.NewCounter(o)
	for _, name := range flag.Args() {
		if err := add(c, name); err != nil {
			fmt.Fprintln(os.Stderr, "freqmany:", err)
			os.Exit(1)
		}
	}
	if err := table.WriteRows(os.Stdout, "text", c.Table().Sorted()); err != nil {
		fmt.Fprintln(os.Stderr, "freqmany:", err)
		os.Exit(1)
	}
}

func add(c *count.Counter, name string) error {
	b, unmap, err := mapFile(name)
	if err != nil {
		return err
	}
	defer unmap()
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if h := count.FirstHigh(b); h < len(b) {
		if r, size := utf8.DecodeRune(b[h:]); r == utf8.RuneError && size <= 1 {
			return c.Add(transform.NewReader(bytes.NewReader(b), gutenberg.Windows1252.NewDecoder()))
		}
	}
	c.AddBytes(b)
	return nil
}
