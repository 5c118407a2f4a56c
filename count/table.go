package count

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"math"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"unsafe"
)

// Table counts distinct tokens. Tokens of up to 8 bytes (most words of
// prose) live in 16-byte slots that hold the key itself as one integer,
// tokens of 9 to 16 bytes in 24-byte slots holding two, so the tables of a
// whole language stay in the processor's caches and a lookup is one or two
// integer comparisons. Longer tokens are copied into an arena of large
// blocks and found through 16-byte slots. Each kind is split by hash into
// 64 parts that grow on their own, so a table grows, and two tables merge,
// one part at a time (no copy of the whole table at once). Counting a
// token already present allocates nothing.
type Table struct {
	_      [64]byte // keep the tables of two workers off one cache line
	short  parts[slot8]
	mid    parts[slot16]
	long   parts[slotLong]
	arena  arena
	tokens int64
	// skipped counts the runs of MaxToken bytes or more left out.
	skipped int64
	spill   map[string]int64 // counts that outgrew a slot's 32 bits
	// promote lets keys move between slots as they are counted (see
	// promote below): only while a Counter's worker counts into the table,
	// never once it is handed out, as the rows of Sorted point at its keys.
	promote bool
	// rows are those of the last Sorted of a book's table (sortedRadix),
	// lent to its caller until reset frees them for the next.
	rows     []Row
	rowsFree bool
	// used are the indexes of the short and middle slots that hold a key,
	// in the order they were taken, while usedOK: while the table is one
	// part a kind and has not grown since it was new or reset (growing
	// places every key again). Sorted, Totals.AddBook and reset go
	// through them rather than every slot: a table reused from book to
	// book keeps the size the largest book's words grew it to, mostly
	// empty slots for the others.
	used   [2][]uint32
	usedOK bool
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

// slotLong points at a key in the arena: ref is its block (24 bits), its
// offset (20 bits) and length (20 bits; 0 for a key that is a whole
// block). hash is the top half of the key's hash; count 0 marks an empty
// slot.
type slotLong struct {
	ref   uint64
	hash  uint32
	count uint32
}

const (
	partBits = 6
	nparts   = 1 << partBits
	// firstSlots is the size of a new table's kinds.
	firstSlots = 1 << 10
)

// parts is one kind of slot: one open-addressing table while it is small
// (a lookup then costs no more than in a table of its own), split into
// nparts tables by the top partBits of the hash once it outgrows
// splitSlots, so that it grows and merges a part at a time.
type parts[S any] struct {
	p       [nparts]openTable[S]
	n       int
	split   bool
	splitAt int // splitSlots; smaller in tests, to split small tables
}

// splitSlots is the size from which a kind is split into parts.
const splitSlots = 1 << 16

// at returns the part of hash h and the slot where h's probe starts.
func (ps *parts[S]) at(h uint64) (*openTable[S], uint64) {
	if ps.split {
		o := &ps.p[h>>(64-partBits)]
		return o, (h << partBits) >> o.shift
	}
	o := &ps.p[0]
	return o, h >> o.shift
}

// openTable is an open-addressing hash table with linear probing. The
// slot of hash h is h >> shift, or (h << partBits) >> shift in a part.
type openTable[S any] struct {
	slots []S
	shift uint // 64 - log2(len(slots))
	n     int
}

func (ps *parts[S]) init(splitAt int) {
	ps.p[0] = openTable[S]{slots: newSlots[S](firstSlots), shift: 64 - 10}
	ps.splitAt = splitAt
}

// grow doubles the part o of ps when it is full, or splits ps into parts
// once it is large.
func (ps *parts[S]) grow(o *openTable[S], hash func(*S) uint64, empty func(*S) bool) {
	if !full(o.n, len(o.slots)) {
		return
	}
	if ps.split || 2*len(o.slots) < ps.splitAt {
		var pb uint
		if ps.split {
			pb = partBits
		}
		grow(o, hash, empty, pb)
		return
	}
	ps.splitUp(hash, empty)
}

// splitUp splits the one table of ps into nparts parts with about twice
// its slots in all, each sized for the entries it gets (they need not
// spread evenly: Merge adds another table's entries part by part).
func (ps *parts[S]) splitUp(hash func(*S) uint64, empty func(*S) bool) {
	old := ps.p[0].slots
	var counts [nparts]int
	for k := range old {
		if s := &old[k]; !empty(s) {
			counts[hash(s)>>(64-partBits)]++
		}
	}
	least := max(firstSlots/nparts, 2*len(old)/nparts)
	for p := range ps.p {
		size := least
		for full(counts[p], size) {
			size *= 2
		}
		ps.p[p] = openTable[S]{slots: newSlots[S](size), shift: uint(64 - bits.TrailingZeros(uint(size)))}
	}
	ps.split = true
	for k := range old {
		s := &old[k]
		if empty(s) {
			continue
		}
		o, i := ps.at(hash(s))
		mask := uint64(len(o.slots) - 1)
		for !empty(&o.slots[i]) {
			i = (i + 1) & mask
		}
		o.slots[i] = *s
		o.n++
	}
}

// full reports whether a part of size slots holding n must grow: parts
// stay at most three quarters full, whatever their size.
func full(n, size int) bool {
	return n*4 > size*3
}

// newSlots returns n empty slots, written to once already. Memory fresh
// from the system is not cleared by the allocator, and a table reads a
// slot before it writes it: the first read would map each page to the
// shared zero page and the first write copy it, flushing the page from the
// TLB of every core the process runs on (an interrupt to each), which
// costs more than counting a small file. Written first, a page is faulted
// in once.
func newSlots[S any](n int) []S {
	s := make([]S, n)
	clear(s)
	return s
}

// grow doubles o, placing each slot again by hash (shifted left by pb in
// a part).
func grow[S any](o *openTable[S], hash func(*S) uint64, empty func(*S) bool, pb uint) {
	old := o.slots
	o.slots = newSlots[S](2 * len(old))
	o.shift--
	mask := uint64(len(o.slots) - 1)
	for k := range old {
		s := &old[k]
		if empty(s) {
			continue
		}
		i := (hash(s) << pb) >> o.shift
		for !empty(&o.slots[i]) {
			i = (i + 1) & mask
		}
		o.slots[i] = *s
	}
}

// seed makes the hash of a process unpredictable, so crafted input cannot
// make every token collide.
var (
	seed     = rand.Uint64() | 1
	longSeed = maphash.MakeSeed()
)

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

// hashLong returns the hash of a long key as the slot stores it: its top
// 32 bits, the rest zero.
func hashLong(key []byte) uint64 {
	return maphash.Bytes(longSeed, key) &^ (1<<32 - 1)
}

func slot8Hash(s *slot8) uint64       { return hash8(s.key, s.len) }
func slot8Empty(s *slot8) bool        { return s.len == 0 }
func slot16Hash(s *slot16) uint64     { return hash16(s.key, s.len) }
func slot16Empty(s *slot16) bool      { return s.len == 0 }
func slotLongHash(s *slotLong) uint64 { return uint64(s.hash) << 32 }
func slotLongEmpty(s *slotLong) bool  { return s.count == 0 }

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
func NewTable() *Table { return newTable(splitSlots) }

// newTable returns an empty table whose kinds split into parts from
// splitAt slots.
func newTable(splitAt int) *Table {
	t := &Table{usedOK: true}
	t.short.init(splitAt)
	t.mid.init(splitAt)
	t.long.init(splitAt)
	return t
}

// took notes that slot i of kind k (0 short, 1 middle) of the part o of
// ps now holds a key, then grows ps if it must.
func took[S any](t *Table, k int, ps *parts[S], o *openTable[S], i uint64, hash func(*S) uint64, empty func(*S) bool) {
	if t.usedOK {
		t.used[k] = append(t.used[k], uint32(i))
	}
	size := len(o.slots)
	ps.grow(o, hash, empty)
	if len(o.slots) != size || ps.split {
		t.usedOK = false
	}
}

// Len returns the number of distinct tokens.
func (t *Table) Len() int { return t.short.n + t.mid.n + t.long.n }

// Tokens returns the number of tokens counted.
func (t *Table) Tokens() int64 { return t.tokens }

// Skipped returns the number of runs of MaxToken bytes or more that were
// left out: no tokens, and in no count.
func (t *Table) Skipped() int64 { return t.skipped }

func (t *Table) add8(w uint64, l uint32, n uint32) { t.add8h(w, l, n, hash8(w, l)) }

// promote: in a table that a Counter's worker counts into, a key found
// past its home slot (the first probed, which the counting loop probes
// inline) takes that slot once it is counted more often than the key
// there, which moves to where it was, so that the most frequent keys are
// found at the first probe. Linear probing stays sound: the key moved out
// of the home slot has its own home at or before it, and every slot from
// there to its new place is taken (the probe came through them).

// add8h is add8 with the hash of the key computed already.
func (t *Table) add8h(w uint64, l uint32, n uint32, h uint64) {
	o, i := t.short.at(h)
	home := i
	mask := uint64(len(o.slots) - 1)
	for ; ; i = (i + 1) & mask {
		s := &o.slots[i]
		if s.key == w && s.len == l {
			if s.count > math.MaxUint32-n {
				t.overflow(key8(w, l), int64(s.count))
				s.count = 0
			}
			s.count += n
			if hs := &o.slots[home]; t.promote && s.count > hs.count {
				*hs, *s = *s, *hs // see promote
			}
			return
		}
		if s.len == 0 {
			*s = slot8{key: w, len: l, count: n}
			t.short.n++
			o.n++
			took(t, 0, &t.short, o, i, slot8Hash, slot8Empty)
			return
		}
	}
}

func (t *Table) add16(k [2]uint64, l uint32, n uint32) { t.add16h(k, l, n, hash16(k, l)) }

// add16h is add16 with the hash of the key computed already.
func (t *Table) add16h(k [2]uint64, l uint32, n uint32, h uint64) {
	o, i := t.mid.at(h)
	home := i
	mask := uint64(len(o.slots) - 1)
	for ; ; i = (i + 1) & mask {
		s := &o.slots[i]
		if s.key == k && s.len == l {
			if s.count > math.MaxUint32-n {
				t.overflow(key16(k, l), int64(s.count))
				s.count = 0
			}
			s.count += n
			if hs := &o.slots[home]; t.promote && s.count > hs.count {
				*hs, *s = *s, *hs // see promote
			}
			return
		}
		if s.len == 0 {
			*s = slot16{key: k, len: l, count: n}
			t.mid.n++
			o.n++
			took(t, 1, &t.mid, o, i, slot16Hash, slot16Empty)
			return
		}
	}
}

// addLong counts tok (longer than 16 bytes) n times; a new key is copied
// into the arena, or with keep, tok itself becomes its block.
func (t *Table) addLong(tok []byte, n uint32, keep bool) {
	h := hashLong(tok)
	s, found := t.findLong(tok, h)
	if found {
		if s.count > math.MaxUint32-n {
			t.overflow(tok, int64(s.count))
			s.count = 0
		}
		s.count += n
		return
	}
	var ref uint64
	if keep {
		ref = t.arena.adopt(tok)
	} else {
		ref = t.arena.add(tok)
	}
	t.insertLong(s, slotLong{ref: ref, hash: uint32(h >> 32), count: n})
}

// findLong returns the slot of key, or the empty slot where it belongs.
func (t *Table) findLong(key []byte, h uint64) (*slotLong, bool) {
	o, i := t.long.at(h)
	mask := uint64(len(o.slots) - 1)
	h32 := uint32(h >> 32)
	for ; ; i = (i + 1) & mask {
		s := &o.slots[i]
		if s.count == 0 {
			return s, false
		}
		if s.hash == h32 && bytes.Equal(t.arena.key(s.ref), key) {
			return s, true
		}
	}
}

// insertLong fills the empty slot at, found by findLong for v's key.
func (t *Table) insertLong(at *slotLong, v slotLong) {
	*at = v
	t.long.n++
	o, _ := t.long.at(uint64(v.hash) << 32)
	o.n++
	t.long.grow(o, slotLongHash, slotLongEmpty)
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
		// Too much for a slot: all of it but one in the spill map, and a
		// slot of count 1 so that the token is listed (a long token's slot
		// of count 0 would be an empty one).
		t.overflow(tok, n-1)
		n = 1
	}
	t.add(tok, uint32(n), false)
}

