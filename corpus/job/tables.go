package job

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/internal/fsx"
	"github.com/gutcount/gutcount/internal/parquet"
)

// tableFormats are the formats of the tables of a batch.
var tableFormats = []string{"parquet", "csv", "tsv"}

// TableFormatError is a format of tables that is none of parquet, csv and
// tsv.
type TableFormatError struct{ Format string }

func (e *TableFormatError) Error() string {
	return fmt.Sprintf("table format %q (want %s)", e.Format, strings.Join(tableFormats, ", "))
}

// CheckTableFormat returns a *TableFormatError unless format is one of
// the formats of tables, or "" (no tables).
func CheckTableFormat(format string) error {
	if format != "" && !slices.Contains(tableFormats, format) {
		return &TableFormatError{format}
	}
	return nil
}

// countsSchema is the document-term table: one row per word of a book.
// Every column is dictionary-encoded: a block's item and gutenberg_id are
// one value, and its counts, in order, few runs.
var countsSchema = []parquet.Column{
	{Name: "item", Kind: parquet.Int64, Dict: true},
	{Name: "gutenberg_id", Kind: parquet.Int64, Optional: true, Dict: true},
	{Name: "word", Kind: parquet.String, Dict: true, Unique: true}, // a book's words
	{Name: "count", Kind: parquet.Int64, Dict: true},
}

// bookColumns are the books table's columns before one per -w word.
var bookColumns = []parquet.Column{
	{Name: "item", Kind: parquet.Int64},
	{Name: "line", Kind: parquet.Int64},
	{Name: "source", Kind: parquet.String},
	{Name: "gutenberg_id", Kind: parquet.Int64, Optional: true},
	{Name: "key", Kind: parquet.String},
	{Name: "title", Kind: parquet.String},
	{Name: "author", Kind: parquet.String},
	{Name: "language", Kind: parquet.String},
	{Name: "tokens", Kind: parquet.Int64},
	{Name: "types", Kind: parquet.Int64},
}

// tableWords refuses words that cannot each be a column of the books
// table: one named like a fixed column (tokens, title) or like another
// word, in any case (DuckDB and SQL take Tokens for tokens).
func tableWords(words []string) error {
	seen := map[string]bool{}
	var fixed []string
	for _, c := range bookColumns {
		seen[strings.ToLower(c.Name)] = true
		fixed = append(fixed, c.Name)
	}
	for _, w := range words {
		if seen[strings.ToLower(w)] {
			return &batch.InvalidError{Msg: fmt.Sprintf("word %q cannot be a column of the books table: it has one of that name (%s, and one per word); count it in a batch without tables", w, strings.Join(fixed, ", "))}
		}
		seen[strings.ToLower(w)] = true
	}
	return nil
}

// countsColumns are a book's rows (sorted) as the counts table's columns,
// in cols' memory: its item and gutenberg_id one value each.
func countsColumns(cols []parquet.Values, item, id int, rows []count.Row) []parquet.Values {
	if cols == nil {
		cols = make([]parquet.Values, len(countsSchema))
	}
	n := len(rows)
	cols[0] = parquet.Values{Ints: append(cols[0].Ints[:0], int64(item)), Same: n}
	cols[1] = parquet.Values{Ints: append(cols[1].Ints[:0], int64(id)), Null: append(cols[1].Null[:0], id == 0), Same: n}
	if n == 0 { // Same 0: the columns are their values, none
		cols[0].Ints, cols[1].Ints, cols[1].Null = cols[0].Ints[:0], cols[1].Ints[:0], cols[1].Null[:0]
	}
	cols[2].Strings = slices.Grow(cols[2].Strings[:0], n)[:n]
	cols[3].Ints = slices.Grow(cols[3].Ints[:0], n)[:n]
	for i, r := range rows {
		cols[2].Strings[i] = r.Word
		cols[3].Ints[i] = r.Count
	}
	return cols
}

// booksPerGroup is how many books a row group of the books table holds.
const booksPerGroup = 8192

