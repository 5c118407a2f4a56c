package corpus

import (
	"bytes"
	"io"
	"os"

	"github.com/gutcount/gutcount/corpus/gutenberg"
	"github.com/gutcount/gutcount/corpus/store"
)

// Describe fills in e's metadata from the Gutenberg header of its text,
// and tells its encoding: declared (by the server or the header), else
// detected as Text detects it. It is the store's Describe.
func Describe(f *os.File, e *store.Entry) error {
	head := make([]byte, headSize)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return err
	}
	head = head[:n]
	bom := bytes.HasPrefix(head, []byte("\xef\xbb\xbf"))
	e.Meta = store.Meta(gutenberg.ParseHeader(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))))
	enc, label, lerr := gutenberg.LookupEncoding(e.Charset)
	if lerr != nil || enc == nil {
		enc, label, lerr = gutenberg.LookupEncoding(e.Meta.Encoding)
	}
	switch {
	case lerr == nil && enc != nil:
		e.Meta.Encoding = label
		return nil
	case bom:
		e.Meta.Encoding = "utf-8"
		return nil
	}
	// The first non-ASCII byte decides, as in Text.
	a := &autoReader{r: io.MultiReader(bytes.NewReader(head), f)}
	buf := make([]byte, 1<<20)
	for a.Encoding() == "" {
		if _, err := a.Read(buf); err != nil {
			break
		}
	}
	e.Meta.Encoding = a.Encoding()
	if e.Meta.Encoding == "" {
		e.Meta.Encoding = "utf-8"
	}
	return nil
}
