package count

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
)

// MaxNGram is the longest n-gram NGrams counts.
const MaxNGram = 64

// NGrams counts the sequences of n consecutive tokens of r: tokens
// normalised by o, without those that normalise to nothing, each n-gram
// written as its tokens joined by one space (tokens hold no white space,
// so the tokens of a key are found again by splitting it at spaces). The
// table's Tokens is the number of n-grams, n-1 fewer than tokens.
//
// Blocks of about o.ChunkSize bytes are counted on o.Workers cores, and
// the n-grams that cross from one block into the next are counted once
// when the blocks' edges are put back in order. Memory is bounded by the
// number of distinct n-grams (one table per worker) and the blocks, not by
// the size of the text. NGrams with n = 1 is Freq.
func NGrams(r io.Reader, n int, o Options) (*Table, error) {
	if n < 1 || n > MaxNGram {
		return nil, fmt.Errorf("count: n-grams of %d tokens: n must be from 1 to %d", n, MaxNGram)
	}
	if n == 1 {
		return Freq(r, o)
	}
	size, nw := o.chunkSize(), o.workers()
	st := &stitcher{n: n, t: NewTable(), pending: map[int]ngramEdge{}}
	ws := make([]*ngramWorker, nw)
	jobs := make(chan seqBlock, nw)
	free := make(chan []byte, nw+1)
	for range nw + 1 {
		free <- nil
	}
	var wg sync.WaitGroup
	for i := range ws {
		ws[i] = &ngramWorker{n: n, o: o, t: NewTable(), starts: make([]int, n)}
		wg.Add(1)
		go func(w *ngramWorker) {
			defer wg.Done()
			for job := range jobs {
				st.add(job.seq, w.count(job.b))
				if cap(job.b) == size {
					free <- job.b[:0]
				} else {
					free <- nil // grown for a long token: not kept
				}
			}
		}(ws[i])
	}
	err := readBlocks(r, size, o.Done, &st.t.skipped, free, jobs)
	close(jobs)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	// Merge into the largest table: adding a table's keys in its slot
	// order to a smaller table (same hash) would crowd them together.
	all := []*Table{st.t}
	for _, w := range ws {
		all = append(all, w.t)
	}
	big := slices.MaxFunc(all, func(a, b *Table) int { return cmp.Compare(a.Len(), b.Len()) })
	for _, t := range all {
		if t != big {
			big.Merge(t)
		}
	}
	return big, nil
}

type seqBlock struct {
	seq int
	b   []byte
}

// readBlocks reads r into blocks of size bytes cut after their last ASCII
// white space (a longer token makes a longer block) and sends them, in
// order and numbered, to jobs; free hands out the buffers.
func readBlocks(r io.Reader, size int, done <-chan struct{}, skipped *int64, free chan []byte, jobs chan<- seqBlock) error {
	var carry []byte
	for seq := 0; ; seq++ {
		if stopped(done) {
			return ErrStopped
		}
		buf := <-free
		if cap(buf) != size {
			buf = make([]byte, 0, size)
		}
		buf = append(buf[:0], carry...)
		from, cut, done := 0, 0, false
		skipping := false // inside a token of MaxToken bytes or more
		for {
			if skipping {
				buf = dropToSpace(buf, &skipping)
			} else if len(buf) >= MaxToken && from == len(buf) {
				// buf is one token, too long to be a word: drop it as
				// it comes (see MaxToken).
				*skipped++
				skipping, buf = true, buf[:0]
			}
			if len(buf) == cap(buf) {
				buf = append(buf, 0)[:len(buf)] // one token fills the block: grow it
			}
			n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
				if skipping {
					buf = dropToSpace(buf, &skipping)
				}
				cut, done = len(buf), true
				break
			}
			if err != nil {
				return err
			}
			if skipping {
				from = 0
				continue
			}
			if c := asciiCut(buf[from:]); c > 0 {
				cut = from + c
				break
			}
			from = len(buf)
		}
		carry = append(carry[:0], buf[cut:]...)
		if cut > 0 {
			jobs <- seqBlock{seq, buf[:cut]}
		} else {
			free <- buf
		}
		if done {
			return nil
		}
	}
}

// ngramEdge is what a block leaves for the n-grams that cross its edges:
// its first and last n-1 tokens (all of them when it has fewer).
type ngramEdge struct {
	tokens     int
	head, tail [][]byte
}

// ngramWorker counts the n-grams that lie wholly inside blocks.
type ngramWorker struct {
	n       int
	o       Options
	t       *Table
	buf     []byte // the block's last tokens, normalised, joined by spaces
	starts  []int  // where the last n tokens start in buf, by token number mod n
	k       int    // tokens of the block so far
	head    [][]byte
	scratch []byte
}

// compactAt is the size from which buf keeps only its last n-1 tokens.
const compactAt = 64 << 10

func (w *ngramWorker) count(b []byte) ngramEdge {
	w.k, w.buf, w.head = 0, w.buf[:0], nil
	eachToken(b, func(s, i int) error { w.token(b[s:i]); return nil })
	e := ngramEdge{tokens: w.k, head: w.head}
	if w.k > 0 {
		first := max(0, w.k-(w.n-1))
		for _, tok := range bytes.Split(w.buf[w.starts[first%w.n]:], []byte(" ")) {
			e.tail = append(e.tail, bytes.Clone(tok))
		}
	}
	return e
}

func (w *ngramWorker) token(tok []byte) {
	if len(tok) >= MaxToken {
		w.t.skipped++ // no word (see MaxToken)
		return
	}
	norm := tok
	if w.o.IgnoreCase || w.o.StripPunct {
		w.scratch = w.o.Normalize(w.scratch, tok)
		norm = w.scratch
		if len(norm) == 0 {
			return
		}
	}
	n := w.n
	if w.k < n-1 {
		w.head = append(w.head, bytes.Clone(norm))
	}
	if len(w.buf) > compactAt && w.k >= n-1 {
		// Keep only the last n-1 tokens.
		from := w.starts[(w.k-(n-1))%n]
		w.buf = w.buf[:copy(w.buf, w.buf[from:])]
		for j := w.k - (n - 1); j < w.k; j++ {
			w.starts[j%n] -= from
		}
	}
	if w.k > 0 {
		w.buf = append(w.buf, ' ')
	}
	w.starts[w.k%n] = len(w.buf)
	w.buf = append(w.buf, norm...)
	w.k++
	if w.k >= n {
		w.t.Add(w.buf[w.starts[(w.k-n)%n]:], 1)
	}
}

// stitcher counts the n-grams that cross blocks, taking the blocks' edges
// in order as they come.
type stitcher struct {
	mu      sync.Mutex
	n       int
	t       *Table
	next    int
	pending map[int]ngramEdge
	carry   [][]byte // the last n-1 tokens before block next
}

func (s *stitcher) add(seq int, e ngramEdge) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending[seq] = e
	for {
		e, ok := s.pending[s.next]
		if !ok {
			return
		}
		delete(s.pending, s.next)
		s.next++
		// The n-grams that start in the carry and end in this block.
		toks := append(append([][]byte(nil), s.carry...), e.head...)
		for j := 0; j < len(s.carry) && j+s.n <= len(toks); j++ {
			s.t.Add(bytes.Join(toks[j:j+s.n], []byte(" ")), 1)
		}
		if e.tokens >= s.n-1 {
			s.carry = e.tail
		} else {
			s.carry = toks[max(0, len(toks)-(s.n-1)):]
		}
	}
}
