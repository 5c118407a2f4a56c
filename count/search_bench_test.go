package count

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// BenchmarkSearchPaths compares the block search (AVX2 where the machine
// has it) with the plain loop over bytes.IndexByte, for words of common
// bytes (the, and) and of rare ones (whale, Jerusalem), on kjvbible x2.
//
//	go test -run XXX -bench SearchPaths ./count
func BenchmarkSearchPaths(b *testing.B) {
	text, err := os.ReadFile("../../shared/corpus/kjv/kjvbible.txt")
	if err != nil {
		text = []byte(strings.Repeat("In the beginning God created the heaven and the earth. Jerusalem whale\n", 60000))
	}
	text = bytes.Repeat(text, 2)
	for _, o := range []struct {
		name string
		o    Options
	}{{"exact", Options{}}, {"i", Options{IgnoreCase: true}}} {
		for _, word := range []string{"the", "and", "whale", "Jerusalem", "@@absent"} {
			w := o.o.Normalize(nil, []byte(word))
			// With -tags purego, "vector" and "auto" are the Go forms.
			for _, path := range []struct {
				name string
				p    searchPath
			}{{"vector", kernelPath}, {"plain", plainPath}, {"auto", autoPath}} {
				b.Run(o.name+"/"+word+"/"+path.name, func(b *testing.B) {
					b.SetBytes(int64(len(text)))
					for b.Loop() {
						s := newSearcher([][]byte{w}, o.o)
						s.path = path.p
						s.chunk(text)
					}
				})
			}
		}
	}
}