// Tables writes the counts and books tables of a batch (or of a shard) as
// books are collected, in list order: a book's rows are copied from its
// block, never held, and the books table is written a row group at a
// time. Nothing is in place until Commit.
type Tables struct {
	words []string
	freq  bool

	counts, books *fsx.File
	cw            *fsx.DirectWriter // the counts table is as large as the books' blocks
	bw            *bufio.Writer
	cpq, bpq      *parquet.Writer
	ccsv, bcsv    recordWriter
	enc           *parquet.Encoder
	schema        []parquet.Column
	pending       []parquet.Values // the books not yet in a row group
	npending      int
	syncOnce      sync.Once // Sync's, whose error syncErr is
	syncErr       error
	commitOnce    sync.Once // Commit's, whose error commitErr is
	commitErr     error
}

// TablePaths are where the tables of shard go in out, in format.
func TablePaths(out string, shard batch.Shard, format string) (counts, books string) {
	suffix := shardSuffix(shard) + "." + format
	return filepath.Join(out, "counts"+suffix), filepath.Join(out, "books"+suffix)
}

// NewTables starts the tables of shard in out, in format (parquet, csv
// or tsv), for a batch with settings s (the counts table only with Freq).
func NewTables(out string, shard batch.Shard, format string, s BookSettings) (*Tables, error) {
	if err := tableWords(s.Words); err != nil {
		return nil, err
	}
	t := &Tables{words: s.Words, freq: s.Freq, enc: parquet.NewEncoder()}
	t.schema = append([]parquet.Column(nil), bookColumns...)
	for _, w := range s.Words {
		t.schema = append(t.schema, parquet.Column{Name: w, Kind: parquet.Int64})
	}
	t.pending = make([]parquet.Values, len(t.schema))
	cpath, bpath := TablePaths(out, shard, format)
	var err error
	if t.books, err = fsx.Create(bpath, 0o644); err != nil {
		return nil, err
	}
	if s.Freq {
		if t.counts, err = fsx.Create(cpath, 0o644); err != nil {
			t.books.Abort()
			return nil, err
		}
	}
	t.bw = bufio.NewWriterSize(t.books, 256<<10)
	if t.counts != nil {
		t.cw = fsx.NewDirectWriter(t.counts.File)
	}
	switch format {
	case "parquet":
		if t.bpq, err = parquet.NewWriter(t.bw, t.schema); err == nil && t.cw != nil {
			t.cpq, err = parquet.NewWriter(t.cw, countsSchema)
		}
	case "csv", "tsv":
		t.bcsv = newCSV(t.bw, format)
		names := make([]string, len(t.schema))
		for i, c := range t.schema {
			names[i] = c.Name
		}
		t.bcsv.Write(names)
		if t.cw != nil {
			t.ccsv = newCSV(t.cw, format)
			t.ccsv.Write([]string{"item", "gutenberg_id", "word", "count"})
		}
	default:
		err = &TableFormatError{format}
	}
	if err != nil {
		t.Abort()
		return nil, err
	}
	return t, nil
}

// recordWriter writes the records of a csv or tsv table.
type recordWriter interface {
	Write(rec []string) error
	Flush()
	Error() error
}

func newCSV(w io.Writer, format string) recordWriter {
	if format == "tsv" {
		return &tsvWriter{w: w}
	}
	return csv.NewWriter(w)
}

// tsvWriter writes tab-separated records by freq's tsv rule: fields as
// they are, never quoted; a tab or line break inside a field (a title's)
// becomes a space, as a tab-separated file has none inside a field.
type tsvWriter struct {
	w   io.Writer
	buf []byte
	err error
}

var tsvSpaces = strings.NewReplacer("\t", " ", "\r", " ", "\n", " ")

func (t *tsvWriter) Write(rec []string) error {
	t.buf = t.buf[:0]
	for i, f := range rec {
		if i > 0 {
			t.buf = append(t.buf, '\t')
		}
		if strings.ContainsAny(f, "\t\r\n") {
			f = tsvSpaces.Replace(f)
		}
		t.buf = append(t.buf, f...)
	}
	t.buf = append(t.buf, '\n')
	if t.err == nil {
		_, t.err = t.w.Write(t.buf)
	}
	return t.err
}

func (t *tsvWriter) Flush() {}

func (t *tsvWriter) Error() error { return t.err }

