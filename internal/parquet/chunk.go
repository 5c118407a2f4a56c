package parquet

import (
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/parquet-go/parquet-go/format"
)

// Chunk is one column of a row group with its pages decompressed but its
// strings left as bytes in one buffer, found by offset: a reader that
// wants only some rows of a large row group (the first words of a book)
// pays for no string it does not read, where File.RowGroup makes every
// one. A Chunk's memory is reused by the next ReadChunk into it, and the
// bytes it returns are valid until then.
type Chunk struct {
	kind Kind
	n    int
	null []bool  // empty when no value is null
	ints []int64 // an Int64 column's values, 0 where null
	dict []int64 // an Int64 column's dictionary
	// A String column's distinct values (its dictionary, or its plain
	// values in order) are in strs, value j PLAIN-encoded at off[j] (its
	// length, then its bytes); ix gives the value of each row (-1: null),
	// or is nil when row k has value k. A dictionary's offsets are found
	// as far as values are asked for (a book's first words need not walk
	// all its words): off holds the first of its nvals, next is where the
	// one after them starts.
	strs  []byte
	off   []int
	nvals int
	next  int
	ix    []int32
	err   error // a value that is not where its dictionary says
	// scratch
	comp, raw []byte
}

// Len is the chunk's number of rows.
func (c *Chunk) Len() int { return c.n }

// Null reports whether row k is null.
func (c *Chunk) Null(k int) bool { return len(c.null) > 0 && c.null[k] }

// Ints is an Int64 column's values, 0 where null.
func (c *Chunk) Ints() []int64 { return c.ints }

// Bytes is row k's value of a String column (nil where null, and where
// the dictionary is damaged: Err then says so).
func (c *Chunk) Bytes(k int) []byte {
	j := k
	if c.ix != nil {
		if j = int(c.ix[k]); j < 0 {
			return nil
		}
	}
	if j >= len(c.off) && !c.walk(j) {
		return nil
	}
	at := c.off[j] + 4
	end := at + int(binary.LittleEndian.Uint32(c.strs[at-4:]))
	return c.strs[at:end:end]
}

// Err is the error of a value Bytes could not find (a damaged
// dictionary), or nil.
func (c *Chunk) Err() error { return c.err }

// walk finds the dictionary's offsets up to value j's.
func (c *Chunk) walk(j int) bool {
	at := c.next
	for len(c.off) <= j {
		if at+4 > len(c.strs) {
			c.err = formatErr("a string cut short")
			return false
		}
		l := int(binary.LittleEndian.Uint32(c.strs[at:]))
		if l > len(c.strs)-at-4 {
			c.err = formatErr("a string cut short")
			return false
		}
		c.off = append(c.off, at)
		at += 4 + l
	}
	c.next = at
	return true
}

// ReadChunk reads column col of row group i into c.
func (f *File) ReadChunk(i, col int, c *Chunk) error {
	if i < 0 || i >= len(f.meta.RowGroups) || col < 0 || col >= len(f.schema) {
		return fmt.Errorf("parquet: no column %d of row group %d", col, i)
	}
	rg := &f.meta.RowGroups[i]
	if len(rg.Columns) != len(f.schema) {
		return formatErr("row group %d has %d columns", i, len(rg.Columns))
	}
	md := &rg.Columns[col].MetaData
	start := md.DataPageOffset
	if md.DictionaryPageOffset > 0 && md.DictionaryPageOffset < start {
		start = md.DictionaryPageOffset
	}
	if start < 0 || md.TotalCompressedSize < 0 || md.TotalCompressedSize > f.size-start {
		return formatErr("a column chunk of %d bytes at %d in %d", md.TotalCompressedSize, start, f.size)
	}
	if int64(cap(c.comp)) < md.TotalCompressedSize {
		c.comp = make([]byte, md.TotalCompressedSize)
	}
	c.comp = c.comp[:md.TotalCompressedSize]
	if _, err := f.r.ReadAt(c.comp, start); err != nil {
		return err
	}
	d, _ := f.ds.Get().(*decoder)
	if d == nil {
		d = newDecoder()
	}
	defer f.ds.Put(d)
	if err := c.read(d, f.schema[col], md); err != nil {
		return fmt.Errorf("row group %d, column %s: %w", i, f.schema[col].Name, err)
	}
	return nil
}

