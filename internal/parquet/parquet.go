// Package parquet writes and reads the Parquet files of a batch: flat
// tables of int64 and string columns, an int64 column possibly null, a
// column possibly dictionary-encoded, every page compressed with snappy
// (files compressed with zstd, as earlier versions wrote, read the same).
//
// It is a small writer on top of the thrift structures and encodings of
// github.com/parquet-go/parquet-go (its format, encoding/thrift and
// encoding/rle packages) rather than that library's own writer, whose
// package pulls protobuf and go-geom into every gutcount process and adds
// milliseconds to each start (see the README's Decisions). Files it writes
// are read by parquet-go, DuckDB, pandas (pyarrow) and R's arrow; it reads
// back the files it writes, not every Parquet file.
//
// A row group is encoded on its own, into a block that carries its own
// metadata (Encoder.RowGroup), so that workers encode in parallel and a
// block can be stored, copied into a file later (Writer.Append) and read
// back alone (DecodeRowGroup):
//
//	enc := parquet.NewEncoder()
//	block, _ := enc.RowGroup(schema, []parquet.Values{{Ints: items}, {Strings: words}})
//	w, _ := parquet.NewWriter(f, schema)
//	w.Append(block)
//	w.Close()
//
// Layering: a leaf; it imports nothing of the module.
package parquet

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/klauspost/compress/s2"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/encoding/rle"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// Kind is a column's type.
type Kind int

const (
	Int64  Kind = iota // a 64-bit signed integer
	String             // UTF-8 text
)

// Column is one column of a schema.
type Column struct {
	Name     string
	Kind     Kind
	Optional bool // Int64 only: a value may be null
	// Dict columns are dictionary-encoded: their distinct values once,
	// each row an index into them (runs of one index take a few bytes).
	// For an Int64 column with few distinct values (a book's item, its
	// counts in order) the pages are a fraction of the plain ones.
	Dict bool
	// Unique says a String Dict column's values are distinct within a
	// row group (a book's words): its dictionary is the values in order,
	// made without a hash table and compressed by what each shares with
	// the one before it (a book's words come sorted, see
	// appendSnappyWords); its indexes are 0 to n-1, bit-packed.
	Unique bool
}

// Values are one column's values in a row group: Ints for an Int64
// column, Strings for a String one; Null, for an optional column, marks
// the null rows (nil: none).
type Values struct {
	Ints    []int64
	Strings []string
	Null    []bool
	// Same, when not 0, says an Int64 column is Same rows of one value,
	// Ints[0] (null if Null[0]): a book's item in its rows, written
	// without a copy for each row.
	Same int
}

func (v *Values) len(k Kind) int {
	switch {
	case v.Same > 0:
		return v.Same
	case k == Int64:
		return len(v.Ints)
	}
	return len(v.Strings)
}

var (
	magic   = []byte("PAR1")
	compact = new(thrift.CompactProtocol)
)

// ErrFormat is a file or block this package cannot read: not Parquet, cut
// short, or written with encodings it does not know.
var ErrFormat = errors.New("parquet: not a table this reader knows")

func formatErr(what string, args ...any) error {
	return fmt.Errorf("%w: "+what, append([]any{ErrFormat}, args...)...)
}

// Encoder encodes row groups; it keeps its buffers between calls. Use one
// per goroutine.
type Encoder struct {
	raw     []byte
	page    []byte
	indexes []int32
	runs    []run  // an Int64 dictionary column's indexes
	block   []byte // a block being made, copied out at its end
	// seqs[w] are the indexes 0 to 1<<w - 1 bit-packed w bits wide, made
	// when first needed: a Unique column's indexes are 0 to n-1, those
	// of every book's words of one width a prefix of them.
	seqs [seqWidthMax + 1][]byte
}

// NewEncoder returns an Encoder.
func NewEncoder() *Encoder { return &Encoder{} }

// base is where a block is taken to start when its offsets are written:
// just after the file's magic. Append shifts them to where it lands.
const base = 4

// RowGroup encodes one row group of schema s (cols[i] holding column i)
// into a block: its column chunks, then their metadata and its length.
func (e *Encoder) RowGroup(s []Column, cols []Values) ([]byte, error) {
	b, err := e.RowGroupInto(e.block, s, cols)
	if err != nil {
		return nil, err
	}
	e.block = b
	return bytes.Clone(b), nil
}

