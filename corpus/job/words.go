package job

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"math"
	"math/bits"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"unsafe"

	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/internal/fsx"
	"github.com/gutcount/gutcount/internal/parquet"
	"golang.org/x/sync/errgroup"
)

// wordsSchema is the words table: a row per word of the run, in the
// order of the merged frequencies (count descending, then word), with its
// count over all books and the number of books that use it (its document
// frequency, the df of tf-idf), so that tfidf need not read every row of
// the counts table to find them.
var wordsSchema = []parquet.Column{
	{Name: "word", Kind: parquet.String},
	{Name: "count", Kind: parquet.Int64},
	{Name: "books", Kind: parquet.Int64},
}

// A words table is split into wordsGroups row groups (encoded at once,
// a core's each), of wordsGroupMin to wordsPerGroup rows.
const (
	wordsGroups   = 8
	wordsGroupMin = 1 << 14
	wordsPerGroup = 1 << 20
)

// encodeWordsGroup is the row group of the words table of rows and their
// books.
func encodeWordsGroup(rows []count.Row, books []int64) ([]byte, error) {
	cols := make([]parquet.Values, len(wordsSchema))
	cols[0].Strings = make([]string, len(rows))
	cols[1].Ints = make([]int64, len(rows))
	words := 0
	for k, r := range rows {
		cols[0].Strings[k] = r.Word
		cols[1].Ints[k] = r.Count
		words += 4 + len(r.Word)
	}
	cols[2].Ints = books
	// Room for the row group as Snappy may leave its plain pages at worst
	// (a sixth more), made once: grown as it was written, a run's words
	// table was copied over and over.
	room := make([]byte, 0, words+words/6+2*(8*len(rows)+8*len(rows)/6)+4<<10)
	return parquet.NewEncoder().RowGroupInto(room, wordsSchema, cols)
}

// WordsPath is where the words table of shard goes in out, in format.
func WordsPath(out string, shard batch.Shard, format string) string {
	return filepath.Join(out, "words"+shardSuffix(shard)+"."+format)
}

// wordBytes is word's bytes, not copied (for a lookup or a count.Table's
// Add, which copies a new word).
func wordBytes(word string) []byte { return unsafe.Slice(unsafe.StringData(word), len(word)) }

// writeWords writes the words table, in format, to path: rows (the merged
// frequencies, sorted) with each word's books.
func writeWords(path, format string, rows []count.Row, books []int64) error {
	f, err := fsx.Create(path, 0o644)
	if err != nil {
		return err
	}
	defer f.Abort()
	w := bufio.NewWriterSize(f, 256<<10)
	if err := encodeWords(w, format, rows, books); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Commit()
}

// encodeWords writes the words table of rows and their books, in format,
// to w.
func encodeWords(w io.Writer, format string, rows []count.Row, books []int64) error {
	if format == "parquet" {
		pw, err := parquet.NewWriter(w, wordsSchema)
		if err != nil {
			return err
		}
		// The row groups, encoded a core's each at once: a run's words
		// table is written after its last book, on its critical path, and
		// its Snappy pages took 8-10 ms of a 400-book run's tail on one
		// core. How the rows are split depends on their number only, so
		// that a table's bytes do not depend on the machine's cores.
		per := min(max((len(rows)+wordsGroups-1)/wordsGroups, wordsGroupMin), wordsPerGroup)
		par := runtime.GOMAXPROCS(0)
		var starts []int // of the row groups, then len(rows)
		for start := 0; start < len(rows) || start == 0; start += per {
			starts = append(starts, start)
		}
		starts = append(starts, len(rows))
		blocks := make([][]byte, len(starts)-1)
		for first := 0; first < len(blocks); first += par {
			var g errgroup.Group
			for k := first; k < min(first+par, len(blocks)); k++ {
				g.Go(func() (err error) {
					a, b := starts[k], starts[k+1]
					blocks[k], err = encodeWordsGroup(rows[a:b], books[a:b])
					return err
				})
			}
			if err := g.Wait(); err != nil {
				return err
			}
			for k := first; k < min(first+par, len(blocks)); k++ {
				if err := pw.Append(blocks[k]); err != nil {
					return err
				}
				blocks[k] = nil
			}
		}
		if err := pw.Close(); err != nil {
			return err
		}
	} else {
		rw := newCSV(w, format)
		rw.Write([]string{"word", "count", "books"})
		rec := make([]string, 3)
		for k, r := range rows {
			rec[0], rec[1], rec[2] = r.Word, strconv.FormatInt(r.Count, 10), strconv.FormatInt(books[k], 10)
			if err := rw.Write(rec); err != nil {
				return err
			}
		}
		rw.Flush()
		return rw.Error()
	}
	return nil
}

// errWords is a words table that cannot be read: merge then reads what
// the shards' tables say.
var errWords = errors.New("a words table that cannot be read")

