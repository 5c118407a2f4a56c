package count

import (
	"encoding/binary"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unsafe"
)

// TopRows returns the head of rows, sorted by count descending (as
// Table.Sorted gives them): those with at least min occurrences, at most
// top of them (0: no limit).
func TopRows(rows []Row, top int, min int64) []Row {
	if min > 0 {
		n := 0
		for n < len(rows) && rows[n].Count >= min {
			n++
		}
		rows = rows[:n]
	}
	if top > 0 && len(rows) > top {
		rows = rows[:top]
	}
	return rows
}

// SortRows sorts rows by count descending, then by word ascending. A
// large table is cut in two around the median of a sample and each half
// sorted on its own core (in place: no memory beyond the rows).
func SortRows(rows []Row) {
	sortRows(rows, runtime.GOMAXPROCS(0))
}

func compareRows(a, b Row) int {
	if a.Count != b.Count {
		if a.Count > b.Count {
			return -1
		}
		return 1
	}
	return strings.Compare(a.Word, b.Word)
}

func sortRows(rows []Row, par int) {
	if len(rows) <= radixMax {
		sortRadix(rows)
		return
	}
	if par < 2 {
		sortKeyed(rows)
		return
	}
	var sample [63]Row
	for k := range sample {
		sample[k] = rows[(len(rows)-1)*k/(len(sample)-1)]
	}
	slices.SortFunc(sample[:], compareRows)
	pivot := sample[len(sample)/2]
	// rows[:i] sort before pivot, rows[j:] do not.
	i, j := 0, len(rows)
	for {
		for i < j && compareRows(rows[i], pivot) < 0 {
			i++
		}
		for i < j && compareRows(rows[j-1], pivot) >= 0 {
			j--
		}
		if i >= j {
			break
		}
		rows[i], rows[j-1] = rows[j-1], rows[i]
	}
	var wg sync.WaitGroup
	wg.Go(func() { sortRows(rows[:i], par/2) })
	sortRows(rows[i:], par-par/2)
	wg.Wait()
}

// rowKey is what sortKeyed compares of a row: its count and the first
// eight bytes of its word as integers, and its index, in one array
// without pointers (the garbage collector's write barriers stay out of
// the sort), so that most comparisons touch neither the word's bytes
// (each a cache miss in a large table) nor a call to compare them.
type rowKey struct {
	count  uint64 // the row's count, its order reversed: smaller sorts first
	prefix uint64 // prefix8 of the word
	i      int    // the row's index
}

// keyedMax is the most rows sortKeyed sorts through keys (24 bytes each);
// more are sorted in place, in no memory beyond themselves.
const keyedMax = 1 << 20

// sortKeyed sorts rows as compareRows orders them: their keys, by the
// words where the keys are equal, then the rows into that order in place.
func sortKeyed(rows []Row) {
	if len(rows) < 64 || len(rows) > keyedMax {
		slices.SortFunc(rows, compareRows)
		return
	}
	keys := make([]rowKey, len(rows))
	for i, r := range rows {
		keys[i] = rowKey{^(uint64(r.Count) ^ 1<<63), prefix8(r.Word), i}
	}
	sortKeys(keys, rows, 2*bits.Len(uint(len(keys))))
	// Row j of the result is rows[keys[j].i]: follow each cycle of that
	// permutation, marking the places done.
	for s := range keys {
		if keys[s].i == s {
			continue
		}
		first, j := rows[s], s
		for {
			k := keys[j].i
			keys[j].i = j
			if k == s {
				rows[j] = first
				break
			}
			rows[j] = rows[k]
			j = k
		}
	}
}

// keyLess reports whether the row of key a sorts before that of b.
func keyLess(a, b *rowKey, rows []Row) bool {
	if a.count != b.count {
		return a.count < b.count
	}
	if a.prefix != b.prefix {
		return a.prefix < b.prefix
	}
	return rows[a.i].Word < rows[b.i].Word
}

