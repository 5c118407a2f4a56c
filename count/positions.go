package count

import "encoding/binary"

// Positions holds increasing token indices as varint deltas: a byte or
// two an occurrence, so a caller listing where a word occurs holds its
// answer and not the text. The zero value is empty and ready to use.
type Positions struct {
	b    []byte
	last int64
	n    int64
}

// Add appends index i, which must be at least the last one added.
func (p *Positions) Add(i int64) {
	p.b = binary.AppendUvarint(p.b, uint64(i-p.last))
	p.last = i
	p.n++
}

// Len is the number of indices added.
func (p *Positions) Len() int64 { return p.n }

// Each calls fn with each index in the order they were added, and stops
// at the first error fn returns, which it returns.
func (p *Positions) Each(fn func(int64) error) error {
	x := int64(0)
	for b := p.b; len(b) > 0; {
		d, k := binary.Uvarint(b)
		b = b[k:]
		x += int64(d)
		if err := fn(x); err != nil {
			return err
		}
	}
	return nil
}
