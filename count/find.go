package count

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Phrase is what a searched WORD stands for: the sequence of its tokens,
// each normalised, without those that normalise to nothing. A word without
// white space is a phrase of one token.
type Phrase [][]byte

// ParsePhrase splits word at white space and normalises each token as o
// says, leaving out the tokens that normalise to nothing, as they are left
// out of the text. An empty Phrase means there is nothing to look for.
func ParsePhrase(word string, o Options) Phrase {
	var p Phrase
	Fields([]byte(word), func(tok []byte) {
		if n := o.Normalize(nil, tok); len(n) > 0 {
			p = append(p, n)
		}
	})
	return p
}

// String returns the tokens of p joined by one space.
func (p Phrase) String() string { return string(bytes.Join(p, []byte(" "))) }

// Match is an occurrence of a phrase in a text.
type Match struct {
	Phrase int   // which of the Finder's phrases
	Index  int64 // how many tokens come before its first one; -1 unless Finder.Index
	Start  int64 // byte offset of its first token in the text
	End    int64 // byte offset just after its last token
	// With Finder.Width > 0: the text of the match (white space shown as
	// one space), and up to Width characters of context on each side,
	// white space likewise.
	Left, Text, Right string
}

// Finder finds the occurrences of phrases in a text, in one pass that
// holds no more of the text than a block and the context around it: a
// phrase occurs where consecutive tokens of the text, normalised and
// without those that normalise to nothing, equal its tokens. Occurrences
// may overlap ("ha ha" occurs three times in "ha ha ha ha"). They are
// reported in the order in which they end, so in text order for one
// phrase.
type Finder struct {
	Phrases []Phrase
	// Options normalise the text's tokens (the phrases are normalised
	// already); ChunkSize is the size of the blocks looked at (default 1
	// MiB). When the phrases are single words, a text in memory is
	// searched on Workers cores (default GOMAXPROCS), block by block,
	// and its matches still reported in text order.
	Options Options
	// Index counts every token, to give each match its Index and the
	// text's number of tokens. Single words are still found by their
	// bytes, the tokens between matches counted 8 bytes at a time, but
	// with StripPunct every token is looked at (a token of punctuation
	// alone is none).
	Index bool
	// Width, when above 0, fills Match.Left, Text and Right.
	Width int
}

// contextSlack is how far beyond 4·Width bytes (Width characters of four
// bytes) a context reaches to find characters across white space: a run
// of white space longer than this ends the context.
const contextSlack = 64 << 10

const defaultFindBlock = 1 << 20

// Bytes finds the phrases in text and calls fn with each occurrence; an
// error from fn stops the search and is returned. It returns the number of
// tokens of the text when f.Index is set.
func (f *Finder) Bytes(text []byte, fn func(Match) error) (tokens int64, err error) {
	e := f.engine(fn)
	e.win = window{buf: text, eof: true}
	if nw := f.workers(); e.err == nil && e.fast() && nw > 1 && len(text) > 2*e.parallelSize() {
		return e.parallel(nw)
	}
	return e.run()
}

// Reader is Bytes for a text read from r, block by block.
func (f *Finder) Reader(r io.Reader, fn func(Match) error) (tokens int64, err error) {
	e := f.engine(fn)
	e.win = window{r: r}
	return e.run()
}

// Phrases counts the occurrences of each of phrases in r (see Finder).
func Phrases(r io.Reader, phrases []Phrase, o Options) ([]int64, error) {
	n := make([]int64, len(phrases))
	f := &Finder{Phrases: phrases, Options: o}
	_, err := f.Reader(r, func(m Match) error { n[m.Phrase]++; return nil })
	return n, err
}

// PhrasesBytes is Phrases for a text held in memory.
func PhrasesBytes(text []byte, phrases []Phrase, o Options) []int64 {
	n := make([]int64, len(phrases))
	f := &Finder{Phrases: phrases, Options: o}
	f.Bytes(text, func(m Match) error { n[m.Phrase]++; return nil })
	return n
}

// errEmptyPhrase is a Finder given a phrase with no token.
var errEmptyPhrase = errors.New("count: a phrase has no token to look for")

// window holds the part of a text that a search still needs: text[base :
// base+len(buf)]. For a text in memory it is the whole text.
type window struct {
	r    io.Reader
	buf  []byte
	base int64
	eof  bool
}

func (w *window) end() int64 { return w.base + int64(len(w.buf)) }

