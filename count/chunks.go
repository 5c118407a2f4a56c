package count

import (
	"errors"
	"io"
	"runtime"
	"sync"
	"unicode/utf8"
)

const defaultChunk = 4 << 20

func (o Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}

func (o Options) chunkSize() int {
	if o.ChunkSize > 0 {
		return o.ChunkSize
	}
	return defaultChunk
}

// firstBlock is the size of the first block read from a stream; the
// next ones double up to o.chunkSize(), so that a small input is cut into
// blocks for every worker and a large one into blocks of the full size.
const firstBlock = 256 << 10

// eachChunk reads r in blocks of up to o.ChunkSize bytes, each cut right
// after white space so that no token is split, and calls work on them from
// o.Workers goroutines; w is the index of the calling worker. When work
// returns true it keeps the block, and the block is not reused. A token
// longer than a block is read into further blocks and joined once it
// ends; one of MaxToken bytes or more is dropped as it is read, never
// held whole, and counted in skipped. Blocks are taken from and given
// back to pool when it is not nil. eachChunk returns when every block has
// been counted.
func eachChunk(r io.Reader, o Options, pool *[][]byte, work func(w int, chunk []byte) (keep bool)) (skipped int64, err error) {
	most, nw := o.chunkSize(), o.workers()
	want := most
	if o.ChunkSize == 0 {
		want = min(most, firstBlock)
	}
	free := make(chan []byte, nw+1)
	for range nw + 1 {
		var b []byte
		if pool != nil && len(*pool) > 0 {
			b = (*pool)[len(*pool)-1]
			*pool = (*pool)[:len(*pool)-1]
		}
		free <- b
	}
	jobs := make(chan []byte, nw)
	wait := startWorkers(nw, jobs, func(w int, c []byte) {
		if work(w, c) || cap(c) > most {
			free <- nil
		} else {
			free <- c[:0]
		}
	})
	var carry []byte
	for done := false; !done; {
		if stopped(o.Done) {
			err = ErrStopped
			break
		}
		var segs [][]byte // the blocks of a token longer than one
		segLen := 0
		skipping := false // inside a token of MaxToken bytes or more
		buf := <-free
		if cap(buf) < want {
			buf = make([]byte, 0, want)
		}
		buf = append(buf, carry...)
		cut := 0
		for {
			if skipping {
				buf = dropToSpace(buf, &skipping)
			} else if len(buf) >= want {
				// One token fills the block: keep it and read on, or drop
				// it once it is MaxToken long.
				segs = append(segs, buf)
				if segLen += len(buf); segLen >= MaxToken {
					skipped++
					skipping = true
					buf = segs[0][:0]
					segs, segLen = nil, 0
					continue
				}
				buf = make([]byte, 0, want)
			}
			n, rerr := io.ReadFull(r, buf[len(buf):want])
			buf = buf[:len(buf)+n]
			if rerr == io.EOF || errors.Is(rerr, io.ErrUnexpectedEOF) {
				if skipping {
					buf = dropToSpace(buf, &skipping)
				}
				done, cut = true, len(buf)
				break
			}
			if rerr != nil {
				done, err = true, rerr
				break
			}
			if skipping {
				continue
			}
			if len(segs) == 0 {
				cut = splitPoint(buf, 0)
			} else {
				cut = asciiCut(buf)
			}
			if cut > 0 {
				break
			}
		}
		carry = append(carry[:0], buf[cut:]...)
		chunk := buf[:cut]
		if len(segs) > 0 {
			chunk = joinSegs(segs, buf[:cut])
			segs = nil
		}
		if len(chunk) > 0 && err == nil {
			jobs <- chunk
		} else {
			free <- buf[:0]
		}
		want = min(2*want, most)
	}
	close(jobs)
	wait()
	for range nw + 1 {
		if b := <-free; b != nil && pool != nil {
			*pool = append(*pool, b)
		}
	}
	return skipped, err
}