// sortKeys sorts keys by keyLess: a quicksort (Hoare's partition around
// the median of three) whose comparisons are inlined, unlike those of
// slices.SortFunc, which takes over past depth levels (pattern-defeating
// quicksort: no quadratic case) and sorts the short runs by insertion.
func sortKeys(k []rowKey, rows []Row, depth int) {
	for len(k) > 16 {
		if depth == 0 {
			slices.SortFunc(k, func(a, b rowKey) int {
				switch {
				case keyLess(&a, &b, rows):
					return -1
				case keyLess(&b, &a, rows):
					return 1
				}
				return 0
			})
			return
		}
		depth--
		lo, mid, hi := 0, (len(k)-1)/2, len(k)-1
		if keyLess(&k[mid], &k[lo], rows) {
			k[mid], k[lo] = k[lo], k[mid]
		}
		if keyLess(&k[hi], &k[mid], rows) {
			k[hi], k[mid] = k[mid], k[hi]
			if keyLess(&k[mid], &k[lo], rows) {
				k[mid], k[lo] = k[lo], k[mid]
			}
		}
		pivot := k[mid]
		i, j := -1, len(k)
		for {
			for i++; keyLess(&k[i], &pivot, rows); i++ {
			}
			for j--; keyLess(&pivot, &k[j], rows); j-- {
			}
			if i >= j {
				break
			}
			k[i], k[j] = k[j], k[i]
		}
		// k[:j+1] sort before or with the pivot, k[j+1:] with or after
		// it: recurse into the shorter, loop on the longer.
		if j+1 < len(k)-j-1 {
			sortKeys(k[:j+1], rows, depth)
			k = k[j+1:]
		} else {
			sortKeys(k[j+1:], rows, depth)
			k = k[:j+1]
		}
	}
	for i := 1; i < len(k); i++ {
		for j := i; j > 0 && keyLess(&k[j], &k[j-1], rows); j-- {
			k[j], k[j-1] = k[j-1], k[j]
		}
	}
}

// prefix8 is the first eight bytes of s as a big-endian integer, padded
// with zero bytes: of two strings whose prefixes differ, the one with the
// smaller prefix sorts first (one that ends early has zero bytes where
// the other has its next bytes, and if those are zero bytes too the
// prefixes are equal).
func prefix8(s string) uint64 {
	n := len(s)
	if n == 0 {
		return 0
	}
	b := unsafe.Slice(unsafe.StringData(s), n)
	switch {
	case n >= 8:
		return binary.BigEndian.Uint64(b)
	case n >= 4:
		// The first four bytes and the last four, which overlap.
		return uint64(binary.BigEndian.Uint32(b))<<32 | uint64(binary.BigEndian.Uint32(b[n-4:]))<<(8*(8-n))
	}
	return uint64(b[0])<<56 | uint64(b[n/2])<<(56-8*(n/2)) | uint64(b[n-1])<<(56-8*(n-1))
}

// The rows of one book's table (a few thousand, most with small counts)
// are sorted by radix: their counts and the first eight bytes of their
// words are keys of 72 bits, sorted 12 bits at a time (six passes)
// without a comparison (a quicksort's comparisons of such keys are a
// guess the processor gets wrong half the time).
const (
	radixMin    = 256     // fewer rows are sorted by comparisons
	radixMax    = 1 << 16 // more are sorted by sortKeyed (in less memory)
	radixCounts = 255     // rows of higher counts (few) are sorted by sortKeys
)

// radixKey is what sortRadix sorts of a row whose count is 1 to
// radixCounts.
type radixKey struct {
	prefix uint64 // prefix8 of the word
	i      uint32 // the row's index
	// count's low byte is radixCounts - the row's count (smaller sorts
	// first); the bytes above it may hold the length of the word and its
	// ninth and tenth bytes (see sortedRadix), which the sort ignores.
	count uint32
}

// The sort key is the count's byte above the prefix's 64 bits, in
// radixDigits digits of radixBits bits: 0 to 4 the prefix's, from the
// last, 5 its top 4 bits and the count.
const (
	radixBits   = 12
	radixDigits = 6
	radixValues = 1 << radixBits
)

// digit is digit d of k's sort key.
func (k *radixKey) digit(d int) uint32 {
	if d == radixDigits-1 {
		return uint32(k.prefix>>60) | uint32(byte(k.count))<<4
	}
	return uint32(k.prefix>>(radixBits*d)) & (radixValues - 1)
}

// radixScratch is the memory of one sortRadix, kept for the next.
type radixScratch struct {
	a, b  []radixKey
	other []rowKey
	perm  []uint32
	hist  radixHist
}

var radixScratches sync.Pool

// takeRadixScratch takes a scratch from radixScratches (or makes one)
// for n keys.
func takeRadixScratch(n int) *radixScratch {
	s, _ := radixScratches.Get().(*radixScratch)
	if s == nil {
		s = new(radixScratch)
	}
	if cap(s.a) < n {
		s.a, s.b, s.perm = make([]radixKey, n), make([]radixKey, n), make([]uint32, n)
	}
	return s
}

// radixHist counts the keys of each value of each digit.
type radixHist [radixDigits][radixValues]uint32

