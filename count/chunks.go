package count

import (
	"errors"
	"io"
	"runtime"
	"slices"
	"sync"
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

// eachChunk reads r in blocks of about o.ChunkSize bytes, each cut right
// after white space so that no token is split, and calls work on them from
// o.Workers goroutines; w is the index of the calling worker. A block grows
// until it holds white space or the input ends, so one huge token is read
// whole. eachChunk returns when every block has been counted.
func eachChunk(r io.Reader, o Options, work func(w int, chunk []byte)) error {
	size, nw := o.chunkSize(), o.workers()
	free := make(chan []byte, nw+1)
	for range nw + 1 {
		free <- nil
	}
	jobs := make(chan []byte, nw)
	var wg sync.WaitGroup
	for w := range nw {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range jobs {
				work(w, c)
				free <- c[:0]
			}
		}()
	}
	var carry []byte
	var err error
	for done := false; !done; {
		buf := <-free
		if cap(buf) < len(carry)+size {
			buf = make([]byte, 0, len(carry)+size)
		}
		buf = append(buf[:0], carry...)
		cut := 0
		for {
			n, rerr := io.ReadFull(r, buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if rerr == io.EOF || errors.Is(rerr, io.ErrUnexpectedEOF) {
				done, cut = true, len(buf)
				break
			}
			if rerr != nil {
				done, err = true, rerr
				break
			}
			if cut = splitPoint(buf); cut > 0 {
				break
			}
			buf = slices.Grow(buf, cap(buf))
		}
		carry = append(carry[:0], buf[cut:]...)
		if cut > 0 && err == nil {
			jobs <- buf[:cut]
		} else {
			free <- buf
		}
	}
	close(jobs)
	wg.Wait()
	return err
}

// eachSlice is eachChunk for input already in memory: chunks are slices
// of b, cut after ASCII white space, and done is called with each chunk
// once it is counted (to release mapped pages).
func eachSlice(b []byte, o Options, work func(w int, chunk []byte), done func([]byte)) {
	size, nw := o.chunkSize(), o.workers()
	jobs := make(chan []byte, nw)
	var wg sync.WaitGroup
	for w := range nw {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range jobs {
				work(w, c)
				if done != nil {
					done(c)
				}
			}
		}()
	}
	for len(b) > 0 {
		end := len(b)
		if end > size {
			if cut := splitPoint(b[:size]); cut > 0 {
				end = cut
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
		jobs <- b[:end]
		b = b[end:]
	}
	close(jobs)
	wg.Wait()
}
