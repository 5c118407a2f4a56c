package count

import (
	"io"
	"math/bits"
)

// Freq counts every token of r, normalised by o.
func Freq(r io.Reader, o Options) (*Table, error) {
	ws := make([]freqWorker, o.workers())
	for i := range ws {
		ws[i] = freqWorker{opt: o, t: NewTable()}
	}
	err := eachChunk(r, o, func(w int, chunk []byte) bool {
		ws[w].keep = false
		ws[w].count(chunk)
		return ws[w].keep
	})
	if err != nil {
		return nil, err
	}
	return mergeWorkers(ws), nil
}

func mergeWorkers(ws []freqWorker) *Table {
	t := ws[0].t
	for i := 1; i < len(ws); i++ {
		t.Merge(ws[i].t)
	}
	return t
}

type freqWorker struct {
	opt     Options
	t       *Table
	scratch []byte
	keep    bool // the table holds a token inside the current chunk
}

// hugeToken is the length from which a token is not copied into the table
// but kept where it is (its chunk is then not reused).
const hugeToken = 1 << 20

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// stopMask flags, in the high bit of each byte, the bytes of w below 0x21
// (ASCII white space and other controls) or above 0x7f. Only the lowest
// flag is exact, which is the one used.
func stopMask(w uint64) uint64 {
	return ((w-0x21*ones)&^w | w) & highs
}

// lowerASCII lowercases the ASCII letters of w, whose bytes are all < 0x80.
func lowerASCII(w uint64) uint64 {
	ge := w + (0x80-'A')*ones   // high bit: byte >= 'A'
	gt := w + (0x80-'Z'-1)*ones // high bit: byte > 'Z'
	return w | (ge&^gt&highs)>>2
}

// count is the hot path of freq. A token of up to 8 ASCII bytes is found,
// loaded, lowercased and hashed as one 64-bit word (9 to 16 bytes: two);
// anything else goes to slow.
func (f *freqWorker) count(chunk []byte) {
	lower, strip := f.opt.IgnoreCase, f.opt.StripPunct
	t := f.t
	n := len(chunk)
	counted := int64(0) // tokens counted here, added to t.tokens at the end
	for i := 0; i < n; {
		c := chunk[i]
		if class[c] == clSpace {
			i++
			continue
		}
		w := load8(chunk, i)
		m := stopMask(w)
		var l int
		var w2 uint64
		if m != 0 {
			l = bits.TrailingZeros64(m) >> 3
			if l == 0 || i+l < n && class[chunk[i+l]] != clSpace {
				i = f.slow(chunk, i) // a control or non-ASCII byte
				continue
			}
			l = min(l, n-i)
			w &= 1<<(8*l) - 1
		} else if i+8 < n && class[chunk[i+8]] != clSpace {
			// Longer than 8 bytes: read a second word the same way.
			w2 = load8(chunk, i+8)
			m2 := stopMask(w2)
			k := bits.TrailingZeros64(m2) >> 3
			if m2 == 0 || i+8+k < n && class[chunk[i+8+k]] != clSpace {
				i = f.slow(chunk, i) // longer than 16, or not ASCII
				continue
			}
			k = min(k, n-i-8)
			w2 &= 1<<(8*k) - 1
			l = 8 + k
		} else {
			l = 8
		}
		if strip {
			if f.addTrimmed(chunk, i, i+l) {
				counted++
			}
			i += l
			continue
		}
		if lower {
			w, w2 = lowerASCII(w), lowerASCII(w2)
		}
		if l <= 8 {
			t.add8(w, uint32(l), 1)
		} else {
			t.add16([2]uint64{w, w2}, uint32(l), 1)
		}
		counted++
		i += l
	}
	t.tokens += counted
}

// addTrimmed counts the ASCII token chunk[s:e] (at most 16 bytes) with its
// leading and trailing punctuation trimmed; it reports false when nothing
// is left and the token is dropped.
func (f *freqWorker) addTrimmed(chunk []byte, s, e int) bool {
	for s < e && asciiPunct[chunk[s]] {
		s++
	}
	for e > s && asciiPunct[chunk[e-1]] {
		e--
	}
	l := e - s
	if l == 0 {
		return false
	}
	w := load8(chunk, s)
	var w2 uint64
	if l < 8 {
		w &= 1<<(8*l) - 1
	} else if l > 8 {
		w2 = load8(chunk, s+8) & (1<<(8*(l-8)) - 1)
	}
	if f.opt.IgnoreCase {
		w, w2 = lowerASCII(w), lowerASCII(w2)
	}
	if l <= 8 {
		f.t.add8(w, uint32(l), 1)
	} else {
		f.t.add16([2]uint64{w, w2}, uint32(l), 1)
	}
	return true
}

// slow counts the token that starts at i (or skips the Unicode white space
// there) and returns where it ends.
func (f *freqWorker) slow(chunk []byte, i int) int {
	start := i
	for i < len(chunk) {
		sp, size := spaceAt(chunk[i:])
		if sp {
			if i == start {
				return i + size
			}
			break
		}
		i += size
	}
	f.emit(chunk[start:i])
	return i
}

func (f *freqWorker) emit(tok []byte) {
	if len(tok) >= hugeToken {
		if f.opt.IgnoreCase || f.opt.StripPunct {
			tok = f.opt.Normalize(make([]byte, 0, len(tok)), tok)
		} else {
			f.keep = true
		}
		f.t.adopt(tok)
		return
	}
	if !f.opt.IgnoreCase && !f.opt.StripPunct {
		f.t.Add(tok, 1)
		return
	}
	f.scratch = f.opt.Normalize(f.scratch, tok)
	if len(f.scratch) > 0 {
		f.t.Add(f.scratch, 1)
	}
}