// count counts the digits of keys (in an emptied h).
func (h *radixHist) count(keys []radixKey) {
	*h = radixHist{}
	const m = radixValues - 1
	for _, k := range keys {
		p := k.prefix
		h[0][p&m]++
		h[1][p>>12&m]++
		h[2][p>>24&m]++
		h[3][p>>36&m]++
		h[4][p>>48&m]++
		h[5][uint32(p>>60)|uint32(byte(k.count))<<4]++
	}
}

// sortRadix sorts rows (at most radixMax of them) as compareRows orders
// them: the rows of counts 1 to radixCounts by an LSD radix sort of their
// keys (the words sharing a prefix then by their words), the others by
// sortKeys, then the rows into that order in place.
func sortRadix(rows []Row) {
	n := len(rows)
	if n < radixMin {
		slices.SortFunc(rows, compareRows)
		return
	}
	s := takeRadixScratch(n)
	defer radixScratches.Put(s)
	keys, other := s.a[:0], s.other[:0]
	for i, r := range rows {
		if uint64(r.Count-1) >= radixCounts {
			other = append(other, rowKey{^(uint64(r.Count) ^ 1<<63), prefix8(r.Word), i})
			continue
		}
		p, c := prefix8(r.Word), uint32(radixCounts-r.Count)
		keys = append(keys, radixKey{p, uint32(i), c})
	}
	s.other = other
	s.hist.count(keys)
	src := radixPasses(s, keys)
	sortTies(src, func(i uint32) string { return rows[i].Word })
	sortKeys(other, rows, 2*bits.Len(uint(len(other))))
	// Higher counts first, then the keys', then counts of 0 or less.
	high := 0
	for high < len(other) && rows[other[high].i].Count > radixCounts {
		high++
	}
	perm := s.perm[:0]
	for _, k := range other[:high] {
		perm = append(perm, uint32(k.i))
	}
	for _, k := range src {
		perm = append(perm, k.i)
	}
	for _, k := range other[high:] {
		perm = append(perm, uint32(k.i))
	}
	permute(rows, perm)
}

// A radix key of sortedRadix names its slot: its kind in the top two
// bits, then its index.
const (
	midKey, longKey = 1, 2
	kindShift       = 30
)

// sortedRadix is Sorted for the table of one book (no kind split into
// parts, no spill, radixMin to radixMax keys) on a little-endian machine:
// the radix keys are made from the slots' own keys (a key of up to eight
// bytes, its bytes reversed, is its word's prefix8; a longer key's first
// eight bytes are its prefix), not from rows of strings read back; each
// row is written once, in its place, from the sorted keys, not moved
// there along the cycles of a permutation (a chain of loads, each waiting
// for the one before); and the rows take the memory of the last Sorted's
// once reset freed it.
func (t *Table) sortedRadix(n int) []Row {
	s := takeRadixScratch(n + 1)
	defer radixScratches.Put(s)
	short, mid, long := t.short.p[0].slots, t.mid.p[0].slots, t.long.p[0].slots
	keys := s.a[:n+1]
	var j int
	if t.usedOK {
		j = usedShortKeys(keys, short, t.used[0])
		j += usedMidKeys(keys[j:], mid, t.used[1])
	} else {
		j = shortKeys(keys, short)
		j += midKeys(keys[j:], mid)
	}
	keys = keys[:j]
	for k := range long {
		sl := &long[k]
		if sl.count == 0 {
			continue
		}
		key := t.arena.key(sl.ref)
		w := unsafe.String(unsafe.SliceData(key), len(key))
		keys = append(keys, radixKey{prefix8(w), longKey<<kindShift | uint32(k), radixCounts - min(sl.count, radixCounts) | uint32(w[8])<<24 | uint32(w[9])<<16})
	}
	s.hist.count(keys)
	src := radixPasses(s, keys)
	rows := t.bookRows(n)[:len(src)]
	// The keys of counts of radixCounts or more (few) come first, their
	// counts' byte 0: their rows, with the counts of their slots, are
	// sorted as rows.
	high := 0
	for high < len(src) && byte(src[high].count) == 0 {
		k := &src[high]
		j := k.i & (1<<kindShift - 1)
		switch k.i >> kindShift {
		case 0:
			rows[high] = Row{unsafe.String((*byte)(unsafe.Pointer(&short[j].key)), byte(k.count>>8)), int64(short[j].count)}
		case midKey:
			rows[high] = Row{unsafe.String((*byte)(unsafe.Pointer(&mid[j].key)), byte(k.count>>8)), int64(mid[j].count)}
		default:
			key := t.arena.key(long[j].ref)
			rows[high] = Row{unsafe.String(unsafe.SliceData(key), len(key)), int64(long[j].count)}
		}
		high++
	}
	sortRows(rows[:high], 1)
	// A long key's word is found in the arena; the others' from their
	// slots' places: the key holds the length, and the slot is not loaded
	// (a miss of the processor's cache).
	at := [2]unsafe.Pointer{unsafe.Pointer(unsafe.SliceData(short)), unsafe.Pointer(unsafe.SliceData(mid))}
	longWord := func(j uint32) string {
		key := t.arena.key(long[j].ref)
		return unsafe.String(unsafe.SliceData(key), len(key))
	}
	keyRows(rows[high:], src[high:], &at, longWord)
	t.rows, t.rowsFree = rows, false
	return rows
}

