package count

import (
	"encoding/binary"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"unsafe"
)

// Table counts distinct tokens. Tokens of up to 8 bytes (most words of
// prose) live in 16-byte slots that hold the key itself as one integer, and
// tokens of 9 to 16 bytes in 24-byte slots holding two, so the tables of a
// whole language stay in the processor's caches and a lookup is one or two
// integer comparisons; longer tokens go to a map. Counting a token already
// present allocates nothing.
type Table struct {
	_      [64]byte // keep the tables of two workers off one cache line
	short  openTable[slot8]
	mid    openTable[slot16]
	long   map[string]*int64
	tokens int64
	spill  map[string]int64 // counts that outgrew a slot's 32 bits
	_      [64]byte
}

type slot8 struct {
	key   uint64 // the key's bytes, little-endian, zero-padded
	len   uint32 // 0 marks an empty slot: tokens are never empty
	count uint32
}

type slot16 struct {
	key   [2]uint64
	len   uint32
	count uint32
}

// openTable is an open-addressing hash table with linear probing.
type openTable[S any] struct {
	slots []S
	shift uint // 64 - log2(len(slots))
	n     int
}

func (o *openTable[S]) init() {
	const logSize = 10
	o.slots = make([]S, 1<<logSize)
	o.shift = 64 - logSize
}

// seed makes the hash of a process unpredictable, so crafted input cannot
// make every token collide.
var seed = rand.Uint64() | 1

const (
	mul1 = 0x9E3779B97F4A7C15
	mul2 = 0xC2B2AE3D27D4EB4F
)

// hash8 is Fibonacci hashing: the table index is the top bits of the
// product, which depend on every bit of the key.
func hash8(w uint64, l uint32) uint64 {
	return (seed ^ uint64(l)<<59 ^ w) * mul1
}

func hash16(k [2]uint64, l uint32) uint64 {
	h := bits.RotateLeft64((seed^uint64(l)*mul2^k[0])*mul1, 31)
	h = (h ^ k[1]) * mul1
	return (h ^ h>>29) * mul2
}

// load8 reads up to 8 bytes of b from i, little-endian, zero-padded.
func load8(b []byte, i int) uint64 {
	if i+8 <= len(b) {
		return binary.LittleEndian.Uint64(b[i:])
	}
	var w uint64
	for j := len(b) - 1; j >= i; j-- {
		w = w<<8 | uint64(b[j])
	}
	return w
}

// NewTable returns an empty table.
func NewTable() *Table {
	t := &Table{long: map[string]*int64{}}
	t.short.init()
	t.mid.init()
	return t
}

// Len returns the number of distinct tokens.
func (t *Table) Len() int { return t.short.n + t.mid.n + len(t.long) }

// Tokens returns the number of tokens counted.
func (t *Table) Tokens() int64 { return t.tokens }

func (t *Table) add8(w uint64, l uint32, n uint32) {
	o := &t.short
	mask := uint64(len(o.slots) - 1)
	for i := hash8(w, l) >> o.shift; ; i = (i + 1) & mask {
		s := &o.slots[i]
		if s.key == w && s.len == l {
			if s.count > math.MaxUint32-n {
				t.overflow(key8(w, l), int64(s.count))
				s.count = 0
			}
			s.count += n
			return
		}
		if s.len == 0 {
			*s = slot8{key: w, len: l, count: n}
			if o.n++; o.n*2 > len(o.slots) {
				t.grow8()
			}
			return
		}
	}
}

func (t *Table) add16(k [2]uint64, l uint32, n uint32) {
	o := &t.mid
	mask := uint64(len(o.slots) - 1)
	for i := hash16(k, l) >> o.shift; ; i = (i + 1) & mask {
		s := &o.slots[i]
		if s.key == k && s.len == l {
			if s.count > math.MaxUint32-n {
				t.overflow(key16(k, l), int64(s.count))
				s.count = 0
			}
			s.count += n
			return
		}
		if s.len == 0 {
			*s = slot16{key: k, len: l, count: n}
			if o.n++; o.n*2 > len(o.slots) {
				t.grow16()
			}
			return
		}
	}
}

func key8(w uint64, l uint32) []byte {
	return binary.LittleEndian.AppendUint64(nil, w)[:l]
}

func key16(k [2]uint64, l uint32) []byte {
	b := binary.LittleEndian.AppendUint64(nil, k[0])
	return binary.LittleEndian.AppendUint64(b, k[1])[:l]
}

func (t *Table) overflow(key []byte, n int64) {
	if t.spill == nil {
		t.spill = map[string]int64{}
	}
	t.spill[string(key)] += n
}

// Add counts tok n times. tok is copied when it is new.
func (t *Table) Add(tok []byte, n int64) {
	if len(tok) == 0 || n <= 0 {
		return
	}
	t.tokens += n
	if n > math.MaxUint32 {
		// Too much for a slot: all of it in the spill map, and a slot of
		// count 0 so that the token is listed.
		t.overflow(tok, n)
		n = 0
	}
	switch l := len(tok); {
	case l <= 8:
		t.add8(load8(tok, 0), uint32(l), uint32(n))
	case l <= 16:
		t.add16([2]uint64{load8(tok, 0), load8(tok, 8)}, uint32(l), uint32(n))
	default:
		if p, ok := t.long[string(tok)]; ok {
			*p += n
			return
		}
		c := n
		t.long[string(tok)] = &c
	}
}

