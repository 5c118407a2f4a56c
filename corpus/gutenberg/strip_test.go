package gutenberg_test

import (
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus/gutenberg"
)

func stripStream(t testing.TB, b []byte) []byte {
	t.Helper()
	out, err := io.ReadAll(gutenberg.Strip(bytes.NewReader(b)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkSame fails when StripBytes and the streaming Strip keep different
// bytes; it returns false when StripBytes leaves the text to Strip.
func checkSame(t testing.TB, name string, b []byte) bool {
	t.Helper()
	want := stripStream(t, b)
	if !linesOf(want, b) {
		t.Errorf("%s: Strip keeps %.200q, which is not made of the text's lines in order", name, want)
	}
	// StripBytes as it runs, then with the END marker searched for in
	// 2, 3 and 7 parts whatever the text's size, so part edges fall
	// everywhere.
	for _, parts := range []int{0, 2, 3, 7} {
		got, ok := gutenberg.StripBytes(b)
		if parts > 0 {
			got, ok = gutenberg.StripBytesParts(b, parts)
		}
		if !ok {
			return false
		}
		if !bytes.Equal(got, want) {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s (END searched in %d parts): StripBytes keeps %d bytes, Strip %d; first difference at %d: %.60q vs %.60q",
				name, max(parts, 1), len(got), len(want), i, got[min(i, len(got)):], want[min(i, len(want)):])
		}
	}
	return true
}

// linesOf reports whether kept is made of whole lines of text, in order
// (what every rule of the stripper keeps).
func linesOf(kept, text []byte) bool {
	for len(kept) > 0 {
		i := bytes.IndexByte(kept, '\n') + 1
		if i == 0 {
			i = len(kept)
		}
		line := kept[:i]
		for {
			j := bytes.IndexByte(text, '\n') + 1
			if j == 0 {
				j = len(text)
			}
			if j == 0 {
				return false
			}
			this := text[:j]
			text = text[j:]
			if bytes.Equal(this, line) {
				break
			}
		}
		kept = kept[i:]
	}
	return true
}

func TestStripBytesOnBooks(t *testing.T) {
	files, _ := filepath.Glob(shared + "books/*.txt")
	if len(files) == 0 {
		t.Skip("shared corpus not found")
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		if !checkSame(t, filepath.Base(f), b) {
			t.Errorf("%s: StripBytes leaves the book to Strip; want it kept as one run", f)
		}
		// The same book with its header cut off: it still ends at END.
		if i := bytes.Index(b, []byte("*** START")); i > 0 {
			checkSame(t, filepath.Base(f)+" without header", b[i+100:])
		}
	}
}

// pieces are the lines texts are made of in the tests below: markers of
// every kind, credits, blank lines, text, and long lines.
var pieces = []string{
	"*** START OF THE PROJECT GUTENBERG EBOOK MOBY DICK ***\n",
	"*** START OF THIS PROJECT GUTENBERG EBOOK A LONG TITLE\n",
	"WRAPPED ONTO THIS LINE ***\n",
	"***START OF THE PROJECT GUTENBERG EBOOK X***\r\n",
	"*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*\n",
	"*** END OF THE PROJECT GUTENBERG EBOOK MOBY DICK ***\n",
	"End of the Project Gutenberg EBook of Moby Dick\n",
	"  End of Project Gutenberg's Alice\r\n",
	"ENDE DIESES PROJEKT GUTENBERG EBOOKS\n",
	"*** END OF THE COPYRIGHTED WORK\n", "*** END OF THE COPYRIGHTED PROJECT GUTENBERG-tm EBOOK\n",
	"the Project Gutenberg license, gutenberg.org\n",
	"*** a line of stars ***\n",
	"Produced by Someone and the Online Distributed\n",
	"Proofreading Team at http://www.pgdp.net\n",
	"E-text prepared by a volunteer\n",
	"\n", "\r\n", "   \n",
	"Call me Ishmael. Some years ago, never mind how long precisely\n",
	"whale gutenBERG whale\n",
	"no newline at the end",
	// The oldest shapes: banners, a second header, old footers.
	"**The Project Gutenberg Etext of The Mill, by J. Arden**\n",
	"The Project Gutenberg Etext of The Orchard, by E. Fenn\r\n",
	"#2 in our series by E. Fenn\n",
	"This Etext was prepared by Tom Reed\n",
	"Copyright laws are changing all over the world, be sure to check\n",
	"**Welcome To The World of Free Plain Vanilla Electronic Texts**\n",
	"Title:  The Orchard\n", "Release Date:  June, 2001  [Etext #99902]\n",
	"*END THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*\n",
	"***End of the Collected Etexts of Project Gutenberg Small Tales***\n",
	"**This is a COPYRIGHTED Project Gutenberg Etext, Details Above**\n",
}

func makeText(r *rand.Rand) []byte {
	var b bytes.Buffer
	for n := r.IntN(40); n > 0; n-- {
		switch r.IntN(60) {
		case 0:
			b.WriteString(strings.Repeat("x", 64<<10+r.IntN(3)-1) + "\n") // around maxPrefix
		case 1:
			b.WriteString(strings.Repeat("word ", 20000) + "\n")
		case 2:
			for range 70 {
				b.WriteString("Produced by many\n") // too long for credits
			}
		case 3, 4:
			// A marker on a long line, about where its prefix ends.
			b.WriteString(strings.Repeat("x", 64<<10+r.IntN(80)-60) + pieces[r.IntN(len(pieces))])
		default:
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
	}
	return b.Bytes()
}

func TestStripBytesRandomTexts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	compared := 0
	for i := range 800 {
		if checkSame(t, "text "+string(rune('0'+i%10)), makeText(r)) {
			compared++
		}
	}
	// Banners send a text to Strip; most texts must still be compared.
	t.Logf("StripBytes kept %d of 800 random texts as one run", compared)
	if compared < 400 {
		t.Errorf("StripBytes kept %d of 800 random texts; want most", compared)
	}
}

func FuzzStripBytes(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		f.Add(makeText(r))
	}
	for _, p := range pieces {
		f.Add([]byte(p))
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkSame(t, "fuzz", b) })
}

// A file whose header was cut off: its END marker still ends the text,
// so the licence is not counted.
func TestFooterWithoutHeader(t *testing.T) {
	b, err := os.ReadFile("../../testdata/sample/no-header.txt")
	if err != nil {
		t.Fatal(err)
	}
	kept, _ := gutenberg.StripBytes(b)
	for _, got := range [][]byte{stripStream(t, b), kept} {
		s := string(got)
		if !strings.HasPrefix(s, "ought to have an idea") || !strings.HasSuffix(s, "THE END\n\n") {
			t.Errorf("kept %q...%q; want the text up to the END marker", s[:min(40, len(s))], s[max(0, len(s)-40):])
		}
		if strings.Contains(s, "Gutenberg") || strings.Contains(s, "License") {
			t.Errorf("the licence was kept")
		}
	}
}