// keyRows writes the row of each key of src (sorted, none of count
// radixCounts or more) to rows, and sorts each run of rows of the same
// count and first eight bytes by their words (sortTail). A short or middle key's
// word is at at[kind] + its index times the size of its kind's slots; a
// long one's is longWord(its index). (A function of its own, not
// inlined, so that its few variables stay in registers.)
//
//go:noinline
func keyRows(rows []Row, src []radixKey, at *[2]unsafe.Pointer, longWord func(j uint32) string) {
	size := [2]uintptr{unsafe.Sizeof(slot8{}), unsafe.Sizeof(slot16{})}
	run := 0
	for x := range src {
		k := &src[x]
		if x > 0 && (k.prefix != src[x-1].prefix || byte(k.count) != byte(src[x-1].count)) {
			if x-run > 1 {
				sortTail(rows[run:x], src[run:x])
			}
			run = x
		}
		kind, j := k.i>>kindShift, k.i&(1<<kindShift-1)
		var w string
		if kind < longKey {
			w = unsafe.String((*byte)(unsafe.Add(at[kind], uintptr(j)*size[kind])), byte(k.count>>8))
		} else {
			w = longWord(j)
		}
		rows[x] = Row{w, int64(radixCounts - byte(k.count))}
	}
	if len(src)-run > 1 {
		sortTail(rows[run:], src[run:])
	}
}

// shortKeys writes the radix key of each taken slot of slots to keys,
// from keys[0], and returns how many it wrote; keys has room for one
// more. Every slot is written as a key at keys[j], and j moves on past it
// only when the slot is taken: no branch on whether it is, which the
// processor would mispredict at every other slot. (An empty slot's count
// and length are 0.) A count above radixCounts is written as radixCounts.
//
//go:noinline
func shortKeys(keys []radixKey, slots []slot8) int {
	j := 0
	for k := range slots {
		sl := &slots[k]
		keys[j] = shortKey(sl, uint32(k))
		if sl.len != 0 {
			j++
		}
	}
	return j
}

// shortKey is the sort key of short slot sl, of index k.
func shortKey(sl *slot8, k uint32) radixKey {
	return radixKey{bits.ReverseBytes64(sl.key), k, radixCounts - min(sl.count, radixCounts) | sl.len<<8}
}

// midKeyOf is the sort key of middle slot sl, of index k: with the
// word's ninth and tenth bytes (see sortTail).
func midKeyOf(sl *slot16, k uint32) radixKey {
	return radixKey{bits.ReverseBytes64(sl.key[0]), midKey<<kindShift | k, radixCounts - min(sl.count, radixCounts) | sl.len<<8 | uint32(bits.ReverseBytes16(uint16(sl.key[1])))<<16}
}

// usedShortKeys is shortKeys of the slots used (Table.used), rather than
// every slot.
//
//go:noinline
func usedShortKeys(keys []radixKey, slots []slot8, used []uint32) int {
	keys = keys[:len(used)]
	for x, k := range used {
		keys[x] = shortKey(&slots[k], k)
	}
	return len(used)
}

// usedMidKeys is midKeys of the slots used.
//
//go:noinline
func usedMidKeys(keys []radixKey, slots []slot16, used []uint32) int {
	keys = keys[:len(used)]
	for x, k := range used {
		keys[x] = midKeyOf(&slots[k], k)
	}
	return len(used)
}

// midKeys is shortKeys for the slots of keys of 9 to 16 bytes.
//
//go:noinline
func midKeys(keys []radixKey, slots []slot16) int {
	j := 0
	for k := range slots {
		sl := &slots[k]
		keys[j] = midKeyOf(sl, uint32(k))
		if sl.len != 0 {
			j++
		}
	}
	return j
}

// bookRows returns room for n rows: the memory of the rows of the last
// Sorted, once reset freed it (dropping what the rows past n point at),
// or new.
func (t *Table) bookRows(n int) []Row {
	if !t.rowsFree || cap(t.rows) < n {
		return make([]Row, 0, n)
	}
	if len(t.rows) > n {
		clear(t.rows[n:])
	}
	return t.rows[:0]
}