// add counts tok n times by its length, not counting it in t.tokens.
func (t *Table) add(tok []byte, n uint32, keep bool) {
	switch l := len(tok); {
	case l <= 8:
		t.add8(load8(tok, 0), uint32(l), n)
	case l <= 16:
		t.add16([2]uint64{load8(tok, 0), load8(tok, 8)}, uint32(l), n)
	default:
		t.addLong(tok, n, keep)
	}
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
		if s, ok := t.findLong(tok, hashLong(tok)); ok {
			c = int64(s.count)
		}
	}
	if t.spill != nil {
		c += t.spill[string(tok)]
	}
	return c
}

func (t *Table) get8(w uint64, l uint32) int64 {
	o, i := t.short.at(hash8(w, l))
	mask := uint64(len(o.slots) - 1)
	for ; ; i = (i + 1) & mask {
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
	o, i := t.mid.at(hash16(k, l))
	mask := uint64(len(o.slots) - 1)
	for ; ; i = (i + 1) & mask {
		s := &o.slots[i]
		if s.len == 0 {
			return 0
		}
		if s.key == k && s.len == l {
			return int64(s.count)
		}
	}
}

// Merge adds every count of u to t, its slots through pipes (see pipe).
// u is left as it was.
func (t *Table) Merge(u *Table) {
	t.tokens += u.tokens
	t.skipped += u.skipped
	var short pipe[slot8]
	var mid pipe[slot16]
	add8 := func(s *slot8, h uint64) { t.add8h(s.key, s.len, s.count, h) }
	add16 := func(s *slot16, h uint64) { t.add16h(s.key, s.len, s.count, h) }
	for p := range u.short.p {
		slots8 := u.short.p[p].slots
		for k := range slots8 {
			if s := &slots8[k]; s.len != 0 {
				h := hash8(s.key, s.len)
				o, i := t.short.at(h)
				ready, hs := short.push(s, h, unsafe.Pointer(&o.slots[i]))
				for j, r := range ready {
					t.add8h(r.key, r.len, r.count, hs[j])
				}
			}
		}
		short.rest(add8)
		slots16 := u.mid.p[p].slots
		for k := range slots16 {
			if s := &slots16[k]; s.len != 0 {
				h := hash16(s.key, s.len)
				o, i := t.mid.at(h)
				ready, hs := mid.push(s, h, unsafe.Pointer(&o.slots[i]))
				for j, r := range ready {
					t.add16h(r.key, r.len, r.count, hs[j])
				}
			}
		}
		mid.rest(add16)
		for _, s := range u.long.p[p].slots {
			if s.count != 0 {
				t.addLong(u.arena.key(s.ref), s.count, false)
			}
		}
	}
	for k, n := range u.spill {
		t.overflow([]byte(k), n)
	}
}

// absorb merges u into t and empties u: the parts of u are moved into t
// (or t's smaller parts into them) rather than copied, u's arena blocks
// become t's, and each part of u is dropped once merged, so merging two
// large tables never holds a third copy. It is how the tables of the
// workers become one.
func (t *Table) absorb(u *Table) {
	t.usedOK = false
	// Merging large tables frees a part of each kind for every part
	// merged; collecting now and then lets the next parts reuse that
	// memory instead of doubling the heap before the collector runs.
	big := t.bytes()+u.bytes() >= bigTable
	collect := func(p int) {
		if big && p%8 == 7 {
			runtime.GC()
		}
	}
	t.tokens += u.tokens
	t.skipped += u.skipped
	base := uint64(len(t.arena.blocks)) << 40
	t.arena.blocks = append(t.arena.blocks, u.arena.blocks...)
	t.arena.cur = nil // later keys go to a new block of t
	// u's long refs name u's blocks: renumber them as t's.
	for p := range u.long.p {
		for k := range u.long.p[p].slots {
			if s := &u.long.p[p].slots[k]; s.count != 0 {
				s.ref += base
			}
		}
	}
	pair(&t.short, &u.short, slot8Hash, slot8Empty)
	pair(&t.mid, &u.mid, slot16Hash, slot16Empty)
	pair(&t.long, &u.long, slotLongHash, slotLongEmpty)
	for p := range nparts {
		collect(p)
		a, b := &t.short.p[p], &u.short.p[p]
		if t.short.split && a.n < b.n {
			*a, *b = *b, *a
		}
		for _, s := range b.slots {
			if s.len != 0 {
				t.add8(s.key, s.len, s.count)
			}
		}
		*b = openTable[slot8]{}
		t.recount()
	}
	for p := range nparts {
		collect(p)
		a, b := &t.mid.p[p], &u.mid.p[p]
		if t.mid.split && a.n < b.n {
			*a, *b = *b, *a
		}
		for _, s := range b.slots {
			if s.len != 0 {
				t.add16(s.key, s.len, s.count)
			}
		}
		*b = openTable[slot16]{}
		t.recount()
	}
	for p := range nparts {
		collect(p)
		a, b := &t.long.p[p], &u.long.p[p]
		if t.long.split && a.n < b.n {
			*a, *b = *b, *a
		}
		for _, s := range b.slots {
			if s.count == 0 {
				continue
			}
			key := t.arena.key(s.ref)
			if at, found := t.findLong(key, uint64(s.hash)<<32); found {
				if at.count > math.MaxUint32-s.count {
					t.overflow(key, int64(at.count))
					at.count = 0
				}
				at.count += s.count
			} else {
				t.insertLong(at, s)
			}
		}
		*b = openTable[slotLong]{}
		t.recount()
	}
	for k, n := range u.spill {
		t.overflow([]byte(k), n)
	}
	*u = Table{}
	if big {
		// Give the freed parts back, so that the rows of Sorted do not
		// come on top of them.
		debug.FreeOSMemory()
	}
}

// clearUsed empties slots: the used ones alone (when ok, used are all of
// them) where they are a small part, all of them otherwise.
func clearUsed[S any](slots []S, used []uint32, ok bool) {
	if !ok || 4*len(used) > len(slots) {
		clear(slots)
		return
	}
	var empty S
	for _, i := range used {
		slots[i] = empty
	}
}

// bigTable is the size of the tables (in bytes of slots and keys) from
// which absorb collects garbage as it goes.
const bigTable = 64 << 20

// bytes returns about how much memory t's slots and keys take.
func (t *Table) bytes() int {
	n := 0
	for p := range nparts {
		n += len(t.short.p[p].slots)*int(unsafe.Sizeof(slot8{})) + len(t.mid.p[p].slots)*int(unsafe.Sizeof(slot16{})) + len(t.long.p[p].slots)*int(unsafe.Sizeof(slotLong{}))
	}
	for _, b := range t.arena.blocks {
		n += cap(b)
	}
	return n
}

// pair readies two kinds for merging b into a part by part: both split
// into parts or neither, and when neither, a the larger.
func pair[S any](a, b *parts[S], hash func(*S) uint64, empty func(*S) bool) {
	switch {
	case a.split && !b.split:
		b.splitUp(hash, empty)
	case b.split && !a.split:
		a.splitUp(hash, empty)
	case !a.split && a.n < b.n:
		*a, *b = *b, *a
	}
}

// recount sets the totals of t's kinds from their parts (swapping parts
// in absorb moves counts between tables).
func (t *Table) recount() {
	t.short.n, t.mid.n, t.long.n = 0, 0, 0
	for p := range nparts {
		t.short.n += t.short.p[p].n
		t.mid.n += t.mid.p[p].n
		t.long.n += t.long.p[p].n
	}
}

// Row is one line of a frequency table.
type Row struct {
	Word  string `json:"word"`
	Count int64  `json:"count"`
}

// littleEndian: the bytes of a slot's key are the token's in order, so a
// row's word can point at them.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// Sorted returns the rows by count descending, then by word in ascending
// byte order. The words share memory with t (its keys are never changed),
// so the rows cost only themselves; and those of a book's table are the
// table's until Counter.Reuse gives it back, when the next Sorted writes
// its rows in their memory.
func (t *Table) Sorted() []Row {
	if n := t.Len(); littleEndian && n >= radixMin && n <= radixMax && t.spill == nil && !t.short.split && !t.mid.split && !t.long.split {
		return t.sortedRadix(n) // a book's table
	}
	rows := make([]Row, 0, t.Len())
	spilled := func(key string, n int64) int64 {
		if t.spill != nil {
			n += t.spill[key]
		}
		return n
	}
	for p := range nparts {
		slots8 := t.short.p[p].slots
		for k := range slots8 {
			if s := &slots8[k]; s.len != 0 {
				w := keyString8(&s.key, s.len)
				rows = append(rows, Row{w, spilled(w, int64(s.count))})
			}
		}
		slots16 := t.mid.p[p].slots
		for k := range slots16 {
			if s := &slots16[k]; s.len != 0 {
				w := keyString16(&s.key, s.len)
				rows = append(rows, Row{w, spilled(w, int64(s.count))})
			}
		}
		for _, s := range t.long.p[p].slots {
			if s.count != 0 {
				k := t.arena.key(s.ref)
				w := unsafe.String(unsafe.SliceData(k), len(k))
				rows = append(rows, Row{w, spilled(w, int64(s.count))})
			}
		}
	}
	SortRows(rows)
	return rows
}

func keyString8(k *uint64, l uint32) string {
	if !littleEndian {
		return string(key8(*k, l))
	}
	return unsafe.String((*byte)(unsafe.Pointer(k)), int(l))
}

func keyString16(k *[2]uint64, l uint32) string {
	if !littleEndian {
		return string(key16(*k, l))
	}
	return unsafe.String((*byte)(unsafe.Pointer(k)), int(l))
}

// arena holds the bytes of long keys in large blocks that are never moved
// nor changed, so a slot can name a key by block and offset, and a row's
// word can point into it.
type arena struct {
	blocks [][]byte
	cur    []byte // the block keys are appended to: blocks[curAt]
	curAt  int
}

const (
	blockMax = 1 << 20 // the largest shared block
	ownBlock = 4 << 10 // keys from this long get a block of their own
)

// add copies key into the arena and returns its ref.
func (a *arena) add(key []byte) uint64 {
	if len(key) >= ownBlock {
		return a.adopt(bytes.Clone(key))
	}
	if len(a.cur)+len(key) > cap(a.cur) {
		size := min(blockMax, max(4096, 2*cap(a.cur)))
		a.cur = make([]byte, 0, size)
		a.curAt = len(a.blocks)
		a.blocks = append(a.blocks, a.cur)
	}
	off := len(a.cur)
	a.cur = append(a.cur, key...)
	a.blocks[a.curAt] = a.cur
	return uint64(a.curAt)<<40 | uint64(off)<<20 | uint64(len(key))
}

// adopt makes key a block of its own, without copying it.
func (a *arena) adopt(key []byte) uint64 {
	a.blocks = append(a.blocks, key)
	return uint64(len(a.blocks)-1) << 40
}

// key returns the bytes ref names.
func (a *arena) key(ref uint64) []byte {
	b := a.blocks[ref>>40]
	n := ref & (1<<20 - 1)
	if n == 0 {
		return b
	}
	off := ref >> 20 & (1<<20 - 1)
	return b[off : off+n]
}

// reset empties t for another input, keeping the slots of its kinds, and
// reports whether it did: a table with a kind split into parts (that of a
// large input) is not kept.
func (t *Table) reset() bool {
	if t.short.split || t.mid.split || t.long.split {
		return false
	}
	clearUsed(t.short.p[0].slots, t.used[0], t.usedOK)
	clearUsed(t.mid.p[0].slots, t.used[1], t.usedOK)
	clear(t.long.p[0].slots)
	t.used[0], t.used[1], t.usedOK = t.used[0][:0], t.used[1][:0], true
	t.short.p[0].n, t.mid.p[0].n, t.long.p[0].n = 0, 0, 0
	t.short.n, t.mid.n, t.long.n = 0, 0, 0
	t.arena = arena{}
	t.tokens, t.skipped, t.spill = 0, 0, nil
	t.rowsFree = true
	return true
}
