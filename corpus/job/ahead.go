package job

import (
	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/batch"
)

// Ahead reads ahead the book of a list line that a worker is to count
// soon (a batch.Config's Ahead): its store files and its text are then
// in the page cache when Process opens it, and the worker does not wait
// for the disk. Nothing is fetched: a book not stored is left to Process.
// It returns the book's size, the item's weight for the feeder (0 when not
// known).
func (b *Books) Ahead(it batch.Item) (size int64) {
	if src, err := corpus.ParseSource(it.Text); err == nil && b.Library != nil {
		return b.Library.ReadAhead(src)
	}
	return 0
}
