package job

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/internal/fsx"
	"github.com/gutcount/gutcount/internal/parquet"
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

// wordsPerGroup is how many rows a row group of the words table holds.
const wordsPerGroup = 1 << 20

// WordsPath is where the words table of shard goes in out, in format.
func WordsPath(out string, shard batch.Shard, format string) string {
	return filepath.Join(out, "words"+shardSuffix(shard)+"."+format)
}

// wordBytes is word's bytes, not copied (for a lookup or a count.Table's
// Add, which copies a new word).
func wordBytes(word string) []byte { return unsafe.Slice(unsafe.StringData(word), len(word)) }

// writeWords writes the words table, in format, to path: rows (the merged
// frequencies, sorted) with each word's books from df.
func writeWords(path, format string, rows []count.Row, df *count.Table) error {
	f, err := fsx.Create(path, 0o644)
	if err != nil {
		return err
	}
	defer f.Abort()
	w := bufio.NewWriterSize(f, 256<<10)
	if format == "parquet" {
		pw, err := parquet.NewWriter(w, wordsSchema)
		if err != nil {
			return err
		}
		enc := parquet.NewEncoder()
		cols := make([]parquet.Values, len(wordsSchema))
		for start := 0; start < len(rows) || start == 0; start += wordsPerGroup {
			part := rows[start:min(start+wordsPerGroup, len(rows))]
			cols[0].Strings = slices.Grow(cols[0].Strings[:0], len(part))
			cols[1].Ints = slices.Grow(cols[1].Ints[:0], len(part))
			cols[2].Ints = slices.Grow(cols[2].Ints[:0], len(part))
			for _, r := range part {
				cols[0].Strings = append(cols[0].Strings, r.Word)
				cols[1].Ints = append(cols[1].Ints, r.Count)
				cols[2].Ints = append(cols[2].Ints, df.Get(wordBytes(r.Word)))
			}
			block, err := enc.RowGroup(wordsSchema, cols)
			if err != nil {
				return err
			}
			if err := pw.Append(block); err != nil {
				return err
			}
			if len(rows) == 0 {
				break
			}
		}
		if err := pw.Close(); err != nil {
			return err
		}
	} else {
		rw := newCSV(w, format)
		rw.Write([]string{"word", "count", "books"})
		rec := make([]string, 3)
		for _, r := range rows {
			rec[0], rec[1], rec[2] = r.Word, strconv.FormatInt(r.Count, 10), strconv.FormatInt(df.Get(wordBytes(r.Word)), 10)
			if err := rw.Write(rec); err != nil {
				return err
			}
		}
		rw.Flush()
		if err := rw.Error(); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Commit()
}

// errWords is a words table that cannot be read: merge then reads what
// the shards' tables say.
var errWords = errors.New("a words table that cannot be read")

// vocab is the words of a run's shards, each once, with its count and
// its books summed over the shards' words tables: one look-up a row,
// where a table of counts and one of books took one each (the look-ups
// were a third of a merge's time).
type vocab struct {
	index         map[string]int32 // a word's place in words
	words         []string
	counts, books []int64
}

// add adds a row of a words table.
func (v *vocab) add(word []byte, n, books int64) {
	i, ok := v.index[string(word)]
	if !ok {
		if v.index == nil {
			v.index = map[string]int32{}
		}
		i = int32(len(v.words))
		w := string(word)
		v.index[w] = i
		v.words = append(v.words, w)
		v.counts = append(v.counts, 0)
		v.books = append(v.books, 0)
	}
	v.counts[i] += n
	v.books[i] += books
}

// grow makes room for n more words.
func (v *vocab) grow(n int) {
	if v.index == nil {
		v.index = make(map[string]int32, n)
	}
	v.words = slices.Grow(v.words, n)
	v.counts = slices.Grow(v.counts, n)
	v.books = slices.Grow(v.books, n)
}

// tables returns the words' counts and their books as tables, each made
// on a goroutine of its own.
func (v *vocab) tables() (total, df *count.Table) {
	total, df = count.NewTable(), count.NewTable()
	var wg sync.WaitGroup
	wg.Go(func() {
		for i, w := range v.words {
			total.Add(wordBytes(w), v.counts[i])
		}
	})
	for i, w := range v.words {
		df.Add(wordBytes(w), v.books[i])
	}
	wg.Wait()
	return total, df
}

// wordsReader reads words tables into a vocab; its chunks serve the
// tables it reads, one after another.
type wordsReader struct {
	word, count, books parquet.Chunk
}

// read adds the words table in path, in format, to v, and returns the
// sum of its counts. A table that does not read as one is errWords; ctx
// stops it.
func (wr *wordsReader) read(ctx context.Context, path, format string, v *vocab) (int64, error) {
	f, err := fsx.OpenPlain(path, os.O_RDONLY, 0)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var sum int64
	add := func(word []byte, n, books int64) error {
		if n <= 0 || books <= 0 || n > math.MaxInt64-sum {
			return errWords
		}
		sum += n
		v.add(word, n, books)
		return nil
	}
	if format == "parquet" {
		fi, err := f.Stat()
		if err != nil {
			return 0, err
		}
		pf, err := parquet.Open(f, fi.Size())
		if err != nil {
			return 0, errWords
		}
		for i, name := range []string{"word", "count", "books"} {
			if pf.Column(name) != i {
				return 0, errWords
			}
		}
		v.grow(int(min(pf.Rows(), 1<<24)))
		for g := range pf.RowGroups() {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
			if err := wr.group(pf, g, add); err != nil {
				return 0, err
			}
		}
		return sum, nil
	}
	if format == "tsv" {
		// tsv fields are never quoted: split the lines at their tabs.
		err := eachTSV(ctx, f, func(rec []string) error { return wordsRecord(rec, add) })
		return sum, err
	}
	cr := csv.NewReader(bufio.NewReaderSize(f, 64<<10))
	cr.ReuseRecord = true
	for line := 0; ; line++ {
		if line%(64<<10) == 0 && ctx.Err() != nil {
			return 0, ctx.Err()
		}
		rec, err := cr.Read()
		if err == io.EOF {
			return sum, nil
		}
		if err != nil || line == 0 && strings.Join(rec, ",") != "word,count,books" {
			return 0, errWords
		}
		if line > 0 {
			if err := wordsRecord(rec, add); err != nil {
				return 0, err
			}
		}
	}
}

// group passes the rows of row group g of pf to add.
func (wr *wordsReader) group(pf *parquet.File, g int, add func(word []byte, n, books int64) error) error {
	for col, ch := range []*parquet.Chunk{&wr.word, &wr.count, &wr.books} {
		if err := pf.ReadChunk(g, col, ch); err != nil || ch.Len() != wr.word.Len() {
			return errWords
		}
	}
	n, books := wr.count.Ints(), wr.books.Ints()
	for k := range wr.word.Len() {
		if err := add(wr.word.Bytes(k), n[k], books[k]); err != nil {
			return err
		}
	}
	if wr.word.Err() != nil {
		return errWords
	}
	return nil
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
