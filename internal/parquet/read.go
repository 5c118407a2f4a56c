package parquet

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go/encoding/rle"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// File is a Parquet file open for reading.
// Its methods may be called from several goroutines at once.
type File struct {
	r      io.ReaderAt
	size   int64
	meta   format.FileMetaData
	schema []Column
	ds     sync.Pool // *decoder
}

// maxFooter bounds the footer read, against a length gone wrong.
const maxFooter = 1 << 30

// maxValues bounds a column chunk's values (a book's words are a few
// hundred thousand at most), against a count gone wrong.
const maxValues = 1 << 26

// Open reads the footer of the file of size bytes in r.
func Open(r io.ReaderAt, size int64) (*File, error) {
	if size < 12 {
		return nil, formatErr("a file of %d bytes", size)
	}
	var tail [8]byte
	if _, err := r.ReadAt(tail[:], size-8); err != nil {
		return nil, err
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if !bytes.Equal(tail[4:], magic) || n > size-12 || n > maxFooter {
		return nil, formatErr("no Parquet footer")
	}
	b := make([]byte, n)
	if _, err := r.ReadAt(b, size-8-n); err != nil {
		return nil, err
	}
	f := &File{r: r, size: size}
	if err := thrift.Unmarshal(compact, b, &f.meta); err != nil {
		return nil, formatErr("footer: %v", err)
	}
	if len(f.meta.Schema) == 0 {
		return nil, formatErr("no schema")
	}
	for _, el := range f.meta.Schema[1:] {
		c := Column{Name: el.Name, Optional: el.RepetitionType.V == format.Optional}
		switch el.Type.V {
		case format.Int64:
			c.Kind = Int64
		case format.ByteArray:
			c.Kind = String
		default:
			return nil, formatErr("column %s of type %v", el.Name, el.Type.V)
		}
		f.schema = append(f.schema, c)
	}
	return f, nil
}

// Schema is the file's columns (Dict is not set).
func (f *File) Schema() []Column { return f.schema }

// Column returns the index of the column named name, or -1.
func (f *File) Column(name string) int {
	for i, c := range f.schema {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Rows is the file's number of rows.
func (f *File) Rows() int64 { return f.meta.NumRows }

// RowGroups is the file's number of row groups.
func (f *File) RowGroups() int { return len(f.meta.RowGroups) }

// RowGroup reads the columns cols of row group i (the others are left
// empty). Strings share memory with each other, not with the file.
func (f *File) RowGroup(i int, cols []int) ([]Values, error) {
	rg := &f.meta.RowGroups[i]
	if len(rg.Columns) != len(f.schema) {
		return nil, formatErr("row group %d has %d columns", i, len(rg.Columns))
	}
	out := make([]Values, len(f.schema))
	d, _ := f.ds.Get().(*decoder)
	if d == nil {
		d = newDecoder()
	}
	defer f.ds.Put(d)
	for _, c := range cols {
		md := &rg.Columns[c].MetaData
		start := md.DataPageOffset
		if md.DictionaryPageOffset > 0 && md.DictionaryPageOffset < start {
			start = md.DictionaryPageOffset
		}
		if start < 0 || md.TotalCompressedSize < 0 || md.TotalCompressedSize > f.size-start {
			return nil, formatErr("a column chunk of %d bytes at %d in %d", md.TotalCompressedSize, start, f.size)
		}
		b := make([]byte, md.TotalCompressedSize)
		if _, err := f.r.ReadAt(b, start); err != nil {
			return nil, err
		}
		if err := d.chunk(&out[c], b, f.schema[c], md); err != nil {
			return nil, fmt.Errorf("row group %d, column %s: %w", i, f.schema[c].Name, err)
		}
	}
	return out, nil
}

// DecodeRowGroup reads a block made by Encoder.RowGroup for schema s.
func DecodeRowGroup(block []byte, s []Column) ([]Values, error) {
	rg, chunks, err := splitBlock(block)
	if err != nil {
		return nil, err
	}
	if len(rg.Columns) != len(s) {
		return nil, formatErr("a block of %d columns for a schema of %d", len(rg.Columns), len(s))
	}
	d := newDecoder()
	out := make([]Values, len(s))
	for i := range s {
		md := &rg.Columns[i].MetaData
		start := rg.Columns[i].FileOffset - base
		end := start + md.TotalCompressedSize
		if start < 0 || end > int64(len(chunks)) || end < start {
			return nil, formatErr("a column chunk out of its block")
		}
		if err := d.chunk(&out[i], chunks[start:end], s[i], md); err != nil {
			return nil, fmt.Errorf("column %s: %w", s[i].Name, err)
		}
	}
	return out, nil
}

// BlockDict is the dictionary of column i, of kind Int64, of a block (a
// row group as Encoder.RowGroup makes it) of schema s, read without the
// column's other pages: a block's one item, say. ok is false when the
// column has no dictionary (its values are plain).
func BlockDict(block []byte, s []Column, i int) (dict []int64, ok bool, err error) {
	rg, chunks, err := splitBlock(block)
	if err != nil {
		return nil, false, err
	}
	if len(rg.Columns) != len(s) || s[i].Kind != Int64 {
		return nil, false, formatErr("a block of %d columns for a schema of %d", len(rg.Columns), len(s))
	}
	md := &rg.Columns[i].MetaData
	start := rg.Columns[i].FileOffset - base
	end := start + md.TotalCompressedSize
	if start < 0 || end > int64(len(chunks)) || end < start {
		return nil, false, formatErr("a column chunk out of its block")
	}
	b := chunks[start:end]
	pr := compact.NewReaderFromBytes(b)
	var h format.PageHeader
	if err := thrift.NewDecoder(pr).Decode(&h); err != nil {
		return nil, false, formatErr("page header: %v", err)
	}
	b = b[pr.BytesRead():]
	if h.Type != format.DictionaryPage {
		return nil, false, nil
	}
	if h.CompressedPageSize < 0 || int(h.CompressedPageSize) > len(b) {
		return nil, false, formatErr("a page of %d bytes in %d", h.CompressedPageSize, len(b))
	}
	raw, err := newDecoder().page(md.Codec, b[:h.CompressedPageSize], int(h.UncompressedPageSize))
	if err != nil {
		return nil, false, err
	}
	dict, err = plainInts(nil, raw, int(h.DictionaryPageHeader.V.NumValues))
	return dict, err == nil, err
}

//lint:ignore SA1019 older writers still write it for dictionary pages' indexes
const plainDictionary = format.PlainDictionary

type decoder struct {
	z   *zstd.Decoder
	buf []byte
	ix  []int32
	lv  []uint8
}

func newDecoder() *decoder { return &decoder{} }

// zstd is d's zstd decoder, made on the first zstd page (the tables of
// older gutcounts): a block's dictionary read alone makes none.
func (d *decoder) zstd() *zstd.Decoder {
	if d.z == nil {
		z, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
		if err != nil {
			panic(err) // only for invalid options
		}
		d.z = z
	}
	return d.z
}

// chunk decodes the pages of a column chunk into v.
func (d *decoder) chunk(v *Values, b []byte, c Column, md *format.ColumnMetaData) error {
	var dict []string
	var ints []int64 // an Int64 column's dictionary
	left := md.NumValues
	if left < 0 || left > maxValues {
		return formatErr("%d values in a column chunk", left)
	}
	// Room for the values, up to what its bytes could plainly hold.
	room := int(min(left, int64(len(b))*8+1024))
	if c.Kind == Int64 {
		v.Ints = slices.Grow(v.Ints, room)
	} else {
		v.Strings = slices.Grow(v.Strings, room)
	}
	if c.Optional {
		v.Null = slices.Grow(v.Null, room)
	}
	return eachPage(b, left, func(h *format.PageHeader, page []byte) (int, error) {
		raw, err := d.page(md.Codec, page, int(h.UncompressedPageSize))
		if err != nil {
			return 0, err
		}
		switch h.Type {
		case format.DictionaryPage:
			if c.Kind == Int64 {
				ints, err = plainInts(nil, raw, int(h.DictionaryPageHeader.V.NumValues))
				return 0, err
			}
			dict, err = plainStrings(nil, raw, int(h.DictionaryPageHeader.V.NumValues))
			return 0, err
		case format.DataPage:
			n := int(h.DataPageHeader.V.NumValues)
			return n, d.dataPage(v, raw, n, c, h.DataPageHeader.V.Encoding, dict, ints)
		}
		return 0, formatErr("a page of type %v", h.Type)
	})
}

// eachPage calls fn with each page of the column chunk b, its header and
// its bytes (compressed), until the data pages have held left values (fn
// returns how many a page holds: those of a data page).
func eachPage(b []byte, left int64, fn func(h *format.PageHeader, page []byte) (int, error)) error {
	pr := compact.NewReaderFromBytes(b)
	for left > 0 {
		if len(b) == 0 {
			return formatErr("%d values missing", left)
		}
		var h format.PageHeader
		pr.ResetBytes(b)
		if err := thrift.NewDecoder(pr).Decode(&h); err != nil {
			return formatErr("page header: %v", err)
		}
		b = b[pr.BytesRead():]
		if h.CompressedPageSize < 0 || int(h.CompressedPageSize) > len(b) {
			return formatErr("a page of %d bytes in %d", h.CompressedPageSize, len(b))
		}
		if h.Type == format.DataPage {
			if n := h.DataPageHeader.V.NumValues; n < 0 || int64(n) > left {
				return formatErr("a page of %d values", n)
			}
		}
		n, err := fn(&h, b[:h.CompressedPageSize])
		if err != nil {
			return err
		}
		b = b[h.CompressedPageSize:]
		left -= int64(n)
	}
	return nil
}

func (d *decoder) page(codec format.CompressionCodec, b []byte, size int) ([]byte, error) {
	out, err := d.appendPage(d.buf[:0], codec, b, size)
	if codec != format.Uncompressed {
		d.buf = out
	}
	return out, err
}

// appendPage appends page b, of size bytes uncompressed, to dst
// uncompressed (for an uncompressed page and an empty dst, it is b).
func (d *decoder) appendPage(dst []byte, codec format.CompressionCodec, b []byte, size int) ([]byte, error) {
	switch codec {
	case format.Uncompressed:
		if len(dst) == 0 {
			return b, nil
		}
		return append(dst, b...), nil
	case format.Snappy:
		n, err := s2.DecodedLen(b)
		if err != nil || n != size {
			return dst, formatErr("a snappy page of %d bytes, not %d (%v)", n, size, err)
		}
		start := len(dst)
		dst = slices.Grow(dst, n)[:start+n]
		out, err := s2.Decode(dst[start:], b) // in place: it has room
		if err != nil || len(out) != n {
			return dst[:start], formatErr("snappy: %v", err)
		}
		return dst, nil
	case format.Zstd:
		start := len(dst)
		out, err := d.zstd().DecodeAll(b, dst)
		if err != nil {
			return dst, formatErr("zstd: %v", err)
		}
		if len(out)-start != size {
			return dst, formatErr("a page of %d bytes, not %d", len(out)-start, size)
		}
		return out, nil
	}
	return dst, formatErr("compression %v", codec)
}

// dataPage decodes a data page of n values (nulls included).
func (d *decoder) dataPage(v *Values, raw []byte, n int, c Column, enc format.Encoding, dict []string, ints []int64) error {
	present := n
	var null []bool
	if c.Optional {
		start := len(v.Null)
		var err error
		if v.Null, raw, err = d.levels(v.Null, raw, n); err != nil {
			return err
		}
		null = v.Null[start:]
		present = 0
		for _, isNull := range null {
			if !isNull {
				present++
			}
		}
	}
	switch {
	case c.Kind == Int64:
		var err error
		v.Ints, err = d.appendInts(v.Ints, raw, n, null, present, enc, ints)
		return err
	case c.Kind == String && enc == format.Plain:
		vals, err := plainStrings(nil, raw, present)
		if err != nil {
			return err
		}
		k := 0
		for i := range n {
			s := ""
			if null == nil || !null[i] {
				s = vals[k]
				k++
			}
			v.Strings = append(v.Strings, s)
		}
	case c.Kind == String && (enc == format.RLEDictionary || enc == plainDictionary):
		ix, err := dictIndexes(d.ix[:0], raw)
		d.ix = ix
		if err != nil {
			return formatErr("dictionary indexes: %v", err)
		}
		if len(ix) < present {
			return formatErr("%d indexes for %d values", len(ix), present)
		}
		k := 0
		for i := range n {
			s := ""
			if null == nil || !null[i] {
				j := ix[k]
				k++
				if j < 0 || int(j) >= len(dict) {
					return formatErr("index %d in a dictionary of %d", j, len(dict))
				}
				s = dict[j]
			}
			v.Strings = append(v.Strings, s)
		}
	default:
		return formatErr("encoding %v", enc)
	}
	return nil
}

// appendInts appends to dst the n values of an Int64 column's data page
// (raw, after its levels; null marks the null rows, nil when there are
// none; present values are not null), PLAIN or indexes into dict.
func (d *decoder) appendInts(dst []int64, raw []byte, n int, null []bool, present int, enc format.Encoding, dict []int64) ([]int64, error) {
	var ix []int32
	switch enc {
	case format.Plain:
		if len(raw) < 8*present {
			return dst, formatErr("a page cut short")
		}
	case format.RLEDictionary, plainDictionary:
		var err error
		ix, err = dictIndexes(d.ix[:0], raw)
		d.ix = ix
		if err != nil {
			return dst, formatErr("dictionary indexes: %v", err)
		}
		if len(ix) < present {
			return dst, formatErr("%d indexes for %d values", len(ix), present)
		}
	default:
		return dst, formatErr("encoding %v", enc)
	}
	if ix == nil && null == nil {
		base := len(dst)
		dst = slices.Grow(dst, n)[:base+n]
		raw = raw[:8*n]
		for i := range n {
			dst[base+i] = int64(binary.LittleEndian.Uint64(raw[8*i:]))
		}
		return dst, nil
	}
	k := 0
	for i := range n {
		var x int64
		if null == nil || !null[i] {
			if ix == nil {
				x = int64(binary.LittleEndian.Uint64(raw[8*k:]))
			} else if j := ix[k]; j >= 0 && int(j) < len(dict) {
				x = dict[j]
			} else {
				return dst, formatErr("index %d in a dictionary of %d", j, len(dict))
			}
			k++
		}
		dst = append(dst, x)
	}
	return dst, nil
}

// dictIndexes decodes the dictionary indexes of a data page (a bit
// width, then runs of RLE or bit-packed values) into dst. parquet-go's
// decoder takes a bit-packed run's length on trust (a page cut short
// makes it panic), so the runs are checked against the page first.
func dictIndexes(dst []int32, raw []byte) ([]int32, error) {
	if len(raw) > 0 {
		w := int(raw[0])
		for i := 1; i < len(raw); {
			u, n := binary.Uvarint(raw[i:])
			if n <= 0 {
				break // the decoder says what is wrong
			}
			i += n
			if u>>1 == 0 {
				continue // an empty run: the decoder skips nothing more
			}
			if u&1 == 0 {
				i += (w + 7) / 8 // a run of one value
				continue
			}
			groups := u >> 1
			if groups > uint64(len(raw)) || i+int(groups)*w > len(raw) {
				return dst, fmt.Errorf("a bit-packed run of %d groups of 8 in %d bytes", groups, len(raw)-i)
			}
			i += int(groups) * w
		}
	}
	return (&rle.DictionaryEncoding{}).DecodeInt32(dst, raw)
}

// plainInts reads n PLAIN int64 values from raw (an Int64 column's
// dictionary).
func plainInts(dst []int64, raw []byte, n int) ([]int64, error) {
	if n < 0 || len(raw)/8 < n {
		return nil, formatErr("%d values in %d bytes", n, len(raw))
	}
	for i := range n {
		dst = append(dst, int64(binary.LittleEndian.Uint64(raw[8*i:])))
	}
	return dst, nil
}

// levels reads the definition levels of the n values of an optional
// column's data page raw, appending to null whether each is null, and
// returns the values after them.
func (d *decoder) levels(null []bool, raw []byte, n int) ([]bool, []byte, error) {
	if len(raw) < 4 {
		return null, nil, formatErr("a page cut short")
	}
	ln := int(binary.LittleEndian.Uint32(raw))
	if ln > len(raw)-4 {
		return null, nil, formatErr("levels of %d bytes", ln)
	}
	lv, err := (&rle.Encoding{BitWidth: 1}).DecodeLevels(d.lv[:0], raw[4:4+ln])
	d.lv = lv
	if err != nil {
		return null, nil, formatErr("levels: %v", err)
	}
	if len(lv) < n {
		return null, nil, formatErr("%d levels for %d values", len(lv), n)
	}
	for i := range n {
		null = append(null, lv[i] == 0)
	}
	return null, raw[4+ln:], nil
}

// plainStrings reads n PLAIN byte arrays from raw: one string holds them
// all, and each value is a slice of it.
func plainStrings(dst []string, raw []byte, n int) ([]string, error) {
	all := string(raw)
	off := 0
	for range n {
		if off+4 > len(all) {
			return nil, formatErr("a string cut short")
		}
		l := int(binary.LittleEndian.Uint32(raw[off:]))
		off += 4
		if l > len(all)-off {
			return nil, formatErr("a string cut short")
		}
		dst = append(dst, all[off:off+l])
		off += l
	}
	return dst, nil
}
