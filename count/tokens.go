package count

import (
	"bufio"
	"io"
	"unicode/utf8"
)

// MaxToken is the longest token EachToken hands out; a longer one is an
// error (bufio.ErrTooLong).
const MaxToken = 1 << 30

// EachToken calls fn with each token of r in text order, normalised by o
// (a token that normalises to nothing is skipped). The slice is only
// valid during the call. It is the slow, simple way through a text, a
// token at a time, for the tools that need tokens in order (collocations,
// contexts); counting takes the parallel paths of Freq and Words.
func EachToken(r io.Reader, o Options, fn func(tok []byte) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), MaxToken)
	sc.Split(scanTokens)
	var buf []byte
	for sc.Scan() {
		buf = o.Normalize(buf, sc.Bytes())
		if len(buf) == 0 {
			continue
		}
		if err := fn(buf); err != nil {
			return err
		}
	}
	return sc.Err()
}

// scanTokens is a bufio.SplitFunc cutting at white space as the counting
// engine does (spaceAt): bytes that are not valid UTF-8 belong to tokens.
func scanTokens(data []byte, atEOF bool) (advance int, token []byte, err error) {
	start := 0
	for start < len(data) {
		if !atEOF && !utf8.FullRune(data[start:]) {
			return start, nil, nil
		}
		sp, size := spaceAt(data[start:])
		if !sp {
			break
		}
		start += size
	}
	for i := start; i < len(data); {
		if !atEOF && !utf8.FullRune(data[i:]) {
			return start, nil, nil
		}
		sp, size := spaceAt(data[i:])
		if sp {
			return i + size, data[start:i], nil
		}
		i += size
	}
	if atEOF && start < len(data) {
		return len(data), data[start:], nil
	}
	return start, nil, nil
}
