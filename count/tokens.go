package count

import (
	"bufio"
	"io"
	"unicode/utf8"
)

// EachToken calls fn with each token of r in text order, normalised by o
// (a token that normalises to nothing is skipped). The slice is only
// valid during the call. It is the slow, simple way through a text, a
// token at a time, for the tools that need tokens in order (collocations,
// contexts); counting takes the parallel paths of Freq and Words.
func EachToken(r io.Reader, o Options, fn func(tok []byte) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 2*MaxToken)
	var long longTokens
	sc.Split(long.split)
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

// longTokens is scanTokens that skips runs of MaxToken bytes or more
// (see MaxToken) as they are read, never holding one whole.
type longTokens struct{ skipping bool }

func (l *longTokens) split(data []byte, atEOF bool) (int, []byte, error) {
	if l.skipping {
		for i := 0; i < len(data); i++ {
			if data[i] < utf8.RuneSelf && class[data[i]] == clSpace {
				l.skipping = false
				return i, nil, nil
			}
		}
		return len(data), nil, nil
	}
	advance, token, err := scanTokens(data, atEOF)
	if len(token) >= MaxToken {
		return advance, nil, err // dropped, as the counters drop it
	}
	if token == nil && !atEOF && len(data)-advance >= MaxToken {
		l.skipping = true // a token this long is no word: drop it as it comes
		return len(data), nil, nil
	}
	return advance, token, err
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