// add writes a done book: its row of the books table, and its rows of the
// counts table from its block.
func (t *Tables) add(it batch.Item, res *BookResult, block []byte) error {
	if t.freq {
		if err := t.addCounts(block); err != nil {
			return err
		}
	}
	row := []any{int64(it.Index), int64(it.Line), res.Source, int64(res.ID), res.Key, res.Title, res.Author, res.Language, res.Tokens, res.Types}
	for _, w := range t.words {
		row = append(row, res.Counts[w])
	}
	if t.bcsv != nil {
		rec := make([]string, len(row))
		for i, v := range row {
			switch v := v.(type) {
			case int64:
				if i != 3 || v != 0 {
					rec[i] = strconv.FormatInt(v, 10)
				}
			case string:
				rec[i] = v
			}
		}
		return t.bcsv.Write(rec)
	}
	for i, v := range row {
		p := &t.pending[i]
		switch v := v.(type) {
		case int64:
			p.Ints = append(p.Ints, v)
			if t.schema[i].Optional {
				p.Null = append(p.Null, v == 0)
			}
		case string:
			p.Strings = append(p.Strings, v)
		}
	}
	if t.npending++; t.npending == booksPerGroup {
		return t.flushBooks()
	}
	return nil
}

func (t *Tables) addCounts(block []byte) error {
	if t.cpq != nil {
		return t.cpq.Append(block)
	}
	cols, err := parquet.DecodeRowGroup(block, countsSchema)
	if err != nil {
		return err
	}
	rec := make([]string, 4)
	for i, w := range cols[2].Strings {
		rec[0] = strconv.FormatInt(cols[0].Ints[i], 10)
		rec[1] = ""
		if !cols[1].Null[i] {
			rec[1] = strconv.FormatInt(cols[1].Ints[i], 10)
		}
		rec[2] = w
		rec[3] = strconv.FormatInt(cols[3].Ints[i], 10)
		if err := t.ccsv.Write(rec); err != nil {
			return err
		}
	}
	return nil
}

// countsRoom is where a book's block of n bytes can be read so that
// adding it to the parquet counts table does not copy it (a merge reads
// every block: DirectWriter.Room), or nil.
func (t *Tables) countsRoom(n int) []byte {
	if t == nil || t.cpq == nil {
		return nil
	}
	return t.cw.Room(n)
}

func (t *Tables) flushBooks() error {
	if t.npending == 0 {
		return nil
	}
	block, err := t.enc.RowGroup(t.schema, t.pending)
	if err != nil {
		return err
	}
	for i := range t.pending {
		t.pending[i] = parquet.Values{}
	}
	t.npending = 0
	return t.bpq.Append(block)
}

// Commit finishes the tables and puts them in place.
// Only the first call does anything; others wait for it and return its
// error.
func (t *Tables) Commit() error {
	t.commitOnce.Do(func() { t.commitErr = t.commit() })
	return t.commitErr
}

func (t *Tables) commit() error {
	err := t.Sync()
	if err == nil && t.counts != nil {
		err = t.counts.Commit()
	}
	if err == nil {
		err = t.books.Commit()
	}
	if err != nil {
		t.Abort()
	}
	return err
}

// Sync writes out what the tables still hold and makes it durable, but
// puts nothing in place: Commit, after it, only renames them. A run syncs
// them (the counts table is as large as the books' blocks) while it
// writes its frequencies. Only the first call does anything; others wait
// for it and return its error.
func (t *Tables) Sync() error {
	t.syncOnce.Do(func() { t.syncErr = t.sync() })
	return t.syncErr
}

func (t *Tables) sync() error {
	var err error
	if t.bpq != nil {
		if err = t.flushBooks(); err == nil {
			err = t.bpq.Close()
		}
		if err == nil && t.cpq != nil {
			err = t.cpq.Close()
		}
	}
	for _, c := range []recordWriter{t.bcsv, t.ccsv} {
		if c != nil && err == nil {
			c.Flush()
			err = c.Error()
		}
	}
	if err == nil {
		err = t.bw.Flush()
	}
	if err == nil && t.cw != nil {
		err = t.cw.Flush()
	}
	for _, f := range []*fsx.File{t.counts, t.books} {
		if f != nil && err == nil {
			err = fsx.Sync(f.File)
		}
	}
	return err
}

// Abort leaves the tables unwritten.
func (t *Tables) Abort() {
	if t.counts != nil {
		if t.cw != nil {
			t.cw.Close()
		}
		t.counts.Abort()
	}
	t.books.Abort()
}
