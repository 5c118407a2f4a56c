package serve

import (
	"context"
	"errors"
	"strconv"
	"sync"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/store"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/colloc"
	"github.com/gutcount/gutcount/count/table"
)

// book is a stored book held in memory: its text, read once, and what
// was computed from it, kept for the next request.
type book struct {
	ID    int
	Entry *store.Entry
	Text  []byte // decoded, without the Gutenberg header and footer

	mu     sync.Mutex
	freqs  map[count.Options][]count.Row
	colloc map[count.Options]*colloc.Text
	kwics  map[kwicKey][]table.KwicLine // the last concordances asked for
	zipf   []byte                       // the Zipf plot, once drawn
}

// kwicKey is what a concordance depends on.
type kwicKey struct {
	phrase string
	o      count.Options
	width  int
}

// maxKwics is how many concordances a book keeps: a class looks up the
// same few words.
const maxKwics = 64

// kwic returns the book's concordance of ph, kept for the next request.
func (b *book) kwic(ph count.Phrase, o count.Options, width int) ([]table.KwicLine, error) {
	k := kwicKey{ph.String(), o, width}
	b.mu.Lock()
	lines, ok := b.kwics[k]
	b.mu.Unlock()
	if ok {
		return lines, nil
	}
	lines, err := kwic(b, ph, o, width)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	if len(b.kwics) >= maxKwics {
		clear(b.kwics)
	}
	b.kwics[k] = lines
	b.mu.Unlock()
	return lines, nil
}

// Title is the book's title, or "book N".
func (b *book) Title() string {
	if b.Entry.Title != "" {
		return b.Entry.Title
	}
	return "book " + strconv.Itoa(b.ID)
}

// freq returns the book's frequency table under o, sorted.
func (b *book) freq(o count.Options) []count.Row {
	b.mu.Lock()
	defer b.mu.Unlock()
	if rows, ok := b.freqs[o]; ok {
		return rows
	}
	one := o
	one.Workers = 1 // the server bounds the work by requests
	t, _ := count.FreqBytes(b.Text, one)
	rows := t.Sorted()
	b.freqs[o] = rows
	return rows
}

// tokens returns the book as the collocation tools see it under o.
func (b *book) tokens(o count.Options) *colloc.Text {
	b.mu.Lock()
	defer b.mu.Unlock()
	if t, ok := b.colloc[o]; ok {
		return t
	}
	t := colloc.NewText()
	count.EachToken(bytesReader(b.Text), o, func(tok []byte) error { t.Add(tok); return nil })
	b.colloc[o] = t
	return t
}

// errNotStored: the book is not in the corpus (404).
var errNotStored = store.ErrNotStored

// bookCache keeps the last books asked for opened; two requests for a
// book not yet opened open it once.
type bookCache struct {
	lib *corpus.Library
	max int

	mu    sync.Mutex
	books map[int]*bookSlot
	order []int // least recently used first
}

type bookSlot struct {
	ready chan struct{}
	b     *book
	err   error
}

func newBookCache(lib *corpus.Library, max int) *bookCache {
	return &bookCache{lib: lib, max: max, books: map[int]*bookSlot{}}
}

// get returns the stored book id, opened; errNotStored when the store has
// no such book (nothing is fetched).
func (c *bookCache) get(ctx context.Context, id int) (*book, error) {
	c.mu.Lock()
	slot, ok := c.books[id]
	if ok {
		c.touch(id)
		c.mu.Unlock()
	} else {
		slot = &bookSlot{ready: make(chan struct{})}
		c.books[id] = slot
		c.order = append(c.order, id)
		for len(c.order) > c.max {
			delete(c.books, c.order[0])
			c.order = c.order[1:]
		}
		c.mu.Unlock()
		// Others may wait on this slot: the first request going away
		// must not fail them (opening a stored book is local work).
		slot.b, slot.err = c.open(context.WithoutCancel(ctx), id)
		close(slot.ready)
		if slot.err != nil {
			c.forget(id, slot)
		}
	}
	select {
	case <-slot.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return slot.b, slot.err
}

func (c *bookCache) touch(id int) {
	for i, v := range c.order {
		if v == id {
			c.order = append(append(c.order[:i:i], c.order[i+1:]...), id)
			return
		}
	}
}

// forget drops a slot that failed, so that the next request tries again.
func (c *bookCache) forget(id int, slot *bookSlot) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.books[id] == slot {
		delete(c.books, id)
		for i, v := range c.order {
			if v == id {
				c.order = append(c.order[:i:i], c.order[i+1:]...)
				break
			}
		}
	}
}

func (c *bookCache) open(ctx context.Context, id int) (*book, error) {
	e, err := c.lib.Store.LookupID(id)
	if err != nil {
		return nil, err
	}
	// A Source built here, not parsed: no path from a request is looked at.
	src := corpus.Source{Kind: corpus.ID, ID: id, Arg: strconv.Itoa(id)}
	lib := *c.lib
	lib.Refresh, lib.NoCache = false, false
	tx, err := lib.OpenText(ctx, src, corpus.TextOptions{})
	if err != nil {
		return nil, err
	}
	defer tx.Close()
	text, err := tx.ReadAll()
	if err != nil {
		return nil, err
	}
	if e.Title == "" {
		e.Title = tx.Title()
	}
	return &book{ID: id, Entry: e, Text: text, freqs: map[count.Options][]count.Row{}, colloc: map[count.Options]*colloc.Text{}, kwics: map[kwicKey][]table.KwicLine{}}, nil
}

// isNotStored reports whether err says a book is not in the corpus.
func isNotStored(err error) bool { return errors.Is(err, errNotStored) }
