package count

import (
	"bytes"
	"math/bits"
	"unsafe"
)

// Totals merge the tables of many books: each token's count over all of
// them and in how many of them it is (its document frequency). A slot
// holds both, so that merging a book's table looks each of its keys up
// once: a Table of counts and another of books took two look-ups, and a
// run's totals outgrow the caches, where each look-up is a cache miss.
// Counts are 64 bits: no spill. The slots are kinds split into parts as a
// Table's, but their own, one word larger: a Table's slots stay as small
// as counting wants them.
type Totals struct {
	short  parts[totalSlot8]
	mid    parts[totalSlot16]
	long   parts[totalSlotLong]
	arena  arena
	tokens int64
	idx    []uint32 // used's and inOrder's
	bits   []uint64 // inOrder's, all zero between calls
}

// inOrder returns the slot indexes used (below n, each once) in
// ascending order, through a bitmap of n bits: a book's slots in the
// order of their hashes, which is the order of the totals' slots they
// land on (both tables place a key by the top bits of one hash), so that
// merging them goes through the totals mostly forwards; in the order the
// keys were taken, at random, their look-ups took twice as long. The
// slice is t's, until the next call.
func (t *Totals) inOrder(used []uint32, n int) []uint32 {
	words := (n + 63) / 64
	if len(t.bits) < words {
		t.bits = make([]uint64, words)
	}
	if cap(t.idx) < len(used) {
		t.idx = make([]uint32, len(used))
	}
	bm := t.bits[:words]
	for _, i := range used {
		bm[i>>6] |= 1 << (i & 63)
	}
	out := t.idx[:0]
	for w, b := range bm {
		for ; b != 0; b &= b - 1 {
			out = append(out, uint32(w<<6|bits.TrailingZeros64(b)))
		}
		bm[w] = 0
	}
	return out
}

// used returns the indexes k below n of the slots of a book's table that
// hold a key (full(k)), in order, gathered without a branch on each slot:
// a third to a half of a table's slots are empty, a branch on which the
// processor mispredicts every few slots. The slice is t's, until the
// next call.
func (t *Totals) used(n int, full func(k int) bool) []uint32 {
	if cap(t.idx) < n+1 {
		t.idx = make([]uint32, n+1)
	}
	idx := t.idx[:n+1]
	j := 0
	for k := range n {
		idx[j] = uint32(k)
		if full(k) {
			j++
		}
	}
	return idx[:j]
}

type totalSlot8 struct {
	key   uint64
	count uint64
	len   uint32 // 0 marks an empty slot
	books uint32
}

type totalSlot16 struct {
	key   [2]uint64
	count uint64
	len   uint32
	books uint32
}

// totalSlotLong is slotLong with books; books 0 marks an empty slot.
type totalSlotLong struct {
	ref   uint64
	count uint64
	hash  uint32
	books uint32
}

func totalSlot8Hash(s *totalSlot8) uint64       { return hash8(s.key, s.len) }
func totalSlot8Empty(s *totalSlot8) bool        { return s.len == 0 }
func totalSlot16Hash(s *totalSlot16) uint64     { return hash16(s.key, s.len) }
func totalSlot16Empty(s *totalSlot16) bool      { return s.len == 0 }
func totalSlotLongHash(s *totalSlotLong) uint64 { return uint64(s.hash) << 32 }
func totalSlotLongEmpty(s *totalSlotLong) bool  { return s.books == 0 }

// NewTotals returns empty totals.
func NewTotals() *Totals { return newTotals(splitSlots) }

// newTotals returns empty totals whose kinds split into parts from
// splitAt slots.
func newTotals(splitAt int) *Totals {
	t := &Totals{}
	t.short.init(splitAt)
	t.mid.init(splitAt)
	t.long.init(splitAt)
	return t
}

// Len returns the number of distinct tokens.
func (t *Totals) Len() int { return t.short.n + t.mid.n + t.long.n }

// Tokens returns the number of tokens counted.
func (t *Totals) Tokens() int64 { return t.tokens }