// want makes the window hold the text up to offset hi, or to its end,
// keeping it from offset lo (at most the current end) on.
func (w *window) want(lo, hi int64) error {
	if w.eof || w.end() >= hi {
		return nil
	}
	if d := int(lo - w.base); d > 0 {
		n := copy(w.buf, w.buf[d:])
		w.buf = w.buf[:n]
		w.base = lo
	}
	need := int(hi - w.base)
	if cap(w.buf) < need {
		nb := make([]byte, len(w.buf), max(need, 2*cap(w.buf)))
		copy(nb, w.buf)
		w.buf = nb
	}
	for len(w.buf) < need {
		n, err := w.r.Read(w.buf[len(w.buf):cap(w.buf)])
		w.buf = w.buf[:len(w.buf)+n]
		if err == io.EOF {
			w.eof = true
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// at returns the window's bytes from offset lo to hi.
func (w *window) at(lo, hi int64) []byte { return w.buf[lo-w.base : hi-w.base] }

type ringTok struct {
	id         int32
	start, end int64
	index      int64
}

type fastMatch struct {
	s, e   int // in the block
	phrase int
}

type engine struct {
	f     *Finder
	o     Options
	fn    func(Match) error
	win   window
	block int
	ctx   int64 // bytes a context may span: 4·Width + contextSlack

	words   [][]byte // the phrases' only tokens, when every phrase has one
	search  []wordSearch
	dict    map[string]int32
	maxLen  int
	pats    [][]int32
	byLast  [][]int // by token id: the phrases that end with it
	ring    []ringTok
	rn, rh  int // tokens in the ring, and where the next goes
	index   int64
	scratch []byte
	lower   []byte
	found   []fastMatch
	err     error
}

func (f *Finder) engine(fn func(Match) error) *engine {
	e := &engine{f: f, o: f.Options, fn: fn, block: f.Options.ChunkSize, dict: map[string]int32{}}
	if e.block <= 0 {
		e.block = defaultFindBlock
	}
	if f.Width > 0 {
		e.ctx = 4*int64(f.Width) + contextSlack
	}
	k, single := 1, true
	for _, p := range f.Phrases {
		if len(p) == 0 {
			e.err = errEmptyPhrase
			return e
		}
		ids := make([]int32, len(p))
		for i, tok := range p {
			id, ok := e.dict[string(tok)]
			if !ok {
				id = int32(len(e.dict))
				e.dict[string(tok)] = id
				e.byLast = append(e.byLast, nil)
				e.maxLen = max(e.maxLen, len(tok))
			}
			ids[i] = id
		}
		e.pats = append(e.pats, ids)
		e.byLast[ids[len(ids)-1]] = append(e.byLast[ids[len(ids)-1]], len(e.pats)-1)
		k = max(k, len(p))
		single = single && len(p) == 1
	}
	e.ring = make([]ringTok, k)
	if single {
		for _, p := range f.Phrases {
			e.words = append(e.words, p[0])
			e.search = append(e.search, newWordSearch(p[0]))
		}
	}
	return e
}

// run is the search's one pass: blocks cut after white space, each looked
// at by searching for the words' bytes (fast) or token by token.
func (e *engine) run() (int64, error) {
	if e.err != nil {
		return 0, e.err
	}
	if len(e.pats) == 0 && !e.f.Index {
		return 0, nil
	}
	fast := e.fast()
	pos := int64(0)
	for {
		if stopped(e.o.Done) {
			return e.index, ErrStopped
		}
		keep := pos
		if e.rn > 0 {
			keep = e.ring[(e.rh-e.rn+len(e.ring))%len(e.ring)].start
		}
		keep = max(0, keep-e.ctx)
		// Cut the block after its last ASCII white space; a token longer
		// than a block makes it longer. The window holds e.ctx bytes
		// after the cut for the right contexts.
		var cut int64
		from, hi := pos, pos+int64(e.block)
		for {
			if err := e.win.want(keep, hi+e.ctx); err != nil {
				return e.index, err
			}
			end := e.win.end()
			lim := min(hi, end)
			if e.win.eof && lim == end {
				cut = end
				break
			}
			if c := asciiCut(e.win.at(from, lim)); c > 0 {
				cut = from + int64(c)
				break
			}
			if lim-pos >= MaxToken {
				// The token at pos is too long to be a word (see
				// MaxToken): skip it, reading on without holding it.
				end, err := e.skipLong(lim)
				if err != nil {
					return e.index, err
				}
				e.rn = 0 // no phrase spans it
				cut = -1
				pos = end
				break
			}
			from, hi = lim, hi+int64(e.block)
		}
		if cut < 0 {
			continue
		}
		if cut == pos {
			return e.index, nil
		}
		var err error
		if fast {
			err = e.fastBlock(pos, cut)
		} else {
			err = e.slowBlock(pos, cut)
		}
		if err != nil {
			return e.index, err
		}
		pos = cut
	}
}

// skipLong skips the rest of a token too long to be a word, from offset
// x to its first ASCII white space (or the text's end), which it returns.
// The window keeps only the bytes a context may reach back over.
func (e *engine) skipLong(x int64) (int64, error) {
	for {
		if err := e.win.want(max(0, x-e.ctx), x+int64(e.block)); err != nil {
			return x, err
		}
		end := e.win.end()
		for i, c := range e.win.at(x, end) {
			if class[c] == clSpace {
				return x + int64(i), nil
			}
		}
		if e.win.eof {
			return end, nil
		}
		x = end
	}
}

// fast reports whether blocks are searched for the words' bytes: when
// every phrase is a single word and, with -p, no token count is asked
// for (a token of punctuation alone is none, which a byte search cannot
// tell).
func (e *engine) fast() bool { return e.words != nil && !(e.o.StripPunct && e.f.Index) }

// nextCut returns where the block of a text in memory that starts at pos
// ends: after the last ASCII white space within size bytes, or after the
// first one beyond them (a long token), or at the end.
func nextCut(text []byte, pos, size int) int {
	if len(text)-pos <= size {
		return len(text)
	}
	if c := asciiCut(text[pos : pos+size]); c > 0 {
		return pos + c
	}
	for i := pos + size; i < len(text); i++ {
		if class[text[i]] == clSpace {
			return i + 1
		}
	}
	return len(text)
}

// parallelBlock is the size of the blocks searched on several cores.
const parallelBlock = 256 << 10

func (e *engine) parallelSize() int {
	if e.f.Options.ChunkSize > 0 {
		return e.f.Options.ChunkSize
	}
	return parallelBlock
}

func (f *Finder) workers() int {
	if f.Options.Workers > 0 {
		return f.Options.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// parallel is run's fast search on nw cores, for a text in memory: blocks
// are searched by workers, each into a list of matches with indices from
// the block's start, and the lists are reported in order, the indices
// moved by the tokens of the blocks before. At most 2·nw blocks are in
// flight, so memory is bounded by the matches of a few blocks.
func (e *engine) parallel(nw int) (_ int64, err error) {
	type job struct{ seq, lo, hi int }
	type result struct {
		seq    int
		ms     []Match
		tokens int64
	}
	text, size := e.win.buf, e.parallelSize()
	jobs := make(chan job)
	results := make(chan result, nw)
	slots := make(chan struct{}, 2*nw) // blocks in flight
	done := make(chan struct{})
	var stop atomic.Bool // Options.Done was closed: no more blocks were sent
	var wg sync.WaitGroup
	var fs faults
	for range nw {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fs.start()
			w := &engine{f: e.f, o: e.o, win: e.win, ctx: e.ctx, words: e.words, search: e.search, dict: e.dict,
				maxLen: e.maxLen, pats: e.pats, byLast: e.byLast, ring: make([]ringTok, len(e.ring))}
			var ms []Match
			w.fn = func(m Match) error { ms = append(ms, m); return nil }
			for j := range jobs {
				ms, w.index, w.rn = nil, 0, 0
				fs.guard(func() { w.fastBlock(int64(j.lo), int64(j.hi)) })
				select {
				case results <- result{j.seq, ms, w.index}:
				case <-done:
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for pos, seq := 0, 0; pos < len(text); seq++ {
			select {
			case slots <- struct{}{}:
			case <-done:
				return
			}
			if stopped(e.o.Done) {
				stop.Store(true)
				return
			}
			cut := nextCut(text, pos, size)
			if cut-pos > size {
				if end := tokenEnd(text[:cut], pos); end-pos >= MaxToken {
					// A token too long to be a word (see MaxToken): no block.
					<-slots
					seq--
					pos = end
					continue
				}
			}
			select {
			case jobs <- job{seq, pos, cut}:
			case <-done:
				return
			}
			pos = cut
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	defer func() {
		if err == nil && stop.Load() {
			err = ErrStopped
		}
	}()
	pending := map[int]result{}
	next, total := 0, int64(0)
	for r := range results {
		pending[r.seq] = r
		for {
			b, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			for _, m := range b.ms {
				if err != nil {
					break
				}
				if m.Index >= 0 {
					m.Index += total
				}
				if err = e.fn(m); err != nil {
					close(done)
				}
			}
			total += b.tokens
			if err == nil {
				<-slots
			}
		}
	}
	fs.rethrow() // results is closed: every worker is done
	return total, err
}

// slowBlock looks at every token of the block from pos to cut.
func (e *engine) slowBlock(pos, cut int64) error {
	b := e.win.at(pos, cut)
	return eachToken(b, func(s, i int) error {
		return e.token(b[s:i], pos+int64(s), pos+int64(i))
	})
}

// token takes the next token of the text, from start to end.
func (e *engine) token(tok []byte, start, end int64) error {
	norm := tok
	if e.o.IgnoreCase || e.o.StripPunct {
		e.scratch = e.o.Normalize(e.scratch, tok)
		norm = e.scratch
		if len(norm) == 0 {
			return nil // dropped: not a token
		}
	}
	index := e.index
	e.index++
	id := int32(-1)
	if len(norm) <= e.maxLen {
		if v, ok := e.dict[string(norm)]; ok {
			id = v
		}
	}
	if id < 0 {
		e.rn = 0 // no phrase spans this token
		return nil
	}
	e.ring[e.rh] = ringTok{id: id, start: start, end: end, index: index}
	e.rh = (e.rh + 1) % len(e.ring)
	e.rn = min(e.rn+1, len(e.ring))
	for _, p := range e.byLast[id] {
		pat := e.pats[p]
		if len(pat) > e.rn {
			continue
		}
		ok := true
		for j := 2; j <= len(pat) && ok; j++ {
			ok = e.ring[(e.rh-j+len(e.ring))%len(e.ring)].id == pat[len(pat)-j]
		}
		if !ok {
			continue
		}
		first := e.ring[(e.rh-len(pat)+len(e.ring))%len(e.ring)]
		m := Match{Phrase: p, Index: -1, Start: first.start, End: end}
		if e.f.Index {
			m.Index = first.index
		}
		if err := e.emit(m); err != nil {
			return err
		}
	}
	return nil
}

// fastBlock searches the block from pos to cut for the words' bytes and
// checks the token boundaries (and with -p the punctuation) around each.
// With -i it searches the block's ASCII lower case; a block that is not
// all ASCII is looked at token by token.
func (e *engine) fastBlock(pos, cut int64) error {
	raw := e.win.at(pos, cut)
	text := raw
	if e.o.IgnoreCase {
		if cap(e.lower) < len(raw) {
			e.lower = make([]byte, len(raw))
		}
		text = e.lower[:len(raw)]
		if !lowerASCIIBlock(text, raw) {
			return e.slowBlock(pos, cut)
		}
	}
	e.found = e.found[:0]
	for p, w := range e.words {
		for i := 0; i+len(w) <= len(text); {
			j := e.search[p].index(text[i:])
			if j < 0 {
				break
			}
			s, t := i+j, i+j+len(w)
			if e.o.StripPunct {
				s, t = punctBefore(text, s), punctAfter(text, t)
			}
			if spaceBefore(text[:s]) && (t == len(text) || spaceAfter(text[t:])) {
				e.found = append(e.found, fastMatch{s, t, p})
				i = t
				continue
			}
			i += j + 1
		}
	}
	if len(e.words) > 1 {
		slices.SortStableFunc(e.found, func(a, b fastMatch) int { return cmp.Compare(a.s, b.s) })
	}
	counted, prevSpace := 0, true // the block starts after white space
	index := int64(-1)
	for k, m := range e.found {
		if e.f.Index && (k == 0 || m.s != e.found[k-1].s) {
			e.index += countTokens(raw[counted:m.s], prevSpace)
			index = e.index
			e.index++
			counted, prevSpace = m.e, false
		}
		if err := e.emit(Match{Phrase: m.phrase, Index: index, Start: pos + int64(m.s), End: pos + int64(m.e)}); err != nil {
			return err
		}
	}
	if e.f.Index {
		e.index += countTokens(raw[counted:], prevSpace)
	}
	return nil
}

func (e *engine) emit(m Match) error {
	if e.f.Width > 0 {
		e.context(&m)
	}
	return e.fn(m)
}

// context fills m's Left, Text and Right from the window. A character is
// a grapheme cluster (what a reader sees as one: e with its accent
// written as two code points is one), so that a context never starts with
// a lone combining mark nor ends before one; a run of white space counts
// as one character, shown as one space.
func (e *engine) context(m *Match) {
	w := e.f.Width
	lo := max(e.win.base, m.Start-e.ctx)
	hi := min(e.win.end(), m.End+e.ctx)
	m.Text = string(appendCollapsed(nil, e.win.at(m.Start, m.End)))

	// Left: the w characters before the white space before the match.
	left := e.win.at(lo, m.Start)
	last := len(left)
	for last > 0 {
		sp, size := lastRuneSpace(left[:last])
		if !sp {
			break
		}
		last -= size
	}
	m.Left = string(bytes.TrimLeft(lastChars(left[:last], w), " "))

	// Right: the same forwards, after the white space after the match.
	right := e.win.at(m.End, hi)
	first := 0
	for first < len(right) {
		sp, size := spaceAt(right[first:])
		if !sp {
			break
		}
		first += size
	}
	m.Right = string(bytes.TrimRight(appendCollapsed(nil, right[first:firstChars(right[first:], w)+first]), " "))
}

// runesBack returns where the last n runes of b start, a run of white
// space counting as one rune.
func runesBack(b []byte, n int) int {
	i := len(b)
	for k := 0; i > 0 && k < n; k++ {
		sp, size := lastRuneSpace(b[:i])
		i -= size
		for sp && i > 0 {
			if sp, size = lastRuneSpace(b[:i]); sp {
				i -= size
			}
		}
	}
	return i
}

// lastChars returns the last n characters of b (grapheme clusters, a run
// of white space as one), with white space shown as one space.
func lastChars(b []byte, n int) []byte {
	if n <= 0 {
		return nil
	}
	// Where every rune is a character of its own (ASCII, Latin letters
	// and punctuation: the common case), n runes back is the start of
	// the n characters when the rune before is one too.
	if i := runesBack(b, n); i == 0 || plainRunes(b[i-lastRuneSize(b[:i]):]) {
		return appendCollapsed(nil, b[i:])
	}
	// Walk back ever more runes until they make more than n clusters (or
	// b starts), then keep the last n: the first cluster, which may be
	// cut, is the one left out.
	for k := n + 1; ; k *= 2 {
		i := runesBack(b, k)
		s := appendCollapsed(nil, b[i:])
		var ends []int
		state := -1
		for rest, pos := s, 0; len(rest) > 0; {
			var c []byte
			c, rest, _, state = uniseg.FirstGraphemeCluster(rest, state)
			pos += len(c)
			ends = append(ends, pos)
		}
		if len(ends) > n {
			return s[ends[len(ends)-n-1]:]
		}
		if i == 0 {
			return s
		}
	}
}

// plainRunes reports whether every rune of b is a character of its own
// whatever its neighbours: below U+0300 (ASCII, Latin-1, Latin Extended,
// IPA: no combining marks, and CR LF is white space anyway), or the dashes,
// quotes and other punctuation of U+2010-U+2027 and U+2030-U+205E. Bytes
// that are not UTF-8 are characters of their own too.
func plainRunes(b []byte) bool {
	for len(b) > 0 {
		k := FirstHigh(b)
		if k == len(b) {
			return true
		}
		r, size := utf8.DecodeRune(b[k:])
		if !(r < 0x300 || r >= 0x2010 && r <= 0x2027 || r >= 0x2030 && r <= 0x205E || r == utf8.RuneError && size == 1) {
			return false
		}
		b = b[k+size:]
	}
	return true
}

func lastRuneSize(b []byte) int  { _, n := utf8.DecodeLastRune(b); return n }
func firstRuneSize(b []byte) int { _, n := utf8.DecodeRune(b); return n }

// firstChars returns the length of the first n characters of b (grapheme
// clusters, a run of white space as one).
func firstChars(b []byte, n int) int {
	// Where every rune is a character of its own, and so is the rune
	// after them (no mark joins the last one), runes will do.
	j := 0
	for k := 0; j < len(b) && k < n; k++ {
		sp, size := spaceAt(b[j:])
		j += size
		for sp && j < len(b) {
			if sp, size = spaceAt(b[j:]); sp {
				j += size
			}
		}
	}
	if j == len(b) || plainRunes(b[:j+firstRuneSize(b[j:])]) {
		return j
	}
	j = 0
	state := -1
	for k := 0; j < len(b) && k < n; k++ {
		var c []byte
		c, _, _, state = uniseg.FirstGraphemeCluster(b[j:], state)
		j += len(c)
		if sp, _ := spaceAt(c); sp {
			for j < len(b) {
				if sp, _ := spaceAt(b[j:]); !sp {
					break
				}
				c, _, _, state = uniseg.FirstGraphemeCluster(b[j:], state)
				j += len(c)
			}
		}
	}
	return j
}

// appendCollapsed appends b to dst with each run of white space as one
// space.
func appendCollapsed(dst, b []byte) []byte {
	for i := 0; i < len(b); {
		sp, size := spaceAt(b[i:])
		if !sp {
			dst = append(dst, b[i:i+size]...)
			i += size
			continue
		}
		for i < len(b) {
			if sp, size = spaceAt(b[i:]); !sp {
				break
			}
			i += size
		}
		dst = append(dst, ' ')
	}
	return dst
}