// RowGroupInto is RowGroup with the block made in buf's memory (from its
// start), when it has room: a caller that gets its blocks back once they
// are written passes them in again, and a batch allocates no block for
// each book.
func (e *Encoder) RowGroupInto(buf []byte, s []Column, cols []Values) ([]byte, error) {
	if len(cols) != len(s) {
		return nil, fmt.Errorf("parquet: %d columns of values for a schema of %d", len(cols), len(s))
	}
	rows := -1
	for i := range s {
		if cols[i].Same > 0 && (s[i].Kind != Int64 || len(cols[i].Ints) == 0) {
			return nil, fmt.Errorf("parquet: column %s of %d rows of one value has no Int64 value", s[i].Name, cols[i].Same)
		}
		n := cols[i].len(s[i].Kind)
		if rows >= 0 && n != rows {
			return nil, fmt.Errorf("parquet: column %s has %d values, column %s %d", s[i].Name, n, s[0].Name, rows)
		}
		rows = n
	}
	block := buf[:0]
	rg := format.RowGroup{NumRows: int64(rows), FileOffset: base}
	for i, c := range s {
		start := len(block)
		var cc format.ColumnChunk
		var err error
		block, cc, err = e.chunk(block, c, &cols[i], rows)
		if err != nil {
			return nil, err
		}
		cc.FileOffset = base + int64(start)
		rg.Columns = append(rg.Columns, cc)
		rg.TotalByteSize += cc.MetaData.TotalUncompressedSize
		rg.TotalCompressedSize += cc.MetaData.TotalCompressedSize
	}
	meta, err := thrift.Marshal(compact, &rg)
	if err != nil {
		return nil, err
	}
	block = append(block, meta...)
	return binary.LittleEndian.AppendUint32(block, uint32(len(meta))), nil
}

// chunk appends column c's chunk to block.
func (e *Encoder) chunk(block []byte, c Column, v *Values, rows int) ([]byte, format.ColumnChunk, error) {
	md := format.ColumnMetaData{
		Type:         format.Int64,
		PathInSchema: []string{c.Name},
		Codec:        format.Snappy,
		NumValues:    int64(rows),
	}
	if c.Kind == String {
		md.Type = format.ByteArray
	}
	start := len(block)
	enc := format.Plain
	intDict := c.Dict && c.Kind == Int64 && e.intDict(v)
	distinct := len(e.raw) / 8
	if intDict {
		md.DictionaryPageOffset = base + int64(len(block))
		var err error
		if block, err = e.writePage(block, &md, format.PageHeader{
			Type:                 format.DictionaryPage,
			DictionaryPageHeader: thrift.New(format.DictionaryPageHeader{NumValues: int32(distinct), Encoding: format.Plain}),
		}); err != nil {
			return nil, format.ColumnChunk{}, err
		}
		enc = format.RLEDictionary
	}
	unique := c.Dict && c.Kind == String && c.Unique
	switch {
	case unique:
		// The dictionary is the words as they are, written compressed
		// straight from them (see appendSnappyWords); row k's index is k.
		md.DictionaryPageOffset = base + int64(len(block))
		raw := plainStringsLen(v.Strings)
		e.page = appendSnappyWords(e.page[:0], v.Strings, raw)
		var err error
		if block, err = e.appendPage(block, &md, format.PageHeader{
			Type:                 format.DictionaryPage,
			DictionaryPageHeader: thrift.New(format.DictionaryPageHeader{NumValues: int32(rows), Encoding: format.Plain}),
		}, raw); err != nil {
			return nil, format.ColumnChunk{}, err
		}
		enc = format.RLEDictionary
	case c.Dict && c.Kind == String:
		// The dictionary: the distinct strings in order of first use.
		e.raw = e.raw[:0]
		e.indexes = e.indexes[:0]
		index := make(map[string]int32, rows)
		for _, s := range v.Strings {
			k, ok := index[s]
			if !ok {
				k = int32(len(index))
				index[s] = k
				e.raw = binary.LittleEndian.AppendUint32(e.raw, uint32(len(s)))
				e.raw = append(e.raw, s...)
			}
			e.indexes = append(e.indexes, k)
		}
		md.DictionaryPageOffset = base + int64(len(block))
		var err error
		if block, err = e.writePage(block, &md, format.PageHeader{
			Type:                 format.DictionaryPage,
			DictionaryPageHeader: thrift.New(format.DictionaryPageHeader{NumValues: int32(len(index)), Encoding: format.Plain}),
		}); err != nil {
			return nil, format.ColumnChunk{}, err
		}
		enc = format.RLEDictionary
	}

	// The data page: definition levels (an optional column), then values.
	e.raw = e.raw[:0]
	if c.Optional {
		e.raw = append(e.raw, 0, 0, 0, 0)
		e.raw = appendLevels(e.raw, v.Null, rows)
		binary.LittleEndian.PutUint32(e.raw, uint32(len(e.raw)-4))
	}
	switch {
	case intDict:
		e.raw, e.indexes = appendRuns(e.raw, e.runs, distinct, e.indexes)
	case unique:
		e.raw = e.appendSequence(e.raw, rows)
	case enc == format.RLEDictionary:
		ix, err := (&rle.DictionaryEncoding{}).EncodeInt32(e.page[:0], e.indexes)
		if err != nil {
			return nil, format.ColumnChunk{}, err
		}
		e.page = ix
		e.raw = append(e.raw, ix...)
	case c.Kind == Int64 && v.Same > 0:
		if v.Null == nil || !v.Null[0] {
			for range v.Same {
				e.raw = binary.LittleEndian.AppendUint64(e.raw, uint64(v.Ints[0]))
			}
		}
	case c.Kind == Int64:
		for i, n := range v.Ints {
			if v.Null == nil || !v.Null[i] {
				e.raw = binary.LittleEndian.AppendUint64(e.raw, uint64(n))
			}
		}
	default:
		for _, s := range v.Strings {
			e.raw = binary.LittleEndian.AppendUint32(e.raw, uint32(len(s)))
			e.raw = append(e.raw, s...)
		}
	}
	md.DataPageOffset = base + int64(len(block))
	h := format.PageHeader{
		Type: format.DataPage,
		DataPageHeader: thrift.New(format.DataPageHeader{
			NumValues: int32(rows), Encoding: enc,
			DefinitionLevelEncoding: format.RLE, RepetitionLevelEncoding: format.RLE,
		}),
	}
	var err error
	if unique {
		// Bit-packed indexes 0 to rows-1 have no repeats to find.
		e.page = appendSnappyLiteral(e.page[:0], e.raw)
		block, err = e.appendPage(block, &md, h, len(e.raw))
	} else {
		block, err = e.writePage(block, &md, h)
	}
	if err != nil {
		return nil, format.ColumnChunk{}, err
	}
	md.Encoding = []format.Encoding{format.Plain, format.RLE}
	if enc == format.RLEDictionary {
		md.Encoding = append(md.Encoding, format.RLEDictionary)
	}
	md.TotalCompressedSize = int64(len(block) - start)
	return block, format.ColumnChunk{MetaData: md}, nil
}

