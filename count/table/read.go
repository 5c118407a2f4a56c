package table

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/gutcount/gutcount/count"
)

// SniffSize is how many first bytes Sniff wants to look at.
const SniffSize = 4096

// Sniff tells a table's format by its first bytes (up to SniffSize): a
// JSON array of objects, a JSON object with a "word", the csv or tsv
// header line; anything else is text. isTable reports whether head looks
// like a table at all, rather than a book: a format with a header, or
// lines of "word count" whose counts do not increase (at most the first 8
// whole lines are looked at).
func Sniff(head []byte) (format string, isTable bool) {
	t := bytes.TrimLeft(head, " \t\r\n")
	switch {
	case bytes.HasPrefix(t, []byte("[")):
		if rest := bytes.TrimLeft(t[1:], " \t\r\n"); len(rest) == 0 || rest[0] == '{' || rest[0] == ']' {
			return "json", true
		}
	case bytes.HasPrefix(t, []byte("{")):
		if rest := bytes.TrimLeft(t[1:], " \t\r\n"); len(rest) == 0 || rest[0] == '"' {
			return "jsonl", true
		}
	case bytes.HasPrefix(t, []byte("word,count\n")), bytes.HasPrefix(t, []byte("word,count\r\n")), string(t) == "word,count":
		return "csv", true
	case bytes.HasPrefix(head, []byte("word\tcount\n")), bytes.HasPrefix(head, []byte("word\tcount\r\n")):
		return "tsv", true
	}
	return "text", textTable(head)
}

// freqLine is a line of the text format: a word (or n-gram), a space or
// tab, a count.
var freqLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\S.*[ \t][0-9]+\r?$`) })

// textTable reports whether head starts with lines of "word count" whose
// counts do not increase, as a table in the text format does.
func textTable(head []byte) bool {
	lines := strings.Split(string(head), "\n")
	if len(head) >= SniffSize {
		lines = lines[:len(lines)-1] // cut short: the last line may be too
	}
	seen, last := 0, int64(-1)
	for _, line := range lines {
		if line == "" {
			continue
		}
		if !freqLine().MatchString(line) {
			return false
		}
		line = strings.TrimSuffix(line, "\r")
		c, err := strconv.ParseInt(line[strings.LastIndexAny(line, " \t")+1:], 10, 64)
		if err != nil || last >= 0 && c > last {
			return false
		}
		last = c
		if seen++; seen == 8 {
			break
		}
	}
	return seen > 0
}

// ErrTooLarge is counts that add up to more than an int64 holds.
var ErrTooLarge = errors.New("counts too large: their sum exceeds 9223372036854775807")

// Read adds the rows of the table read from r, in any of Formats (told by
// its first bytes), to t, each word passed through normalize when it is
// not nil (count.Options.Normalize; a word that becomes empty is dropped).
// The counts in t and those added must add up within an int64, so that no
// word's total overflows: else it stops with ErrTooLarge. A bad row is an
// error naming its line; ctx stops it.
func Read(ctx context.Context, t *count.Table, r io.Reader, normalize func(dst, word []byte) []byte) error {
	var buf []byte
	n := 0
	add := func(word []byte, c int64) error {
		if n++; n%(64<<10) == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if c > math.MaxInt64-t.Tokens() {
			return ErrTooLarge
		}
		if normalize != nil {
			buf = normalize(buf[:0], word)
			word = buf
		}
		t.Add(word, c)
		return nil
	}
	br, format, err := openTable(r, "")
	switch {
	case err != nil:
	case format == "text" || format == "tsv":
		// The words as bytes, not strings: nothing allocated a row.
		err = eachText(br, func(line int, word []byte, c int64) error {
			if c < 0 {
				return fmt.Errorf("line %d: negative count %d", line, c)
			}
			if err := add(word, c); err != nil {
				return fmt.Errorf("line %d: %w", line, err)
			}
			return nil
		})
	default:
		err = eachRow(br, format, func(row count.Row, _ int) error {
			return add([]byte(row.Word), row.Count)
		})
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// SniffFile is Sniff on the first bytes of the file at path.
func SniffFile(path string) (format string, isTable bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", false, err
	}
	defer f.Close()
	head := make([]byte, SniffSize)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return "", false, err
	}
	format, isTable = Sniff(head[:n])
	return format, isTable, nil
}

// ReadFile is Read of the frequency table in the file name, or of stdin
// when name is "-" and stdin is not nil. An error opening the file is returned as it is, one
// reading it (a bad row, ErrTooLarge) wrapped with the name, and ctx's
// error, when ctx stopped it, as it is.
func ReadFile(ctx context.Context, t *count.Table, name string, stdin io.Reader, normalize func(dst, word []byte) []byte) error {
	r := stdin
	if name != "-" || stdin == nil {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	if err := Read(ctx, t, r, normalize); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
