package corpus

import (
	"bufio"
	"bytes"
	"io"
	"regexp"
)

var (
	startMarker = regexp.MustCompile(`(?i)^(\*{3}\s*START OF (THE|THIS) PROJECT GUTENBERG|\*{3}\s*START OF THE COPYRIGHTED|\*END\*?\s*THE SMALL PRINT)`)
	wrappedOf   = regexp.MustCompile(`(?i)^\*{3}\s*START OF`)
	endMarker   = regexp.MustCompile(`(?i)^(\*{3}\s*END OF (THE|THIS) PROJECT GUTENBERG|\*{3}\s*END OF THE COPYRIGHTED|END OF (THE |THIS )?PROJECT GUTENBERG|ENDE DIESES PROJE[CK]T GUTENBERG|FIN DE PROJECT GUTENBERG)`)
)

// creditPrefixes start the lines of the production credits that follow the
// START marker ("Produced by ..."), after the Python gutenberg package.
var creditPrefixes = [][]byte{
	[]byte("Produced by"), []byte("produced by"), []byte("Credits:"),
	[]byte("This etext was prepared by"), []byte("This Etext was prepared by"),
	[]byte("This eBook was prepared by"), []byte("This etext was produced by"),
	[]byte("This Project Gutenberg Etext was prepared by"),
	[]byte("E-text prepared by"), []byte("Etext prepared by"), []byte("E-text prepared by"),
	[]byte("Transcribed by"), []byte("Transcribed from"),
	[]byte("Distributed Proofread"), []byte("Proofreading Team"),
	[]byte("Online Distributed Proofreading Team"),
	[]byte("Project Gutenberg Online Distributed"), []byte("Gutenberg Online Distributed"),
	[]byte("the Project Gutenberg Online Distributed"),
	[]byte("Gutenberg Distributed Proofreaders"), []byte("Project Gutenberg Distributed Proofreaders"),
	[]byte("http://www.pgdp.net"), []byte("https://www.pgdp.net"),
	[]byte("(http://www.ibiblio.org/gutenberg/"), []byte("http://gallica.bnf.fr)"),
	[]byte("by The Internet Archive"), []byte("Internet Archive"),
	[]byte("public domain material from the Internet Archive"),
	[]byte("material from the Google Print project"),
}

// Header limits: a START marker further in than this is not looked for.
const (
	maxHeaderLines = 1000
	maxHeaderBytes = 1 << 20
	maxCredits     = 10
)

// Strip returns a reader of the text of r between its Project Gutenberg
// START and END markers, without the title lines a START marker wraps onto
// and without the production-credit paragraphs right after it. Text with
// no START marker in its first 1000 lines is returned whole.
func Strip(r io.Reader) io.Reader {
	return &stripReader{br: bufio.NewReaderSize(r, 64<<10)}
}

type stripReader struct {
	br    *bufio.Reader
	state int
	out   []byte // ready to be read
	off   int
	err   error
	// Partial lines: only a line's first fragment is a marker candidate.
	midLine bool
	// noMarkers is set when the text has no START marker: it is read whole.
	noMarkers bool
}

const (
	stHeader = iota
	stCredits
	stBody
	stDone
)

func (s *stripReader) Read(p []byte) (int, error) {
	for s.off == len(s.out) {
		if s.err != nil {
			return 0, s.err
		}
		s.out, s.off = s.out[:0], 0
		s.fill()
	}
	n := copy(p, s.out[s.off:])
	s.off += n
	return n, nil
}

// line returns the next line, with its newline; ok is false at the end.
func (s *stripReader) line() ([]byte, bool) {
	b, err := s.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		return b, true
	}
	if err != nil {
		if err != io.EOF {
			s.err = err
		} else {
			s.err = io.EOF
		}
		return b, len(b) > 0
	}
	return b, true
}

func trimLeftSpace(b []byte) []byte { return bytes.TrimLeft(b, " \t") }

func blank(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }

func isCredit(b []byte) bool {
	b = trimLeftSpace(b)
	for _, p := range creditPrefixes {
		if bytes.HasPrefix(b, p) {
			return true
		}
	}
	return false
}

func (s *stripReader) fill() {
	switch s.state {
	case stHeader:
		s.header()
	case stCredits:
		s.credits()
	case stBody:
		s.body()
	default:
		s.err = io.EOF
	}
}

// header reads lines until a START marker. Without one, what was read is
// the text.
func (s *stripReader) header() {
	var held []byte
	for lines := 0; lines < maxHeaderLines && len(held) < maxHeaderBytes; lines++ {
		b, ok := s.line()
		if !ok {
			break
		}
		if startMarker.Match(trimLeftSpace(b)) {
			s.skipWrappedTitle(b)
			s.state = stCredits
			if s.err == io.EOF {
				s.state = stDone
			}
			return
		}
		held = append(held, b...)
		if s.err != nil {
			break
		}
	}
	s.out = append(s.out, held...)
	s.state = stBody
	s.noMarkers = true
}

// skipWrappedTitle consumes the lines that a START marker's title wraps
// onto: a "*** START OF" line that does not close with "***" continues
// until a line that does, at most three lines on.
func (s *stripReader) skipWrappedTitle(marker []byte) {
	t := bytes.TrimSpace(marker)
	if !wrappedOf.Match(t) || bytes.Contains(t[3:], []byte("***")) {
		return
	}
	for range 3 {
		b, ok := s.line()
		if !ok || bytes.Contains(b, []byte("***")) || blank(b) {
			return
		}
	}
}

// credits drops the paragraphs of production credits after START and
// passes on the first paragraph that is not one.
func (s *stripReader) credits() {
	for para := 0; para < maxCredits; para++ {
		var p []byte
		credit := false
		for {
			b, ok := s.line()
			if !ok {
				break
			}
			if blank(b) {
				if len(p) == 0 {
					continue
				}
				p = append(p, b...)
				break
			}
			credit = credit || isCredit(b)
			p = append(p, b...)
			if s.err != nil {
				break
			}
		}
		if !credit {
			s.state = stBody
			s.emitBody(p)
			return
		}
		if s.err != nil {
			s.state = stDone
			return
		}
	}
	s.state = stBody
}

// emitBody passes the lines of p on, stopping at an END marker.
func (s *stripReader) emitBody(p []byte) {
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n') + 1
		if i == 0 {
			i = len(p)
		}
		if endMarker.Match(trimLeftSpace(p[:i])) {
			s.state = stDone
			return
		}
		s.out = append(s.out, p[:i]...)
		p = p[i:]
	}
}

// body passes lines on until an END marker.
func (s *stripReader) body() {
	for len(s.out) < 64<<10 {
		start := !s.midLine
		b, ok := s.line()
		if !ok {
			return
		}
		s.midLine = len(b) > 0 && b[len(b)-1] != '\n' && s.err == nil
		if start && !s.noMarkers && endMarker.Match(trimLeftSpace(b)) {
			s.state = stDone
			s.err = io.EOF
			return
		}
		s.out = append(s.out, b...)
		if s.err != nil {
			return
		}
	}
}
