package corpus

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"runtime"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/transform"

	"github.com/gutcount/gutcount/corpus/gutenberg"
	"github.com/gutcount/gutcount/count"
)

// TextOptions says how Text reads a book.
type TextOptions struct {
	// Encoding, when set, is the encoding to use whatever the book says
	// (a WHATWG label such as "utf-8", "latin1", "windows-1252").
	Encoding string
	// Declared is the charset the server sent, if any.
	Declared string
	// Raw keeps the Project Gutenberg header and footer.
	Raw bool
	// RegularOnly opens a file source only if it is a regular file once
	// open (through a link or not): a FIFO, a device or a directory put
	// at its path after it was checked is an error before a byte is read,
	// never a wait for a writer or a read without end (a batch's rule).
	RegularOnly bool
	// Maps, when set, is where a file's text is mapped: the files one
	// reader opens after another (a batch worker's books) are unmapped
	// together, a TLB flush on every core for many files rather than for
	// each. Its texts must be opened and closed by one goroutine at a time.
	Maps *MapRegion
}

// headSize is how much of a book is looked at for its BOM and header.
const headSize = 64 << 10

// Text returns a reader of the UTF-8 text of the book read from r and the
// metadata of its Gutenberg header. The encoding is o.Encoding, else
// o.Declared, else the header's "Character set encoding:", else UTF-8 when
// a UTF-8 byte-order mark starts the book or when the first non-ASCII bytes
// are valid UTF-8, else Windows-1252. A declared label that names no
// encoding is passed over (as Library.OpenText notes). Unless o.Raw, only
// the text between the START and END markers is read (see gutenberg.Strip).
func Text(r io.Reader, o TextOptions) (io.Reader, Header, error) {
	text, h, _, err := readText(r, o)
	return text, h, err
}

// readText is Text, which also returns the *gutenberg.UnknownEncodingError
// of a declared label passed over.
func readText(r io.Reader, o TextOptions) (text io.Reader, h Header, unknown, err error) {
	br := bufio.NewReaderSize(r, headSize)
	head, err := br.Peek(headSize)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, Header{}, nil, err
	}
	bom := bytes.HasPrefix(head, []byte("\xef\xbb\xbf"))
	if bom {
		br.Discard(3)
		head = head[3:]
	}
	h = Header(gutenberg.ParseHeader(head))
	text = br
	enc, label, unknown, err := o.encoding(bom, h)
	switch {
	case err != nil:
		return nil, h, nil, err
	case enc == nil:
		text = &autoReader{r: br}
		h.Encoding = "auto"
	case label == "utf-8":
		h.Encoding = label
	default:
		text = transform.NewReader(br, enc.NewDecoder())
		h.Encoding = label
	}
	if !o.Raw {
		text = gutenberg.Strip(text)
	}
	return text, h, unknown, nil
}

// encoding returns the encoding to read a book with (nil when the bytes
// decide) and its name. An unknown o.Encoding is a usage error; an
// unknown declared label is passed over, and returned as unknown.
func (o TextOptions) encoding(bom bool, h Header) (enc encoding.Encoding, label string, unknown, err error) {
	enc, label, err = gutenberg.LookupEncoding(o.encodingName(bom, h))
	switch {
	case err != nil && o.Encoding != "":
		return nil, "", nil, &EncodingError{Name: o.Encoding, Try: []string{"utf-8", "latin1", "windows-1252"}}
	case err != nil:
		return nil, "", err, nil
	}
	return enc, label, nil, nil
}

// encodingName is the encoding asked for: --encoding, else UTF-8 after a
// byte-order mark, else the server's charset, else the header's.
func (o TextOptions) encodingName(bom bool, h Header) string {
	switch {
	case o.Encoding != "":
		return o.Encoding
	case bom:
		return "utf-8"
	case o.Declared != "":
		return o.Declared
	}
	return h.Encoding
}

// firstNonASCII returns the index of the first byte >= 0x80 in b, or
// len(b): count's vector scan, on every core for a large b (its pages are
// then faulted in on every core too).
func firstNonASCII(b []byte) int {
	nw := runtime.GOMAXPROCS(0)
	if nw == 1 || len(b) < 4<<20 {
		return count.FirstHigh(b)
	}
	part := (len(b) + nw - 1) / nw
	first := make([]int, nw)
	count.EachPart(nw, func(i int) {
		lo, hi := min(i*part, len(b)), min((i+1)*part, len(b))
		first[i] = lo + count.FirstHigh(b[lo:hi])
	})
	for i, k := range first {
		if k < min((i+1)*part, len(b)) {
			return k
		}
	}
	return len(b)
}