// vocab is the words of a run's shards, each once, with its count and
// its books summed over the shards' words tables: one look-up a row,
// where a table of counts and one of books took one each (the look-ups
// were a third of a merge's time). It is an open-addressing table of its
// own rather than a map of strings: a slot is 8 bytes (a look-up of the
// words of a run touches little memory) and a word's bytes lie in one
// array in the order they were first seen, much the order the next
// shard's table asks for them; it holds no pointer for the collector.
type vocab struct {
	seed  maphash.Seed
	slots []uint64 // a word's hash's top 32 bits, then 1 + its place; 0: empty
	text  []byte   // the words, one after another
	ends  []int    // where each word ends in text
	// Each word's count and books.
	counts, books []int64
	touched       uint64 // what hash read, kept so that the reads are made
}

// minSlots is the fewest slots of a vocab.
const minSlots = 1 << 10

// word is the word at place i.
func (v *vocab) word(i int) []byte {
	start := 0
	if i > 0 {
		start = v.ends[i-1]
	}
	return v.text[start:v.ends[i]:v.ends[i]]
}

// len is the number of words.
func (v *vocab) len() int { return len(v.ends) }

// add adds a row of a words table.
func (v *vocab) add(word []byte, n, books int64) {
	v.addHashed(word, v.hash(word), n, books)
}

// hash is word's hash, its slot read on the way: a row's hashes are taken
// a block of rows ahead of their look-ups, whose misses in the cache then
// overlap instead of following one another (the look-ups, one miss each,
// were most of the time of a merge's reading).
func (v *vocab) hash(word []byte) uint64 {
	if v.slots == nil {
		v.rehash(minSlots)
	}
	h := maphash.Bytes(v.seed, word)
	v.touched ^= v.slots[h&uint64(len(v.slots)-1)]
	return h
}