// intDict makes the dictionary of an Int64 column: its distinct values
// (nulls left out) in order of first use as the raw page, the runs of
// the values' indexes in e.runs. A run needs one look-up, and a column of
// one value (a book's item, its gutenberg_id) none. It reports false,
// leaving the column plain, when every value is null (a dictionary of
// nothing).
func (e *Encoder) intDict(v *Values) bool {
	e.raw = e.raw[:0]
	e.runs = e.runs[:0]
	if v.Same > 0 {
		if v.Null != nil && v.Null[0] {
			return false
		}
		e.raw = binary.LittleEndian.AppendUint64(e.raw, uint64(v.Ints[0]))
		e.runs = append(e.runs, run{0, int32(v.Same)})
		return true
	}
	// While the values come in descending order, as a book's counts do,
	// each run's value is a new one: the map of values seen is made only
	// once one is not.
	var index map[int64]int32
	last := int64(0)
	for i := 0; i < len(v.Ints); {
		if v.Null != nil && v.Null[i] {
			i++
			continue
		}
		x, n := v.Ints[i], int32(1)
		if v.Null == nil {
			for i++; i < len(v.Ints) && v.Ints[i] == x; i++ {
				n++
			}
		} else {
			for i++; i < len(v.Ints); i++ {
				if !v.Null[i] {
					if v.Ints[i] != x {
						break
					}
					n++
				}
			}
		}
		distinct := int32(len(e.raw) / 8)
		k := distinct
		switch {
		case index == nil && (distinct == 0 || x < last):
			last = x
			e.raw = binary.LittleEndian.AppendUint64(e.raw, uint64(x))
		default:
			if index == nil {
				index = make(map[int64]int32, 2*distinct)
				for j := range distinct {
					index[int64(binary.LittleEndian.Uint64(e.raw[8*j:]))] = j
				}
			}
			var ok bool
			if k, ok = index[x]; !ok {
				k = distinct
				index[x] = k
				e.raw = binary.LittleEndian.AppendUint64(e.raw, uint64(x))
			}
		}
		e.runs = append(e.runs, run{k, n})
	}
	return len(e.runs) > 0
}

// writePage compresses e.raw into a page with header h, appends it to
// block and counts its sizes in md.
func (e *Encoder) writePage(block []byte, md *format.ColumnMetaData, h format.PageHeader) ([]byte, error) {
	if len(e.raw) > math.MaxInt32 {
		return nil, fmt.Errorf("parquet: a page of %d bytes is too large", len(e.raw))
	}
	// Snappy (s2's encoder of it), not zstd: a batch spent an eighth of
	// its time in zstd's fastest level, for files 0.7 of the size.
	if n := s2.MaxEncodedLen(len(e.raw)); cap(e.page) < n {
		e.page = make([]byte, n)
	}
	e.page = s2.EncodeSnappy(e.page[:cap(e.page)], e.raw)
	return e.appendPage(block, md, h, len(e.raw))
}

