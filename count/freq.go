package count

import (
	"encoding/binary"
	"io"
	"math"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// Freq counts every token of r, normalised by o.
func Freq(r io.Reader, o Options) (*Table, error) {
	c := NewCounter(o)
	if err := c.Add(r); err != nil {
		return nil, err
	}
	return c.Table(), nil
}

// FreqBytes is Freq over text held in memory, such as a mapped file (the
// table keeps no reference to b). It also returns the index in b of the
// first byte >= 0x80, found in the same pass (len(b) when there is none):
// when the text's encoding is to be detected, the text is UTF-8 if a valid
// UTF-8 sequence starts there and the table stands; if not, it is
// Windows-1252 and must be counted again decoded.
func FreqBytes(b []byte, o Options) (t *Table, firstHigh int) {
	c := NewCounter(o)
	firstHigh = c.AddBytes(b)
	return c.Table(), firstHigh
}

// A Counter counts the tokens of many inputs into one table:
//
//	c := count.NewCounter(o)
//	for _, b := range texts {
//		c.AddBytes(b) // or c.Add(r) for a stream
//	}
//	t := c.Table()
//
// Its workers keep their tables, blocks and scratch space from one input
// to the next, and their tables are merged once, by Table: many small
// inputs cost what one input of the same bytes costs. For a table per
// input (one series per book in a plot), call Table after each input: the
// counter then starts afresh and still keeps its blocks. A text whose
// encoding is to be detected can be checked first with FirstHigh. A
// Counter is not safe for concurrent use; each method returns once its
// input is counted.
type Counter struct {
	o      Options
	ws     []freqWorker
	blocks [][]byte // read blocks to reuse
	lane   bool     // one of another counter's Lanes
	spare  *Table   // a table given back by Reuse, for the next input
}

// NewCounter returns a counter of tokens normalised by o.
func NewCounter(o Options) *Counter {
	c := &Counter{o: o, ws: make([]freqWorker, o.workers())}
	for i := range c.ws {
		c.ws[i].opt = o
	}
	return c
}

// Lanes returns a counter for each of c's workers that counts with that
// worker alone, into the worker's table. Many texts are then counted on
// every core a whole text at a time, one goroutine to a lane, with no
// text waiting for the last chunk of another. The lanes may count at the
// same time as one another, but not as c; once they are done, c.Table
// returns what they all counted. A lane has no Table of its own (calling
// it panics).
func (c *Counter) Lanes() []*Counter {
	o := c.o
	o.Workers = 1
	lanes := make([]*Counter, len(c.ws))
	for i := range lanes {
		lanes[i] = &Counter{o: o, ws: c.ws[i : i+1 : i+1], lane: true}
	}
	return lanes
}

func (c *Counter) ready(borrowed bool) {
	for i := range c.ws {
		if c.ws[i].t == nil {
			c.ws[i].t, c.spare = c.spare, nil
		}
		if c.ws[i].t == nil {
			c.ws[i].t = NewTable()
		}
		c.ws[i].t.promote = true
		c.ws[i].borrowed = borrowed
	}
}

// Add counts the tokens of r. On a read error the tokens read before it
// stay counted.
func (c *Counter) Add(r io.Reader) error {
	c.ready(false)
	skipped, err := eachChunk(r, c.o, &c.blocks, func(w int, chunk []byte) bool {
		f := &c.ws[w]
		f.keep = false
		f.count(chunk)
		return f.keep
	})
	c.ws[0].t.skipped += skipped
	return err
}

// AddBytes counts the tokens of b, and returns the index of its first byte
// >= 0x80 (len(b) when there is none). The counter keeps no reference to
// b.
func (c *Counter) AddBytes(b []byte) (firstHigh int) {
	c.ready(true)
	highs := make([]int, len(c.ws))
	for i := range highs {
		highs[i] = len(b)
	}
	c.ws[0].t.skipped += eachSlice(b, c.o, func(w, off int, chunk []byte) {
		if h := c.ws[w].count(chunk); h >= 0 {
			highs[w] = min(highs[w], off+h)
		}
	})
	return minOf(highs)
}

// Table returns the counts of everything added since NewCounter or the
// last call of Table, and starts afresh.
func (c *Counter) Table() *Table {
	if c.lane {
		panic("count: Table of a lane: call it on the counter whose Lanes it is")
	}
	var t *Table
	for i := range c.ws {
		u := c.ws[i].t
		c.ws[i].t = nil
		switch {
		case u == nil:
		case t == nil:
			t = u
		default:
			t.absorb(u)
		}
	}
	if t == nil {
		t = NewTable()
	}
	t.promote = false // its keys stay where they are from now on
	return t
}

// Reuse gives back to c a table its Table returned, once nothing uses
// the table nor the words of its rows: emptied, it counts the next input,
// whose table is then neither allocated nor grown again (a batch counts a
// table per book). A large table (split into parts) is dropped instead.
func (c *Counter) Reuse(t *Table) {
	if t != nil && t.reset() {
		c.spare = t
	}
}

type freqWorker struct {
	opt      Options
	t        *Table
	scratch  []byte
	keep     bool     // the table holds a token inside the current chunk
	borrowed bool     // chunks belong to the caller: huge tokens are copied
	high     int      // index in the chunk of its first byte >= 0x80, or -1
	_        [64]byte // keep the workers, which count at once, off one cache line
}

// MaxToken is the length from which a run of non-white-space bytes is no
// token: it is skipped (Table.Skipped counts it), never held in memory
// whole, and matches no word. Such runs are binary data (a disk image, a
// file of zeros), not text.
const MaxToken = 1 << 20

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
// anything else goes to general. It returns the index of the
// chunk's first byte >= 0x80, or -1.
func (f *freqWorker) count(chunk []byte) int {
	lower, strip := f.opt.IgnoreCase, f.opt.StripPunct
	t := f.t
	n := len(chunk)
	f.high = -1
	counted := int64(0) // tokens counted here, added to t.tokens at the end
	for i := 0; i < n; {
		if class[byteAt(chunk, i)] == clSpace { // i < n
			i++
			continue
		}
		var w uint64
		if i+16 <= n {
			w = loadWord(chunk, i) // no bounds check, most tokens
		} else {
			w = load8(chunk, i)
		}
		m := stopMask(w)
		var l int
		var w2 uint64
		if m != 0 {
			l = bits.TrailingZeros64(m) >> 3
			if l == 0 || i+l < n && class[byteAt(chunk, i+l)] != clSpace {
				// A control or non-ASCII byte.
				if i = f.latin(chunk, i); i < 0 {
					i = f.general(chunk, -i-1)
				}
				continue
			}
			l = min(l, n-i) // 1 to 7
			w &= ^uint64(0) >> ((64 - 8*l) & 63)
		} else if i+8 < n && class[byteAt(chunk, i+8)] != clSpace {
			// Longer than 8 bytes: read a second word the same way.
			if i+16 <= n {
				w2 = loadWord(chunk, i+8)
			} else {
				w2 = load8(chunk, i+8)
			}
			m2 := stopMask(w2)
			k := bits.TrailingZeros64(m2) >> 3
			if m2 == 0 || i+8+k < n && class[byteAt(chunk, i+8+k)] != clSpace {
				// Longer than 16, or not ASCII.
				if m2 == 0 {
					i = f.general(chunk, i)
				} else if i = f.latin(chunk, i); i < 0 {
					i = f.general(chunk, -i-1)
				}
				continue
			}
			k = min(k, n-i-8) // 1 to 7
			w2 &= ^uint64(0) >> ((64 - 8*k) & 63)
			l = 8 + k
		} else {
			l = 8
		}
		// chunk[i+l] is ASCII white space (or the end): the next token
		// starts after it at the earliest.
		next := i + l + 1
		if strip && (asciiPunct[byteAt(chunk, i)] || asciiPunct[byteAt(chunk, i+l-1)]) { // i+l <= n
			// Punctuation at an end to trim (most tokens have none and
			// count as they are, below).
			if asciiPunct[byteAt(chunk, i)] || l < 2 || asciiPunct[byteAt(chunk, i+l-2)] {
				if f.addTrimmed(chunk, i, i+l) {
					counted++
				}
				i = next
				continue
			}
			// One mark at the end, the commonest case (a comma, a full
			// stop): the key is the token's words less their last byte,
			// counted below as a token without any (of 8 bytes or fewer
			// now, by w alone).
			l--
			if l < 8 {
				w &= ^uint64(0) >> ((64 - 8*l) & 63)
			} else if l > 8 {
				w2 &= ^uint64(0) >> ((128 - 8*l) & 63)
			}
		}
		if lower {
			w = lowerASCII(w)
		}
		counted++
		i = next
		// The first probe inline: most tokens are found there, and a call
		// would spill every register of this loop.
		if l <= 8 {
			h := hash8(w, uint32(l))
			o, k := t.short.at(h)
			if s := &o.slots[k]; s.key == w && s.len == uint32(l) && s.count < math.MaxUint32 {
				s.count++
			} else {
				t.add8h(w, uint32(l), 1, h)
			}
		} else {
			if lower {
				w2 = lowerASCII(w2)
			}
			h := hash16([2]uint64{w, w2}, uint32(l))
			o, k := t.mid.at(h)
			if s := &o.slots[k]; s.key[0] == w && s.key[1] == w2 && s.len == uint32(l) && s.count < math.MaxUint32 {
				s.count++
			} else {
				t.add16h([2]uint64{w, w2}, uint32(l), 1, h)
			}
		}
	}
	t.tokens += counted
	return f.high
}

// latin counts the token that starts at i when it is at most 16 bytes of
// ASCII and of runes that lowercase by table: the letters of two bytes in
// UTF-8 (accented Latin, Greek, Cyrillic) and U+2000 to U+203F (quotes,
// dashes), which have no case; that is most tokens beyond ASCII, which
// general would trim, lowercase and key by calls. It returns where the
// token ends, as general does, or -i-1 when the token is not such a one
// (or white space), for general.
func (f *freqWorker) latin(chunk []byte, i int) int {
	n := len(chunk)
	if i+16 > n {
		return -i - 1 // near the chunk's end: general's
	}
	// The token's bytes, loaded as count loads ASCII ones: it ends at its
	// first byte below 0x21, which must be white space.
	w, w2 := loadWord(chunk, i), loadWord(chunk, i+8) // i+16 <= n
	l := 16
	if m := (w - 0x21*ones) &^ w & highs; m != 0 {
		l = bits.TrailingZeros64(m) >> 3
		w &= 1<<(8*l) - 1
		w2 = 0
	} else if m := (w2 - 0x21*ones) &^ w2 & highs; m != 0 {
		l = 8 + bits.TrailingZeros64(m)>>3
		w2 &= 1<<(8*(l-8)) - 1
	}
	if i+l < n && class[chunk[i+l]] != clSpace {
		return -i - 1 // longer than 16 bytes, or a control
	}
	high := highBits(w) | highBits(w2)<<8 // a bit for each byte >= 0x80
	if high == 0 {
		return -i - 1
	}
	if f.opt.IgnoreCase {
		w, w2 = lowerASCIIOf(w), lowerASCIIOf(w2)
	}
	var buf [32]byte // the token, then room to load two words from any start
	binary.LittleEndian.PutUint64(buf[:], w)
	binary.LittleEndian.PutUint64(buf[8:], w2)
	first := i + bits.TrailingZeros32(high)
	for h := high; h != 0; {
		p := bits.TrailingZeros32(h)
		c := buf[p]
		if c == 0xe2 {
			// U+2000 to U+203F, save the white space among them.
			if p+2 >= l || buf[p+1] != 0x80 || buf[p+2]&0xc0 != 0x80 || space2000[buf[p+2]&0x3f] {
				return -i - 1
			}
			h &^= 1<<(p+3) - 1
			continue
		}
		if p+1 >= l || c < 0xc2 || c >= 0xe0 || buf[p+1]&0xc0 != 0x80 {
			return -i - 1
		}
		lw := latinLower[uint16(c&0x1f)<<6|uint16(buf[p+1]&0x3f)]
		if lw == 0 {
			return -i - 1 // punctuation, white space, or a lower case of other than two bytes
		}
		if f.opt.IgnoreCase {
			buf[p], buf[p+1] = 0xc0|byte(lw>>6), 0x80|byte(lw&0x3f)
		}
		h &^= 1<<(p+2) - 1
	}
	if f.high < 0 {
		f.high = first
	}
	s, e := 0, l
	if f.opt.StripPunct {
		// Only ASCII punctuation and U+2000 to U+203F's can be trimmed:
		// the runes of two bytes here are no punctuation.
		for s < e {
			if c := buf[s]; c < utf8.RuneSelf && asciiPunct[c] {
				s++
			} else if c == 0xe2 && punct2000[buf[s+2]&0x3f] {
				s += 3
			} else {
				break
			}
		}
		for e > s {
			if c := buf[e-1]; c < utf8.RuneSelf && asciiPunct[c] {
				e--
			} else if e-s >= 3 && buf[e-3] == 0xe2 && punct2000[buf[e-1]&0x3f] {
				e -= 3
			} else {
				break
			}
		}
		if s == e {
			return i + l // all punctuation: dropped
		}
	}
	k := e - s
	w = binary.LittleEndian.Uint64(buf[s:]) // loadKey, inline
	if k < 8 {
		w &= 1<<(8*k) - 1
		w2 = 0
	} else {
		w2 = binary.LittleEndian.Uint64(buf[s+8:]) & (1<<(8*(k-8)) - 1)
	}
	f.t.tokens++
	f.addKey(w, w2, uint32(k))
	return i + l
}

// addKey counts the key of a token of l bytes (1 to 16), its first probe
// inline, as count's: the words of most tokens are found there.
func (f *freqWorker) addKey(w, w2 uint64, l uint32) {
	t := f.t
	if l <= 8 {
		h := hash8(w, l)
		o, k := t.short.at(h)
		if s := &o.slots[k]; s.key == w && s.len == l && s.count < math.MaxUint32 {
			s.count++
		} else {
			t.add8h(w, l, 1, h)
		}
		return
	}
	h := hash16([2]uint64{w, w2}, l)
	o, k := t.mid.at(h)
	if s := &o.slots[k]; s.key[0] == w && s.key[1] == w2 && s.len == l && s.count < math.MaxUint32 {
		s.count++
	} else {
		t.add16h([2]uint64{w, w2}, l, 1, h)
	}
}

// highBits gathers the high bits of w's bytes into 8 bits, the lowest
// byte's first.
func highBits(w uint64) uint32 {
	return uint32(((w & highs) >> 7 * 0x0102040810204080) >> 56)
}

// lowerASCIIOf lowercases the ASCII letters of w and leaves its bytes >=
// 0x80 as they are.
func lowerASCIIOf(w uint64) uint64 {
	x := w &^ highs
	ge := x + (0x80-'A')*ones   // high bit: byte >= 'A'
	gt := x + (0x80-'Z'-1)*ones // high bit: byte > 'Z'
	return w | (ge&^gt&^w&highs)>>2
}

// latinLower maps the runes of two bytes in UTF-8 (U+0080 to U+07FF) that
// are neither punctuation nor white space, and whose lower case has two
// bytes too, to that lower case; the others to 0.
var latinLower [0x800]uint16

// space2000 marks the white space among U+2000 to U+203F.
var space2000 [0x40]bool

func init() {
	for r := rune(0x80); r < 0x800; r++ {
		// unicode.IsPunct, not isPunct: this init runs before its tables'.
		if l := unicode.ToLower(r); !unicode.IsPunct(r) && !unicode.IsSpace(r) && l >= 0x80 && l < 0x800 {
			latinLower[r] = uint16(l)
		}
	}
	for r := range space2000 {
		space2000[r] = unicode.IsSpace(rune(0x2000 + r))
	}
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
	var w, w2 uint64 // loadKey, inline
	if s+16 <= len(chunk) {
		w, w2 = loadWord(chunk, s), loadWord(chunk, s+8)
	} else {
		w, w2 = load8(chunk, s), load8(chunk, s+8)
	}
	if l <= 8 {
		w &= ^uint64(0) >> ((64 - 8*l) & 63)
		w2 = 0
	} else {
		w2 &= ^uint64(0) >> ((128 - 8*l) & 63)
	}
	if f.opt.IgnoreCase {
		w, w2 = lowerASCII(w), lowerASCII(w2)
	}
	f.addKey(w, w2, uint32(l))
	return true
}

// loadKey loads the token chunk[s:s+l] (1 to 16 bytes) as the one or two
// words of its key, zero-padded.
func loadKey(chunk []byte, s, l int) (w, w2 uint64) {
	w = load8(chunk, s)
	if l < 8 {
		w &= 1<<(8*l) - 1
	} else if l > 8 {
		w2 = load8(chunk, s+8) & (1<<(8*(l-8)) - 1)
	}
	return w, w2
}

// hasHigh reports whether b holds a byte >= 0x80.
func hasHigh(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// maySpace marks the bytes that can start a white space rune beyond ASCII
// (U+0085 and U+00A0: C2; U+1680: E1; U+2000 to U+205F: E2; U+3000: E3).
// They are lead bytes, never inside another rune, so looking at each of
// them finds the same white space as decoding every rune.
var maySpace = [256]bool{0xc2: true, 0xe1: true, 0xe2: true, 0xe3: true}

// highSpace returns the size of the white space rune beyond ASCII that
// starts b (whose first byte is maySpace), or 0 when there is none: the
// byte sequences of U+0085, U+00A0, U+1680, U+2000 to U+200A, U+2028,
// U+2029, U+202F, U+205F and U+3000 (unicode.IsSpace), matched without
// decoding.
func highSpace(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	if b[0] == 0xc2 {
		if b[1] == 0x85 || b[1] == 0xa0 {
			return 2
		}
		return 0
	}
	if len(b) < 3 {
		return 0
	}
	switch c1, c2 := b[1], b[2]; b[0] {
	case 0xe1:
		if c1 == 0x9a && c2 == 0x80 {
			return 3
		}
	case 0xe2:
		if c1 == 0x80 && (c2 <= 0x8a && c2 >= 0x80 || c2 == 0xa8 || c2 == 0xa9 || c2 == 0xaf) || c1 == 0x81 && c2 == 0x9f {
			return 3
		}
	case 0xe3:
		if c1 == 0x80 && c2 == 0x80 {
			return 3
		}
	}
	return 0
}

// general counts the token that starts at i (or skips the Unicode white
// space there) and returns where it ends. It looks at the runes only where
// white space can start.
func (f *freqWorker) general(chunk []byte, i int) int {
	start, j := i, i
	high := false
	for j < len(chunk) {
		c := chunk[j]
		if c < utf8.RuneSelf {
			if class[c] == clSpace {
				break
			}
			j++
			continue
		}
		if !high {
			high = true
			if f.high < 0 {
				f.high = j
			}
		}
		if maySpace[c] {
			if size := highSpace(chunk[j:]); size > 0 {
				if j == start {
					return j + size
				}
				break
			}
		}
		j++ // the rest of the rune is no lead byte, not maySpace
	}
	f.emit(chunk[start:j], high)
	return j
}

// emit counts tok, normalised; high says whether it holds a byte >= 0x80.
func (f *freqWorker) emit(tok []byte, high bool) {
	t := f.t
	if len(tok) >= MaxToken {
		t.skipped++ // no word: a run of binary data, never held
		return
	}
	if f.opt.StripPunct {
		tok = trimPunct(tok)
		if len(tok) == 0 {
			return
		}
		if high && len(tok) <= 16 && !hasHigh(tok) {
			high = false // quotes or dashes around an ASCII word
		}
	}
	if !high && len(tok) <= 16 {
		// As count does: the key's words, lowercased at once.
		l := len(tok)
		w, w2 := loadKey(tok, 0, l)
		if f.opt.IgnoreCase {
			w, w2 = lowerASCII(w), lowerASCII(w2)
		}
		t.tokens++
		if l <= 8 {
			t.add8(w, uint32(l), 1)
		} else {
			t.add16([2]uint64{w, w2}, uint32(l), 1)
		}
		return
	}
	if f.opt.IgnoreCase {
		if high {
			f.scratch = appendLowerFast(f.scratch[:0], tok)
		} else {
			f.scratch = f.scratch[:0]
			for _, c := range tok {
				f.scratch = append(f.scratch, asciiLowerTable[c])
			}
		}
		tok = f.scratch
	}
	t.tokens++
	t.add(tok, 1, false)
}

var asciiLowerTable [256]byte

func init() {
	for i := range asciiLowerTable {
		c := byte(i)
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		asciiLowerTable[i] = c
	}
}

// lower2 is unicode.ToLower of the runes of two bytes in UTF-8 (U+0080 to
// U+07FF: Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic), by table.
var lower2 [0x800]uint16

// caseBlocks marks the blocks of 64 runes below U+10000 in which some
// rune has a lower case other than itself (from unicode.CaseRanges, which
// unicode.ToLower follows).
var caseBlocks [0x10000 / 64 / 64]uint64

func init() {
	for r := rune(0x80); r < 0x800; r++ {
		lower2[r] = uint16(unicode.ToLower(r))
	}
	for _, cr := range unicode.CaseRanges {
		if cr.Delta[unicode.LowerCase] == 0 || cr.Lo >= 0x10000 {
			continue
		}
		for b := cr.Lo / 64; b <= min(cr.Hi, 0xffff)/64; b++ {
			caseBlocks[b/64] |= 1 << (b % 64)
		}
	}
}

// appendLowerFast is appendLower by table for runes of two bytes, and
// without a lookup for runes of three bytes in blocks with no case.
func appendLowerFast(dst, b []byte) []byte {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			dst = append(dst, asciiLowerTable[c])
			i++
			continue
		}
		if c >= 0xc2 && c < 0xe0 && i+1 < len(b) && b[i+1]&0xc0 == 0x80 {
			r := rune(c&0x1f)<<6 | rune(b[i+1]&0x3f)
			if l := rune(lower2[r]); l == r {
				dst = append(dst, c, b[i+1])
			} else {
				dst = utf8.AppendRune(dst, l)
			}
			i += 2
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, c)
		case r < 0x10000 && caseBlocks[r/64/64]&(1<<(r/64%64)) == 0:
			dst = append(dst, b[i:i+size]...)
		default:
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
		i += size
	}
	return dst
}