// AddBook adds a book's table: every count of u, and one book for each of
// its tokens. u is left as it was.
func (t *Totals) AddBook(u *Table) {
	t.tokens += u.tokens
	var short pipe[slot8]
	var mid pipe[slot16]
	add8 := func(s *slot8, h uint64) { t.add8h(s.key, s.len, uint64(s.count), 1, h) }
	add16 := func(s *slot16, h uint64) { t.add16h(s.key, s.len, uint64(s.count), 1, h) }
	for p := range u.short.p {
		slots8 := u.short.p[p].slots
		// The slots that hold a key, in ascending order: those u noted it
		// took, when it did (its kinds are then one part, part 0), or
		// every slot's.
		var used8, used16 []uint32
		switch {
		case !u.usedOK:
			used8 = t.used(len(slots8), func(k int) bool { return slots8[k].len != 0 })
		case p == 0:
			used8 = t.inOrder(u.used[0], len(slots8))
		}
		for _, k := range used8 {
			s := &slots8[k]
			h := hash8(s.key, s.len)
			o, i := t.short.at(h)
			ready, hs := short.push(s, h, unsafe.Pointer(&o.slots[i]))
			for j, r := range ready {
				t.add8h(r.key, r.len, uint64(r.count), 1, hs[j])
			}
		}
		short.rest(add8)
		slots16 := u.mid.p[p].slots
		switch {
		case !u.usedOK:
			used16 = t.used(len(slots16), func(k int) bool { return slots16[k].len != 0 })
		case p == 0:
			used16 = t.inOrder(u.used[1], len(slots16))
		}
		for _, k := range used16 {
			s := &slots16[k]
			h := hash16(s.key, s.len)
			o, i := t.mid.at(h)
			ready, hs := mid.push(s, h, unsafe.Pointer(&o.slots[i]))
			for j, r := range ready {
				t.add16h(r.key, r.len, uint64(r.count), 1, hs[j])
			}
		}
		mid.rest(add16)
		for _, s := range u.long.p[p].slots {
			if s.count != 0 {
				t.addLong(u.arena.key(s.ref), uint64(s.count), 1)
			}
		}
	}
	// A count that outgrew its slot in u: the rest of it, the book
	// counted already (the token has a slot).
	for k, n := range u.spill {
		t.add([]byte(k), uint64(n), 0)
	}
}

// Merge adds every count and book of u to t. u is left as it was.
func (t *Totals) Merge(u *Totals) {
	t.tokens += u.tokens
	for p := range u.short.p {
		for k := range u.short.p[p].slots {
			if s := &u.short.p[p].slots[k]; s.len != 0 {
				t.add8(s.key, s.len, s.count, s.books)
			}
		}
		for k := range u.mid.p[p].slots {
			if s := &u.mid.p[p].slots[k]; s.len != 0 {
				t.add16(s.key, s.len, s.count, s.books)
			}
		}
		for _, s := range u.long.p[p].slots {
			if s.books != 0 {
				t.addLong(u.arena.key(s.ref), s.count, s.books)
			}
		}
	}
}

// Add counts tok n times, in one more book. tok is copied when it is new.
func (t *Totals) Add(tok []byte, n int64) {
	if len(tok) == 0 || n <= 0 {
		return
	}
	t.tokens += n
	t.add(tok, uint64(n), 1)
}

// add adds n to tok's count and books to its books, by its length.
func (t *Totals) add(tok []byte, n uint64, books uint32) {
	switch l := len(tok); {
	case l <= 8:
		t.add8(load8(tok, 0), uint32(l), n, books)
	case l <= 16:
		t.add16([2]uint64{load8(tok, 0), load8(tok, 8)}, uint32(l), n, books)
	default:
		t.addLong(tok, n, books)
	}
}

func (t *Totals) add8(w uint64, l uint32, n uint64, books uint32) {
	t.add8h(w, l, n, books, hash8(w, l))
}

// add8h is add8 with the hash of the key computed already.
func (t *Totals) add8h(w uint64, l uint32, n uint64, books uint32, h uint64) {
	o, i := t.short.at(h)
	mask := uint64(len(o.slots) - 1)
	for ; ; i = (i + 1) & mask {
		s := &o.slots[i]
		if s.key == w && s.len == l {
			s.count += n
			s.books += books
			return
		}
		if s.len == 0 {
			*s = totalSlot8{key: w, len: l, count: n, books: books}
			t.short.n++
			o.n++
			t.short.grow(o, totalSlot8Hash, totalSlot8Empty)
			return
		}
	}
}

func (t *Totals) add16(k [2]uint64, l uint32, n uint64, books uint32) {
	t.add16h(k, l, n, books, hash16(k, l))
}