// appendPage appends the page e.page, raw bytes long uncompressed, with
// header h to block and counts its sizes in md.
func (e *Encoder) appendPage(block []byte, md *format.ColumnMetaData, h format.PageHeader, raw int) ([]byte, error) {
	if raw > math.MaxInt32 || len(e.page) > math.MaxInt32 {
		return nil, fmt.Errorf("parquet: a page of %d bytes is too large", raw)
	}
	h.UncompressedPageSize = int32(raw)
	h.CompressedPageSize = int32(len(e.page))
	hb, err := thrift.Marshal(compact, &h)
	if err != nil {
		return nil, err
	}
	block = append(block, hb...)
	block = append(block, e.page...)
	md.TotalUncompressedSize += int64(len(hb) + raw)
	return block, nil
}

// Writer writes a Parquet file of row groups.
type Writer struct {
	w      io.Writer
	schema []Column
	off    int64
	groups []format.RowGroup
	rows   int64
}

// NewWriter starts a file of schema s on w.
func NewWriter(w io.Writer, s []Column) (*Writer, error) {
	if _, err := w.Write(magic); err != nil {
		return nil, err
	}
	return &Writer{w: w, schema: s, off: int64(len(magic))}, nil
}

// Append writes a block made by Encoder.RowGroup for the same schema.
func (w *Writer) Append(block []byte) error {
	rg, chunks, err := splitBlock(block)
	if err != nil {
		return err
	}
	if len(rg.Columns) != len(w.schema) {
		return formatErr("a row group of %d columns for a schema of %d", len(rg.Columns), len(w.schema))
	}
	shift := w.off - base
	rg.FileOffset += shift
	for i := range rg.Columns {
		c := &rg.Columns[i]
		c.FileOffset += shift
		c.MetaData.DataPageOffset += shift
		if c.MetaData.DictionaryPageOffset != 0 {
			c.MetaData.DictionaryPageOffset += shift
		}
	}
	if _, err := w.w.Write(chunks); err != nil {
		return err
	}
	w.off += int64(len(chunks))
	rg.Ordinal = int16(len(w.groups)) // wraps past 32767: only encryption reads it
	w.groups = append(w.groups, rg)
	w.rows += rg.NumRows
	return nil
}

// Rows is how many rows were appended.
func (w *Writer) Rows() int64 { return w.rows }

// Close writes the footer. It does not close the underlying writer.
func (w *Writer) Close() error {
	fm := format.FileMetaData{
		Version:   1,
		Schema:    schemaElements(w.schema),
		NumRows:   w.rows,
		RowGroups: w.groups,
		CreatedBy: "gutcount",
	}
	if fm.RowGroups == nil {
		fm.RowGroups = []format.RowGroup{}
	}
	b, err := thrift.Marshal(compact, &fm)
	if err != nil {
		return err
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(b)))
	_, err = w.w.Write(append(b, magic...))
	return err
}

func schemaElements(s []Column) []format.SchemaElement {
	els := []format.SchemaElement{{Name: "schema", NumChildren: thrift.New(int32(len(s)))}}
	for _, c := range s {
		el := format.SchemaElement{Name: c.Name, RepetitionType: thrift.New(format.Required)}
		if c.Optional {
			el.RepetitionType = thrift.New(format.Optional)
		}
		switch c.Kind {
		case Int64:
			el.Type = thrift.New(format.Int64)
		case String:
			el.Type = thrift.New(format.ByteArray)
			el.ConvertedType = thrift.New(deprecated.UTF8)
			el.LogicalType = format.LogicalType{Value: &format.StringType{}}
		}
		els = append(els, el)
	}
	return els
}

// splitBlock parses the metadata at the end of a block and returns it
// with the column chunks before it.
func splitBlock(block []byte) (format.RowGroup, []byte, error) {
	var rg format.RowGroup
	if len(block) < 4 {
		return rg, nil, formatErr("a block of %d bytes", len(block))
	}
	n := int(binary.LittleEndian.Uint32(block[len(block)-4:]))
	if n > len(block)-4 {
		return rg, nil, formatErr("a block's metadata of %d bytes in %d", n, len(block))
	}
	end := len(block) - 4 - n
	if err := thrift.Unmarshal(compact, block[end:len(block)-4], &rg); err != nil {
		return rg, nil, formatErr("a block's metadata: %v", err)
	}
	return rg, block[:end], nil
}