// read decodes the column chunk in c.comp.
func (c *Chunk) read(d *decoder, col Column, md *format.ColumnMetaData) error {
	c.kind, c.n, c.nvals, c.next, c.err = col.Kind, 0, 0, 0, nil
	c.null, c.ints, c.dict, c.strs, c.off, c.ix = c.null[:0], c.ints[:0], c.dict[:0], c.strs[:0], c.off[:0], c.ix[:0]
	if md.NumValues < 0 || md.NumValues > maxValues {
		return formatErr("%d values in a column chunk", md.NumValues)
	}
	dict := false
	hasNull := false
	err := eachPage(c.comp, md.NumValues, func(h *format.PageHeader, page []byte) (int, error) {
		size := int(h.UncompressedPageSize)
		switch h.Type {
		case format.DictionaryPage:
			if dict || c.n > 0 {
				return 0, formatErr("a dictionary page out of place")
			}
			dict = true
			var err error
			if col.Kind == Int64 {
				raw, err := d.page(md.Codec, page, size)
				if err == nil {
					c.dict, err = plainInts(c.dict, raw, int(h.DictionaryPageHeader.V.NumValues))
				}
				return 0, err
			}
			if c.strs, err = d.appendPage(c.strs[:0], md.Codec, page, size); err != nil {
				return 0, err
			}
			// Its offsets are found as values are asked for (walk).
			if c.nvals = int(h.DictionaryPageHeader.V.NumValues); c.nvals < 0 || c.nvals > len(c.strs)/4 {
				return 0, formatErr("%d strings in %d bytes", c.nvals, len(c.strs))
			}
			return 0, nil
		case format.DataPage:
		default:
			return 0, formatErr("a page of type %v", h.Type)
		}
		n := int(h.DataPageHeader.V.NumValues)
		if col.Kind == String && !col.Optional && !dict && h.DataPageHeader.V.Encoding == format.Plain {
			// Strings without levels (a words table's words): decoded
			// straight onto the strings before them, not into a page
			// copied there.
			at := len(c.strs)
			var err error
			if md.Codec == format.Uncompressed {
				c.strs = append(c.strs, page...)
			} else if c.strs, err = d.appendPage(c.strs, md.Codec, page, size); err != nil {
				return 0, err
			}
			if err := c.offsets(at, n); err != nil {
				return 0, err
			}
			c.nvals = len(c.off)
			c.n += n
			return n, nil
		}
		raw, err := d.appendPage(c.raw[:0], md.Codec, page, size)
		if err != nil {
			return 0, err
		}
		if md.Codec != format.Uncompressed {
			c.raw = raw
		}
		present := n
		var null []bool // of this page's rows; nil: none
		if col.Optional {
			first := len(c.null)
			if c.null, raw, err = d.levels(c.null, raw, n); err != nil {
				return 0, err
			}
			null = c.null[first:]
			present = 0
			for _, isNull := range null {
				if isNull {
					hasNull = true
				} else {
					present++
				}
			}
		}
		switch enc := h.DataPageHeader.V.Encoding; {
		case col.Kind == Int64:
			if c.ints, err = d.appendInts(c.ints, raw, n, null, present, enc, c.dict); err != nil {
				return 0, err
			}
		case col.Kind == String && enc == format.Plain && !dict:
			j := len(c.off)
			c.strs = append(c.strs, raw...)
			if err := c.offsets(len(c.strs)-len(raw), present); err != nil {
				return 0, err
			}
			c.nvals = len(c.off)
			for i := range n {
				if null != nil && null[i] {
					c.ix = append(c.ix, -1)
				} else {
					c.ix = append(c.ix, int32(j))
					j++
				}
			}
		case col.Kind == String && dict && (enc == format.RLEDictionary || enc == plainDictionary):
			ix, err := dictIndexes(d.ix[:0], raw)
			d.ix = ix
			if err != nil {
				return 0, formatErr("dictionary indexes: %v", err)
			}
			if len(ix) < present {
				return 0, formatErr("%d indexes for %d values", len(ix), present)
			}
			if null == nil {
				ix = ix[:n]
				for _, j := range ix {
					if uint32(j) >= uint32(c.nvals) {
						return 0, formatErr("index %d in a dictionary of %d", j, c.nvals)
					}
				}
				c.ix = append(c.ix, ix...)
				break
			}
			k := 0
			for i := range n {
				j := int32(-1)
				if !null[i] {
					j = ix[k]
					k++
					if j < 0 || int(j) >= c.nvals {
						return 0, formatErr("index %d in a dictionary of %d", j, c.nvals)
					}
				}
				c.ix = append(c.ix, j)
			}
		default:
			return 0, formatErr("encoding %v", enc)
		}
		c.n += n
		return n, nil
	})
	if err != nil {
		return err
	}
	if !hasNull {
		c.null = c.null[:0]
	}
	if c.kind == String && !dict && !hasNull {
		c.ix = nil // row k has value k
	}
	return nil
}

// offsets finds the n PLAIN byte arrays in c.strs from at, appending
// where each starts to c.off.
func (c *Chunk) offsets(at, n int) error {
	// Each takes 4 bytes at least: a count gone wrong grows nothing.
	c.off = slices.Grow(c.off, min(n, (len(c.strs)-at)/4))
	for range n {
		if at+4 > len(c.strs) {
			return formatErr("a string cut short")
		}
		c.off = append(c.off, at)
		l := int(binary.LittleEndian.Uint32(c.strs[at:]))
		at += 4
		if l > len(c.strs)-at {
			return formatErr("a string cut short")
		}
		at += l
	}
	return nil
}
