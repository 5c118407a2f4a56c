package count

import "io"

// Freq counts every token of r, normalised by o.
func Freq(r io.Reader, o Options) (*Table, error) {
	ws := make([]freqWorker, o.workers())
	for i := range ws {
		ws[i] = freqWorker{opt: o, t: NewTable()}
	}
	err := eachChunk(r, o, func(w int, chunk []byte) { ws[w].count(chunk) })
	if err != nil {
		return nil, err
	}
	t := ws[0].t
	for i := 1; i < len(ws); i++ {
		t.Merge(ws[i].t)
	}
	return t, nil
}

type freqWorker struct {
	opt     Options
	t       *Table
	scratch []byte
}

// count is the hot path of freq: it tokenizes chunk and counts every token.
// ASCII tokens are lowercased with a byte table; any other token takes the
// Unicode path in emit.
func (f *freqWorker) count(chunk []byte) {
	n := len(chunk)
	for i := 0; i < n; {
		c := class[chunk[i]]
		if c == clSpace {
			i++
			continue
		}
		if c == clHigh {
			if sp, size := spaceAt(chunk[i:]); sp {
				i += size
				continue
			}
		}
		start := i
		upper, ascii := false, true
		for i < n {
			c := class[chunk[i]]
			if c <= clUpper {
				upper = upper || c == clUpper
				i++
				continue
			}
			if c == clSpace {
				break
			}
			sp, size := spaceAt(chunk[i:])
			if sp {
				break
			}
			ascii = false
			i += size
		}
		f.emit(chunk[start:i], upper, ascii)
	}
}

func (f *freqWorker) emit(tok []byte, upper, ascii bool) {
	o := f.opt
	switch {
	case o.StripPunct || (o.IgnoreCase && !ascii):
		f.scratch = o.Normalize(f.scratch, tok)
		if len(f.scratch) > 0 {
			f.t.Add(f.scratch, 1)
		}
	case o.IgnoreCase && upper:
		s := append(f.scratch[:0], tok...)
		for j, c := range s {
			if 'A' <= c && c <= 'Z' {
				s[j] = c + 'a' - 'A'
			}
		}
		f.scratch = s
		f.t.Add(s, 1)
	default:
		f.t.Add(tok, 1)
	}
}