// autoReader passes bytes through as UTF-8 until it meets the first
// non-ASCII byte: if that starts a valid UTF-8 sequence the text is UTF-8
// (later invalid bytes stay in tokens as they are), otherwise it is
// Windows-1252 and is decoded from there on. ASCII reads the same in both,
// so deciding late changes nothing already read.
type autoReader struct {
	r    io.Reader
	mode string // "", "utf-8" or "windows-1252"
}

// Encoding returns the encoding decided so far ("" while only ASCII was read).
func (a *autoReader) Encoding() string { return a.mode }

func (a *autoReader) Read(p []byte) (int, error) {
	if a.mode != "" {
		return a.r.Read(p)
	}
	n, err := a.r.Read(p)
	k := firstNonASCII(p[:n])
	if k == n {
		return n, err
	}
	rest := p[k:n]
	if !utf8.FullRune(rest) && err == nil {
		// Read on until the rune is whole or the input ends.
		more := append([]byte(nil), rest...)
		for !utf8.FullRune(more) {
			var b [1]byte
			m, rerr := a.r.Read(b[:])
			more = append(more, b[:m]...)
			if rerr != nil {
				break
			}
		}
		a.r = io.MultiReader(bytes.NewReader(more), a.r)
		return k, nil
	}
	if r, size := utf8.DecodeRune(rest); r == utf8.RuneError && size <= 1 {
		a.mode = "windows-1252"
		stash := append([]byte(nil), rest...)
		a.r = transform.NewReader(io.MultiReader(bytes.NewReader(stash), a.r), gutenberg.Windows1252.NewDecoder())
		if k == 0 {
			return a.Read(p)
		}
		return k, nil
	}
	a.mode = "utf-8"
	return n, err
}

// TextBytes returns the text of a whole book held in memory as a slice of
// it, without copying, when that is what Text would read: when the book is
// declared UTF-8 or its encoding is to be detected, and (unless o.Raw) its
// header and footer are stripped (gutenberg.StripBytes). ok is false when the caller
// must use Text instead (another encoding, or a detected one that the
// bytes before the text already show to be Windows-1252). With detect, the
// encoding is still to be decided by the first non-ASCII byte of text (see
// FirstNonASCII): if it is not valid UTF-8, the caller must start again
// with Text, which decodes Windows-1252.
func TextBytes(b []byte, o TextOptions) (text []byte, detect, ok bool) {
	text, _, detect, _, ok = textBytes(b, o)
	return text, detect, ok
}

// textBytes is TextBytes, which also returns the header of b (of the
// file, not of the stripped text) and the *gutenberg.UnknownEncodingError
// of a declared label passed over.
func textBytes(b []byte, o TextOptions) (text []byte, h Header, detect bool, unknown error, ok bool) {
	bom := bytes.HasPrefix(b, []byte("\xef\xbb\xbf"))
	if bom {
		b = b[3:]
	}
	h = Header(gutenberg.ParseHeader(b[:min(len(b), headSize)]))
	enc, label, unknown, err := o.encoding(bom, h)
	switch {
	case err != nil:
		return nil, h, false, nil, false // Text reports the bad --encoding
	case enc != nil && label != "utf-8":
		return nil, h, false, nil, false
	case enc == nil:
		detect = true
	}
	text = b
	if !o.Raw {
		var whole bool
		if text, whole = gutenberg.StripBytes(b); !whole {
			return nil, h, false, nil, false // Strip drops paragraphs here and there
		}
	}
	if detect {
		// The header and credits before the text count in the decision.
		before := b[:cap(b)-cap(text)] // text is a slice of b
		if k, valid := FirstNonASCII(before); k < len(before) {
			if !valid {
				return nil, h, false, nil, false
			}
			detect = false
		}
	}
	return text, h, detect, unknown, true
}

// FirstNonASCII returns the index of the first byte >= 0x80 in b (len(b)
// when there is none), and whether a valid UTF-8 sequence starts there. A
// sequence cut by the end of b is not valid: b ends where the text ends.
func FirstNonASCII(b []byte) (int, bool) {
	k := firstNonASCII(b)
	if k == len(b) {
		return k, true
	}
	r, size := utf8.DecodeRune(b[k:])
	return k, !(r == utf8.RuneError && size <= 1)
}