// adopt counts tok once, keeping tok itself as the key when it is new: the
// caller must never change tok's bytes afterwards. Huge tokens are not
// copied this way.
func (t *Table) adopt(tok []byte) {
	if len(tok) <= 16 {
		t.Add(tok, 1)
		return
	}
	t.tokens++
	if p, ok := t.long[string(tok)]; ok {
		*p++
		return
	}
	c := int64(1)
	t.long[unsafe.String(unsafe.SliceData(tok), len(tok))] = &c
}

// Get returns the count of tok.
func (t *Table) Get(tok []byte) int64 {
	var c int64
	switch l := len(tok); {
	case l == 0:
		return 0
	case l <= 8:
		c = t.get8(load8(tok, 0), uint32(l))
	case l <= 16:
		c = t.get16([2]uint64{load8(tok, 0), load8(tok, 8)}, uint32(l))
	default:
		if p, ok := t.long[string(tok)]; ok {
			c = *p
		}
	}
	if t.spill != nil {
		c += t.spill[string(tok)]
	}
	return c
}

func (t *Table) get8(w uint64, l uint32) int64 {
	o := &t.short
	mask := uint64(len(o.slots) - 1)
	for i := hash8(w, l) >> o.shift; ; i = (i + 1) & mask {
		s := &o.slots[i]
		if s.len == 0 {
			return 0
		}
		if s.key == w && s.len == l {
			return int64(s.count)
		}
	}
}

func (t *Table) get16(k [2]uint64, l uint32) int64 {
	o := &t.mid
	mask := uint64(len(o.slots) - 1)
	for i := hash16(k, l) >> o.shift; ; i = (i + 1) & mask {
		s := &o.slots[i]
		if s.len == 0 {
			return 0
		}
		if s.key == k && s.len == l {
			return int64(s.count)
		}
	}
}

func (t *Table) grow8() {
	old := t.short.slots
	t.short.slots = make([]slot8, 2*len(old))
	t.short.shift--
	mask := uint64(len(t.short.slots) - 1)
	for _, s := range old {
		if s.len != 0 {
			i := hash8(s.key, s.len) >> t.short.shift
			for t.short.slots[i].len != 0 {
				i = (i + 1) & mask
			}
			t.short.slots[i] = s
		}
	}
}

func (t *Table) grow16() {
	old := t.mid.slots
	t.mid.slots = make([]slot16, 2*len(old))
	t.mid.shift--
	mask := uint64(len(t.mid.slots) - 1)
	for _, s := range old {
		if s.len != 0 {
			i := hash16(s.key, s.len) >> t.mid.shift
			for t.mid.slots[i].len != 0 {
				i = (i + 1) & mask
			}
			t.mid.slots[i] = s
		}
	}
}

// each calls fn for every key and its whole count.
func (t *Table) each(fn func(key string, n int64)) {
	spilled := func(key string, n int64) int64 {
		if t.spill != nil {
			n += t.spill[key]
		}
		return n
	}
	for _, s := range t.short.slots {
		if s.len != 0 {
			k := string(key8(s.key, s.len))
			fn(k, spilled(k, int64(s.count)))
		}
	}
	for _, s := range t.mid.slots {
		if s.len != 0 {
			k := string(key16(s.key, s.len))
			fn(k, spilled(k, int64(s.count)))
		}
	}
	for k, p := range t.long {
		fn(k, spilled(k, *p))
	}
}

// Merge adds every count of u to t.
func (t *Table) Merge(u *Table) {
	tokens := t.tokens + u.tokens
	u.each(func(key string, n int64) {
		if p, ok := t.long[key]; ok && len(key) > 16 {
			*p += n // a long key is shared, not copied
			return
		} else if len(key) > 16 {
			c := n
			t.long[key] = &c
			return
		}
		t.Add([]byte(key), n)
	})
	t.tokens = tokens
}

// Row is one line of a frequency table.
type Row struct {
	Word  string `json:"word"`
	Count int64  `json:"count"`
}

// Sorted returns the rows by count descending, then by word in ascending
// byte order.
func (t *Table) Sorted() []Row {
	rows := make([]Row, 0, t.Len())
	t.each(func(key string, n int64) {
		if n > 0 {
			rows = append(rows, Row{key, n})
		}
	})
	SortRows(rows)
	return rows
}

// SortRows sorts rows by count descending, then by word ascending.
func SortRows(rows []Row) {
	slices.SortFunc(rows, func(a, b Row) int {
		if a.Count != b.Count {
			if a.Count > b.Count {
				return -1
			}
			return 1
		}
		if a.Word < b.Word {
			return -1
		}
		if a.Word > b.Word {
			return 1
		}
		return 0
	})
}
