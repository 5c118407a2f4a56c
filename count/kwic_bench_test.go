package count_test

import (
	"os"
	"testing"

	"github.com/gutcount/gutcount/count"
)

// BenchmarkKwic finds "the" with contexts of 40 characters in Moby Dick,
// an English text (ASCII with curly quotes), and in Faust, with umlauts.
func BenchmarkKwic(b *testing.B) {
	for _, name := range []string{"pg2701-moby-dick-modern.txt", "pg2229-faust-de.txt"} {
		text, err := os.ReadFile("../../shared/corpus/books/" + name)
		if err != nil {
			b.Skip("shared corpus not found")
		}
		b.Run(name, func(b *testing.B) {
			f := &count.Finder{Phrases: []count.Phrase{count.ParsePhrase("the", count.Options{})}, Options: count.Options{Workers: 1}, Width: 40}
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				f.Bytes(text, func(count.Match) error { return nil })
			}
		})
	}
}