// sortTail sorts rows by word: a run of rows of the same count whose
// words' first eight bytes are the same (most often two or three), keys
// being theirs (moved with them): by the words' ninth and tenth bytes in
// the keys (a word's bytes are a miss of the processor's cache), then the
// words.
func sortTail(rows []Row, keys []radixKey) {
	if len(rows) > 12 {
		slices.SortFunc(rows, func(a, b Row) int { return strings.Compare(a.Word, b.Word) })
		return
	}
	for i := 1; i < len(rows); i++ {
		for j := i; j > 0 && tailLess(&keys[j], &keys[j-1], rows[j].Word, rows[j-1].Word); j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
}

// tailLess reports whether the word a of key ka sorts before b of kb, two
// words whose first eight bytes are the same.
func tailLess(ka, kb *radixKey, a, b string) bool {
	if ta, tb := ka.count>>16, kb.count>>16; ta != tb {
		return ta < tb
	}
	return a < b
}

// radixPasses sorts keys (in s.a) by their prefixes, then their counts,
// s.hist being the counts of each digit of them: least significant digit
// first, each pass stable, so the last (the count's) leaves them in
// order. It returns them sorted, in s.a or s.b.
func radixPasses(s *radixScratch, keys []radixKey) []radixKey {
	src, dst := keys, s.b[:len(keys)]
	for d := range s.hist {
		h := &s.hist[d]
		if len(src) == 0 || int(h[src[0].digit(d)]) == len(src) {
			continue // every key has the same digit here
		}
		// h becomes where the first key of each value goes.
		sum := uint32(0)
		for v, c := range h {
			h[v] = sum
			sum += c
		}
		if d < radixDigits-1 {
			scatterPrefix(dst, src, h, uint(radixBits*d))
		} else {
			scatterTop(dst, src, h)
		}
		src, dst = dst, src
	}
	return src
}

// sortTies sorts the keys whose first eight bytes are the same, with the
// same count, by their words (word(k.i)).
func sortTies(src []radixKey, word func(i uint32) string) {
	for i := 0; i < len(src); {
		j := i + 1
		for j < len(src) && src[j].prefix == src[i].prefix && byte(src[j].count) == byte(src[i].count) {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(src[i:j], func(a, b radixKey) int { return strings.Compare(word(a.i), word(b.i)) })
		}
		i = j
	}
}

// scatterPrefix moves src to dst in the order of the radixBits bits of
// their prefixes from bit sh, stably, at[v] being where the first key of
// value v goes. Two keys a round: the second's place is loaded while the
// first's store is under way (a tenth faster than one at a time; the
// second's load sees the first's increment when their digits are the
// same). (Functions of their own, not inlined, so that their few
// variables stay in registers.)
//
//go:noinline
func scatterPrefix(dst, src []radixKey, at *[radixValues]uint32, sh uint) {
	i := 0
	for ; i+1 < len(src); i += 2 {
		k0, k1 := src[i], src[i+1]
		v0 := (k0.prefix >> (sh & 63)) & (radixValues - 1)
		v1 := (k1.prefix >> (sh & 63)) & (radixValues - 1)
		p0 := at[v0]
		at[v0] = p0 + 1
		dst[p0] = k0
		p1 := at[v1]
		at[v1] = p1 + 1
		dst[p1] = k1
	}
	if i < len(src) {
		k := src[i]
		v := (k.prefix >> (sh & 63)) & (radixValues - 1)
		dst[at[v]] = k
		at[v]++
	}
}

// scatterTop is scatterPrefix by the last digit, the prefix's top 4 bits
// and the count, one key at a time (two a round gained nothing
// measurable in this one pass of six).
//
//go:noinline
func scatterTop(dst, src []radixKey, at *[radixValues]uint32) {
	for _, k := range src {
		v := uint32(k.prefix>>60) | uint32(byte(k.count))<<4
		dst[at[v]] = k
		at[v]++
	}
}

// permute puts rows in the order perm gives (row j of the result is
// rows[perm[j]]), in place: it follows each cycle of the permutation,
// marking the places done in perm.
func permute(rows []Row, perm []uint32) {
	for s := range perm {
		if int(perm[s]) == s {
			continue
		}
		first, j := rows[s], s
		for {
			k := int(perm[j])
			perm[j] = uint32(j)
			if k == s {
				rows[j] = first
				break
			}
			rows[j] = rows[k]
			j = k
		}
	}
}