// addHashed adds a row of a words table whose word has hash h.
func (v *vocab) addHashed(word []byte, h uint64, n, books int64) {
	if 4*(v.len()+1) > 3*len(v.slots) {
		v.rehash(max(2*len(v.slots), minSlots))
	}
	tag := h >> 32 << 32
	mask := uint64(len(v.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := v.slots[i]
		if s == 0 {
			v.slots[i] = tag | uint64(v.len()+1)
			v.text = append(v.text, word...)
			v.ends = append(v.ends, len(v.text))
			v.counts = append(v.counts, n)
			v.books = append(v.books, books)
			return
		}
		if s&^(1<<32-1) == tag {
			if at := int(uint32(s)) - 1; bytes.Equal(v.word(at), word) {
				v.counts[at] += n
				v.books[at] += books
				return
			}
		}
	}
}

// rehash moves the words to a table of n slots (a power of 2).
func (v *vocab) rehash(n int) {
	if v.slots == nil {
		v.seed = maphash.MakeSeed()
	}
	// Cleared, so written once before hash reads a slot ahead of its
	// look-up: memory fresh from the system is not, and that first read
	// would map each page to the zero page, and the write after it copy
	// the page and flush it from the TLB of both cores (an interrupt to
	// the other); a twentieth of a merge's time.
	v.slots = make([]uint64, n)
	clear(v.slots)
	mask := uint64(n - 1)
	for at := range v.len() {
		h := maphash.Bytes(v.seed, v.word(at))
		i := h & mask
		for v.slots[i] != 0 {
			i = (i + 1) & mask
		}
		v.slots[i] = h>>32<<32 | uint64(at+1)
	}
}

// size makes room for n words in an empty vocab: the first table's,
// whose words those of the others mostly share.
func (v *vocab) size(n int) {
	if v.slots != nil {
		return
	}
	v.rehash(max(minSlots, 1<<bits.Len(uint(4*n/3))))
	v.ends = make([]int, 0, n)
	v.counts = make([]int64, 0, n)
	v.books = make([]int64, 0, n)
}

// find returns the place of word, or -1.
func (v *vocab) find(word []byte) int {
	if v.slots == nil {
		return -1
	}
	h := maphash.Bytes(v.seed, word)
	tag := h >> 32 << 32
	mask := uint64(len(v.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := v.slots[i]
		if s == 0 {
			return -1
		}
		if at := int(uint32(s)) - 1; s&^(1<<32-1) == tag && bytes.Equal(v.word(at), word) {
			return at
		}
	}
}

// shardWords are the merged frequencies of a run's shards, sorted as
// count.Table sorts them, with the books of each word: what finish writes
// as the frequencies and the words table.
type shardWords struct {
	rows  []count.Row
	books []int64
	// table is the words table in format, encoded ahead (encode) of
	// finish, which then only writes it out; nil: not encoded.
	format string
	table  []byte
}

// encode encodes the words table in format into w.table. Should it fail,
// finish encodes it again and says why.
func (w *shardWords) encode(format string) {
	var buf bytes.Buffer
	if encodeWords(&buf, format, w.rows, w.books) == nil {
		w.format, w.table = format, buf.Bytes()
	}
}

// sorted returns the words as shardWords. Their rows' words share memory
// with v.
func (v *vocab) sorted() *shardWords {
	rows := make([]count.Row, 0, v.len())
	for i, n := range v.counts {
		if w := v.word(i); len(w) > 0 { // as a table leaves out
			rows = append(rows, count.Row{Word: unsafe.String(unsafe.SliceData(w), len(w)), Count: n})
		}
	}
	count.SortRows(rows)
	books := make([]int64, len(rows))
	for k, r := range rows {
		books[k] = v.books[v.find(wordBytes(r.Word))]
	}
	return &shardWords{rows: rows, books: books}
}

// freqRows returns the merged frequencies, sorted: those of the shards
// when a merge read them, else b's totals (of a run), or total (of a
// merge that read the books' blocks).
func (b *Books) freqRows() []count.Row {
	if b.shardWords != nil {
		return b.shardWords.rows
	}
	b.gather()
	if b.totals != nil {
		rows, _ := b.totals.Sorted()
		return rows
	}
	return b.total.Sorted()
}

// writeWords writes the words table of rows (freqRows'), in format, to
// path: the one a merge encoded ahead, if it did.
func (b *Books) writeWords(path, format string, rows []count.Row) error {
	if w := b.shardWords; w != nil && w.table != nil && w.format == format {
		return fsx.WriteFile(path, w.table, 0o644)
	}
	if b.shardWords != nil {
		return writeWords(path, format, rows, b.shardWords.books)
	}
	books := make([]int64, len(rows))
	for k, r := range rows {
		books[k] = b.df.Get(wordBytes(r.Word))
	}
	return writeWords(path, format, rows, books)
}

// readWords adds the words tables at paths, in format, to v, one after
// another, and returns the sum of each one's counts. It stops at the
// first table that is missing or does not read as one: its sum and those
// of the tables after it are -1, and the error nil. ctx stops it.
func readWords(ctx context.Context, paths []string, format string, v *vocab) ([]int64, error) {
	sums := make([]int64, len(paths))
	for k := range sums {
		sums[k] = -1
	}
	var err error
	if format == "parquet" {
		err = readParquetWords(ctx, paths, v, sums)
	} else {
		for k, path := range paths {
			if sums[k], err = readTextWords(ctx, path, format, v); err != nil {
				sums[k] = -1
				break
			}
		}
	}
	if ctx.Err() != nil {
		return sums, ctx.Err()
	}
	if errors.Is(err, errWords) || errors.Is(err, fs.ErrNotExist) {
		err = nil // the sums say which table
	}
	return sums, err
}

// wordsAdder adds the rows of a words table to a vocab, checking them and
// summing their counts.
type wordsAdder struct {
	v   *vocab
	sum int64
}

func (a *wordsAdder) add(word []byte, n, books int64) error {
	if n <= 0 || books <= 0 || n > math.MaxInt64-a.sum {
		return errWords
	}
	a.sum += n
	a.v.add(word, n, books)
	return nil
}

// addChunks adds the rows of a row group, hashing a block of rows ahead
// of their look-ups (vocab.hash).
func (a *wordsAdder) addChunks(c *wordsChunks) error {
	n, books := c.count.Ints(), c.books.Ints()
	const block = 16
	var hs [block]uint64
	for start := 0; start < c.word.Len(); start += block {
		end := min(start+block, c.word.Len())
		for k := start; k < end; k++ {
			hs[k-start] = a.v.hash(c.word.Bytes(k))
		}
		for k := start; k < end; k++ {
			if n[k] <= 0 || books[k] <= 0 || n[k] > math.MaxInt64-a.sum {
				return errWords
			}
			a.sum += n[k]
			a.v.addHashed(c.word.Bytes(k), hs[k-start], n[k], books[k])
		}
	}
	if c.word.Err() != nil {
		return errWords
	}
	return nil
}

// wordsGroup is a row group of a words table, decoded into a set of
// chunks, or (set -1) the end of the table, err saying why it ended early.
type wordsGroup struct {
	table, set int
	rows       int64 // the table's, with its first group
	err        error
}

// wordsChunks are the columns of a words table's row group.
type wordsChunks struct{ word, count, books parquet.Chunk }

// readParquetWords reads the parquet words tables at paths as readWords
// does, into sums. Their row groups are decoded on a goroutine of its
// own, into one set of chunks while the rows of the other are added:
// decoding is a third of the reading, and the reading the longest part
// of a merge.
func readParquetWords(ctx context.Context, paths []string, v *vocab, sums []int64) error {
	var sets [2]wordsChunks
	free := make(chan int, len(sets))
	for i := range sets {
		free <- i
	}
	groups := make(chan wordsGroup, len(sets))
	stop := make(chan struct{})
	go decodeWords(ctx, paths, &sets, free, groups, stop)
	defer func() {
		close(stop)
		for range groups { // until the decoder has stopped
		}
	}()
	a := wordsAdder{v: v}
	for g := range groups {
		if g.set < 0 {
			if g.err != nil {
				return g.err
			}
			sums[g.table], a.sum = a.sum, 0
			continue
		}
		if g.rows > 0 {
			v.size(int(min(g.rows, 1<<24)))
		}
		err := a.addChunks(&sets[g.set])
		free <- g.set
		if err != nil {
			return err
		}
	}
	return nil
}

// decodeWords decodes the row groups of the parquet words tables at paths,
// in order, each into a set of chunks taken from free, and sends them on
// groups, each table's followed by its end; it stops after a table that
// cannot be read, or when stop is closed, and closes groups.
func decodeWords(ctx context.Context, paths []string, sets *[2]wordsChunks, free chan int, groups chan<- wordsGroup, stop <-chan struct{}) {
	defer close(groups)
	send := func(g wordsGroup) bool {
		select {
		case groups <- g:
			return true
		case <-stop:
			return false
		}
	}
	for k, path := range paths {
		err := eachWordsGroup(ctx, path, func(pf *parquet.File, g int) error {
			var i int
			select {
			case i = <-free:
			case <-stop:
				return context.Canceled
			}
			c := &sets[i]
			for col, ch := range []*parquet.Chunk{&c.word, &c.count, &c.books} {
				if err := pf.ReadChunk(g, col, ch); err != nil || ch.Len() != c.word.Len() {
					free <- i
					return errWords
				}
			}
			rows := int64(0)
			if g == 0 {
				rows = pf.Rows()
			}
			if !send(wordsGroup{table: k, set: i, rows: rows}) {
				return context.Canceled
			}
			return nil
		})
		if !send(wordsGroup{table: k, set: -1, err: err}) || err != nil {
			return
		}
	}
}

// eachWordsGroup opens the parquet words table at path and calls fn with
// each of its row groups. A table that does not read as one is errWords.
func eachWordsGroup(ctx context.Context, path string, fn func(pf *parquet.File, g int) error) error {
	f, err := fsx.OpenPlain(path, os.O_RDONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	pf, err := parquet.Open(f, fi.Size())
	if err != nil {
		return errWords
	}
	for i, name := range []string{"word", "count", "books"} {
		if pf.Column(name) != i {
			return errWords
		}
	}
	for g := range pf.RowGroups() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(pf, g); err != nil {
			return err
		}
	}
	return nil
}

// readTextWords adds the csv or tsv words table in path to v, and returns
// the sum of its counts. A table that does not read as one is errWords.
func readTextWords(ctx context.Context, path, format string, v *vocab) (int64, error) {
	f, err := fsx.OpenPlain(path, os.O_RDONLY, 0)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	a := wordsAdder{v: v}
	if format == "tsv" {
		// tsv fields are never quoted: split the lines at their tabs.
		err := eachTSV(ctx, f, func(rec []string) error { return wordsRecord(rec, a.add) })
		return a.sum, err
	}
	cr := csv.NewReader(bufio.NewReaderSize(f, 64<<10))
	cr.ReuseRecord = true
	for line := 0; ; line++ {
		if line%(64<<10) == 0 && ctx.Err() != nil {
			return 0, ctx.Err()
		}
		rec, err := cr.Read()
		if err == io.EOF {
			return a.sum, nil
		}
		if err != nil || line == 0 && strings.Join(rec, ",") != "word,count,books" {
			return 0, errWords
		}
		if line > 0 {
			if err := wordsRecord(rec, a.add); err != nil {
				return 0, err
			}
		}
	}
}

// wordsRecord passes a record of a words table on to add.
func wordsRecord(rec []string, add func(word []byte, n, books int64) error) error {
	if len(rec) != 3 {
		return errWords
	}
	n, err1 := strconv.ParseInt(rec[1], 10, 64)
	books, err2 := strconv.ParseInt(rec[2], 10, 64)
	if err1 != nil || err2 != nil {
		return errWords
	}
	return add(wordBytes(rec[0]), n, books)
}

// eachTSV calls fn with each record of the tsv words table in r after its
// header.
func eachTSV(ctx context.Context, r io.Reader, fn func(rec []string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<30)
	for line := 0; sc.Scan(); line++ {
		if line%(64<<10) == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rec := strings.Split(sc.Text(), "\t")
		if line == 0 {
			if strings.Join(rec, "\t") != "word\tcount\tbooks" {
				return errWords
			}
			continue
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	if sc.Err() != nil {
		return fmt.Errorf("%w: %v", errWords, sc.Err())
	}
	return nil
}
