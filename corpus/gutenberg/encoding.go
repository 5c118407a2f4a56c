package gutenberg

import (
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
)

// LookupEncoding resolves a charset label to an encoding and its WHATWG
// name. It returns a nil encoding for names that say nothing beyond
// ASCII (and for an empty name), so that the bytes decide.
func LookupEncoding(name string) (encoding.Encoding, string, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	switch name {
	case "", "ascii", "us-ascii", "ansi_x3.4-1968", "iso646-us":
		return nil, "", nil
	}
	enc, err := htmlindex.Get(name)
	if err != nil {
		return nil, "", err
	}
	label, _ := htmlindex.Name(enc)
	return enc, label, nil
}