// dropToSpace drops the bytes of b that belong to a token being skipped:
// all of them, or those before its first ASCII white space, where the
// token ends (and *skipping becomes false).
func dropToSpace(b []byte, skipping *bool) []byte {
	for i, c := range b {
		if class[c] == clSpace {
			*skipping = false
			return b[:copy(b, b[i:])]
		}
	}
	return b[:0]
}

// startWorkers starts n goroutines that call fn on each chunk of jobs; the
// returned function waits until jobs is closed and drained.
// A fault in a mapped chunk (a file that shrank) is passed to the
// goroutine that calls wait (see faults); the other chunks are still
// taken from jobs, so that nothing blocks.
func startWorkers(n int, jobs <-chan []byte, fn func(w int, chunk []byte)) (wait func()) {
	var wg sync.WaitGroup
	var f faults
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.start()
			for c := range jobs {
				f.guard(func() { fn(w, c) })
			}
		}()
	}
	return func() {
		wg.Wait()
		f.rethrow()
	}
}

// asciiCut is splitPoint for a block that may start inside a rune (after
// the blocks of a long token): only ASCII white space is trusted.
func asciiCut(b []byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < utf8.RuneSelf && class[b[i]] == clSpace {
			return i + 1
		}
	}
	return 0
}

// joinSegs joins the blocks of a long token into one block of its size.
func joinSegs(segs [][]byte, last []byte) []byte {
	n := len(last)
	for _, s := range segs {
		n += len(s)
	}
	b := make([]byte, 0, n)
	for _, s := range segs {
		b = append(b, s...)
	}
	return append(b, last...)
}

// eachSlice is eachChunk for input already in memory: chunks are slices
// of b, cut after ASCII white space; off is the chunk's index in b. Unless
// o.ChunkSize is set, each chunk is sized from what is left of b, a
// quarter of each worker's share within 64 KiB to 4 MiB: small inputs keep
// every worker busy, and the chunks get smaller towards the end, so that
// the workers finish together rather than one waiting out another's last
// large chunk. A token of MaxToken bytes or more that fills a chunk is no
// chunk: it is skipped and counted in skipped (a shorter one is left to
// work).
func eachSlice(b []byte, o Options, work func(w, off int, chunk []byte)) (skipped int64) {
	most, nw := o.chunkSize(), o.workers()
	size := most
	if o.ChunkSize == 0 {
		size = min(most, max(64<<10, len(b)/(4*nw)))
	}
	if len(b) <= size {
		if len(b) > 0 {
			work(0, 0, b) // one chunk: no goroutines to start
		}
		return 0
	}
	base := b
	// One worker is the caller, with no goroutine and no channel.
	count := func(c []byte) { work(0, cap(base)-cap(c), c) }
	finish := func() {}
	if nw > 1 {
		jobs := make(chan []byte, nw)
		wait := startWorkers(nw, jobs, func(w int, c []byte) {
			work(w, cap(base)-cap(c), c)
		})
		count = func(c []byte) { jobs <- c }
		finish = func() { close(jobs); wait() }
	}
	for len(b) > 0 && !stopped(o.Done) {
		if o.ChunkSize == 0 {
			size = min(most, max(64<<10, len(b)/(4*nw)))
		}
		end := len(b)
		if end > size {
			if cut := splitPoint(b[:size], 0); cut > 0 {
				end = cut
			} else if tok := tokenEnd(b, size); tok >= MaxToken {
				// One token from here on, too long to be a word.
				skipped++
				b = b[tok:]
				continue
			} else {
				// No white space in the window: cut after the next ASCII
				// white space, or take the rest whole.
				for i := size; i < len(b); i++ {
					if class[b[i]] == clSpace {
						end = i + 1
						break
					}
				}
			}
		}
		count(b[:end])
		b = b[end:]
	}
	finish()
	return skipped
}
