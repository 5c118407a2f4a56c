package gutenberg_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus/gutenberg"
)

// TestOldShapes strips the made-up files of testdata/gutenberg, each in a
// shape of the oldest Gutenberg texts, and compares what is kept with the
// hand-written NAME.want beside it. StripBytes either keeps the same or
// leaves the file to Strip.
func TestOldShapes(t *testing.T) {
	wants, _ := filepath.Glob("../../testdata/gutenberg/*.want")
	if len(wants) == 0 {
		t.Fatal("no fixtures in testdata/gutenberg")
	}
	for _, w := range wants {
		name := strings.TrimSuffix(filepath.Base(w), ".want")
		text, err := os.ReadFile(strings.TrimSuffix(w, ".want") + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(w)
		if err != nil {
			t.Fatal(err)
		}
		if got := stripStream(t, text); !bytes.Equal(got, want) {
			t.Errorf("%s: Strip keeps\n%s\nwant\n%s", name, got, want)
		}
		checkSame(t, name, text)
		if kept, ok := gutenberg.StripBytes(text); ok && !bytes.Equal(kept, want) {
			t.Errorf("%s: StripBytes keeps\n%s\nwant\n%s", name, kept, want)
		}
	}
}

// TestOldShapesNarrow checks that the rules for old files leave a book's
// own text alone: a banner's words inside a paragraph, header words with
// no banner before them, and a paragraph too long to be a banner.
func TestOldShapesNarrow(t *testing.T) {
	long := "The Project Gutenberg Etext of a long paragraph\n" + strings.Repeat("that goes on and on\n", 70)
	for _, body := range []string{
		"He said: The Project Gutenberg Etext of this tale\nis in the public domain.\n\nThe end.\n",
		"Title: a chapter heading\n\nCopyright laws are changing all over the world,\nthe old lawyer said.\n\nThe end.\n",
		"Release Date: a line in a play\n\nThe end.\n",
		"Chapter one.\n\n" + long + "\nThe end.\n",
	} {
		text := "*** START OF THE PROJECT GUTENBERG EBOOK X ***\n\nWords first.\n\n" + body +
			"*** END OF THE PROJECT GUTENBERG EBOOK X ***\nlicence\n"
		want := "Words first.\n\n" + body
		if got := string(stripStream(t, []byte(text))); got != want {
			t.Errorf("Strip(%.40q...) keeps\n%q\nwant\n%q", body, got, want)
		}
		checkSame(t, "narrow", []byte(text))
	}
}

// BenchmarkStripBanners strips 5 MB of one-line works each under its own
// banner: each banner's look-ahead goes on from where the last one
// stopped, so this costs what plain text does, not a look-ahead of 1000
// lines per banner.
func BenchmarkStripBanners(b *testing.B) {
	text := []byte("*** START OF THE PROJECT GUTENBERG EBOOK X ***\n" +
		strings.Repeat("**The Project Gutenberg Etext of X**\n\nx\n\n", 5<<20/40))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		stripStream(b, text)
	}
}
