package gutenberg

import (
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"

	"github.com/gutcount/gutcount/count"
)

// Windows1252 is Windows-1252 decoded as WHATWG decodes it (and as
// LookupEncoding returns it, for "windows-1252", "latin1", "iso-8859-1"
// and their other labels): the five bytes the code page leaves undefined
// (0x81, 0x8D, 0x8F, 0x90, 0x9D) become the C1 controls of the same
// number, as in ISO-8859-1, where golang.org/x/text's charmap makes them
// all U+FFFD, so words that differ in them stay apart. Its encoder is
// charmap's.
var Windows1252 encoding.Encoding = windows1252{}

type windows1252 struct{}

func (windows1252) NewDecoder() *encoding.Decoder {
	return &encoding.Decoder{Transformer: decode1252{}}
}

func (windows1252) NewEncoder() *encoding.Encoder { return charmap.Windows1252.NewEncoder() }

func (windows1252) String() string { return "windows-1252" }

// high1252 is the UTF-8 of each byte from 0x80.
var high1252 = func() (t [128]struct {
	b [3]byte
	n uint8
}) {
	for i := range t {
		c := byte(0x80 + i)
		r := charmap.Windows1252.DecodeByte(c)
		if r == utf8.RuneError {
			r = rune(c)
		}
		t[i].n = uint8(utf8.EncodeRune(t[i].b[:], r))
	}
	return t
}()

// AppendWindows1252 appends src, decoded as Windows1252 decodes it, to
// dst: a text in memory decoded in one pass, with none of a
// transform.Reader's copies between its buffers.
func AppendWindows1252(dst, src []byte) []byte {
	for len(src) > 0 {
		if c := src[0]; c >= 0x80 {
			e := &high1252[c-0x80]
			dst = append(dst, e.b[:e.n]...)
			src = src[1:]
			continue
		}
		k := max(count.FirstHigh(src), 1)
		dst = append(dst, src[:k]...)
		src = src[k:]
	}
	return dst
}

type decode1252 struct{ transform.NopResetter }

// Transform decodes src, copying runs of ASCII whole (found by count's
// vector scan).
func (decode1252) Transform(dst, src []byte, _ bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		if c := src[nSrc]; c >= 0x80 {
			e := &high1252[c-0x80]
			if nDst+int(e.n) > len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			nDst += copy(dst[nDst:], e.b[:e.n])
			nSrc++
			continue
		}
		run := src[nSrc:min(len(src), nSrc+len(dst)-nDst)]
		if len(run) == 0 {
			return nDst, nSrc, transform.ErrShortDst
		}
		k := max(count.FirstHigh(run), 1)
		nDst += copy(dst[nDst:], run[:k])
		nSrc += k
	}
	return nDst, nSrc, nil
}
