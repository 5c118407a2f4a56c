package count

import (
	"bytes"
	"hash/maphash"
	"slices"
)

// Table counts distinct tokens. Keys live in one arena, so counting a token
// that is already present allocates nothing.
type Table struct {
	slots  []slot
	mask   uint64
	arena  []byte
	n      int
	tokens int64
}

type slot struct {
	hash  uint64
	off   int
	len   int
	count int64 // 0 marks an empty slot
}

// seed is shared by every Table of the process so that merging can reuse
// stored hashes.
var seed = maphash.MakeSeed()

// NewTable returns an empty table.
func NewTable() *Table {
	const initial = 1 << 12
	return &Table{slots: make([]slot, initial), mask: initial - 1}
}

// Len returns the number of distinct tokens.
func (t *Table) Len() int { return t.n }

// Tokens returns the number of tokens counted.
func (t *Table) Tokens() int64 { return t.tokens }

// Add counts tok n times. tok is copied when it is new.
func (t *Table) Add(tok []byte, n int64) {
	t.addHash(maphash.Bytes(seed, tok), tok, n)
}

func (t *Table) addHash(h uint64, tok []byte, n int64) {
	t.tokens += n
	i := h & t.mask
	for {
		s := &t.slots[i]
		if s.count == 0 {
			off := len(t.arena)
			t.arena = append(t.arena, tok...)
			*s = slot{hash: h, off: off, len: len(tok), count: n}
			t.n++
			if t.n*2 > len(t.slots) {
				t.grow()
			}
			return
		}
		if s.hash == h && s.len == len(tok) && bytes.Equal(t.arena[s.off:s.off+s.len], tok) {
			s.count += n
			return
		}
		i = (i + 1) & t.mask
	}
}

// Get returns the count of tok.
func (t *Table) Get(tok []byte) int64 {
	h := maphash.Bytes(seed, tok)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.count == 0 {
			return 0
		}
		if s.hash == h && s.len == len(tok) && bytes.Equal(t.arena[s.off:s.off+s.len], tok) {
			return s.count
		}
	}
}

func (t *Table) grow() {
	old := t.slots
	t.slots = make([]slot, 2*len(old))
	t.mask = uint64(len(t.slots) - 1)
	for _, s := range old {
		if s.count == 0 {
			continue
		}
		i := s.hash & t.mask
		for t.slots[i].count != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = s
	}
}

// Merge adds every count of u to t.
func (t *Table) Merge(u *Table) {
	for _, s := range u.slots {
		if s.count != 0 {
			t.addHash(s.hash, u.arena[s.off:s.off+s.len], s.count)
		}
	}
}

// Row is one line of a frequency table.
type Row struct {
	Word  string `json:"word"`
	Count int64  `json:"count"`
}

// Sorted returns the rows by count descending, then by word in ascending
// byte order.
func (t *Table) Sorted() []Row {
	rows := make([]Row, 0, t.n)
	for _, s := range t.slots {
		if s.count != 0 {
			rows = append(rows, Row{string(t.arena[s.off : s.off+s.len]), s.count})
		}
	}
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
