package count

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// BenchmarkIndexFold finds every "gutenberg" in War and Peace (3.3 MB of
// prose, the word in its header and licence), one IndexFold after another
// as the END marker search does; without the shared corpus, in English
// text made up here. IndexByte of a byte absent from the text is the
// yardstick.
//
//	go test -run XXX -bench IndexFold ./count
func BenchmarkIndexFold(b *testing.B) {
	text, err := os.ReadFile("../../shared/corpus/books/pg2600-war-and-peace.txt")
	if err != nil {
		text = []byte(strings.Repeat("It was in July, 1805, and the speaker was the well-known Anna Pavlovna.\n", 50000) + "Project Gutenberg")
	}
	b.Run("gutenberg", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			for i := 0; ; i++ {
				c := IndexFold(text[i:], "gutenberg")
				if c < 0 {
					break
				}
				i += c
			}
		}
	})
	b.Run("indexbyte", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			if bytes.IndexByte(text, 0) >= 0 {
				b.Fatal("NUL in the text")
			}
		}
	})
}