// add16h is add16 with the hash of the key computed already.
func (t *Totals) add16h(k [2]uint64, l uint32, n uint64, books uint32, h uint64) {
	o, i := t.mid.at(h)
	mask := uint64(len(o.slots) - 1)
	for ; ; i = (i + 1) & mask {
		s := &o.slots[i]
		if s.key == k && s.len == l {
			s.count += n
			s.books += books
			return
		}
		if s.len == 0 {
			*s = totalSlot16{key: k, len: l, count: n, books: books}
			t.mid.n++
			o.n++
			t.mid.grow(o, totalSlot16Hash, totalSlot16Empty)
			return
		}
	}
}

func (t *Totals) addLong(tok []byte, n uint64, books uint32) {
	h := hashLong(tok)
	s, found := t.findLong(tok, h)
	if found {
		s.count += n
		s.books += books
		return
	}
	*s = totalSlotLong{ref: t.arena.add(tok), hash: uint32(h >> 32), count: n, books: books}
	t.long.n++
	o, _ := t.long.at(h)
	o.n++
	t.long.grow(o, totalSlotLongHash, totalSlotLongEmpty)
}

// findLong returns the slot of key, or the empty slot where it belongs.
func (t *Totals) findLong(key []byte, h uint64) (*totalSlotLong, bool) {
	o, i := t.long.at(h)
	mask := uint64(len(o.slots) - 1)
	h32 := uint32(h >> 32)
	for ; ; i = (i + 1) & mask {
		s := &o.slots[i]
		if s.books == 0 {
			return s, false
		}
		if s.hash == h32 && bytes.Equal(t.arena.key(s.ref), key) {
			return s, true
		}
	}
}

// Sorted returns the rows by count descending, then by word in ascending
// byte order, and the books of each. The words share memory with t.
func (t *Totals) Sorted() (rows []Row, books []int64) {
	rows = make([]Row, 0, t.Len())
	for p := range nparts {
		slots8 := t.short.p[p].slots
		for k := range slots8 {
			if s := &slots8[k]; s.len != 0 {
				rows = append(rows, Row{keyString8(&s.key, s.len), int64(s.count)})
			}
		}
		slots16 := t.mid.p[p].slots
		for k := range slots16 {
			if s := &slots16[k]; s.len != 0 {
				rows = append(rows, Row{keyString16(&s.key, s.len), int64(s.count)})
			}
		}
		for _, s := range t.long.p[p].slots {
			if s.books != 0 {
				k := t.arena.key(s.ref)
				rows = append(rows, Row{unsafe.String(unsafe.SliceData(k), len(k)), int64(s.count)})
			}
		}
	}
	SortRows(rows)
	books = make([]int64, len(rows))
	for k, r := range rows {
		// A short or mid word's bytes are its slot's key (keyString8,
		// keyString16), the slot's first field, where the machine is
		// little-endian: its books are read there, not looked up again
		// (a third of the time Sorted took, for a run's 90,000 words).
		switch p, l := unsafe.Pointer(unsafe.StringData(r.Word)), len(r.Word); {
		case littleEndian && l <= 8:
			books[k] = int64((*totalSlot8)(p).books)
		case littleEndian && l <= 16:
			books[k] = int64((*totalSlot16)(p).books)
		default:
			books[k] = t.Books(unsafe.Slice((*byte)(p), l))
		}
	}
	return rows, books
}

// Books returns in how many books tok is.
func (t *Totals) Books(tok []byte) int64 {
	switch l := len(tok); {
	case l == 0:
		return 0
	case l <= 8:
		w := load8(tok, 0)
		o, i := t.short.at(hash8(w, uint32(l)))
		mask := uint64(len(o.slots) - 1)
		for ; o.slots[i].len != 0; i = (i + 1) & mask {
			if s := &o.slots[i]; s.key == w && s.len == uint32(l) {
				return int64(s.books)
			}
		}
	case l <= 16:
		k := [2]uint64{load8(tok, 0), load8(tok, 8)}
		o, i := t.mid.at(hash16(k, uint32(l)))
		mask := uint64(len(o.slots) - 1)
		for ; o.slots[i].len != 0; i = (i + 1) & mask {
			if s := &o.slots[i]; s.key == k && s.len == uint32(l) {
				return int64(s.books)
			}
		}
	default:
		if s, ok := t.findLong(tok, hashLong(tok)); ok {
			return int64(s.books)
		}
	}
	return 0
}
