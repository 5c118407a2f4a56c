package gutenberg

import (
	"bufio"
	"bytes"
	"io"
	"regexp"
	"runtime"
	"slices"
	"sync"

	"github.com/gutcount/gutcount/count"
)

// The markers are compiled on first use: every command would pay for them
// at start-up otherwise.
var (
	startMarker = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^(\*{3}\s*START OF (THE|THIS) PROJECT GUTENBERG|\*{3}\s*START OF THE COPYRIGHTED|\*END\*?\s*THE SMALL PRINT)`)
	})
	wrappedOf = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^\*{3}\s*START OF`) })
	// Every END marker holds "gutenberg", in some case: findEnd relies on
	// it to look at only the lines that do.
	endMarker = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^(\*{3}\s*END OF (THE|THIS) PROJECT GUTENBERG|\*{3}\s*END OF THE COPYRIGHTED PROJECT GUTENBERG|END OF (THE |THIS )?PROJECT GUTENBERG|ENDE DIESES PROJE[CK]T GUTENBERG|FIN DE PROJECT GUTENBERG|` +
			// The oldest forms: a collection's last line, and the footer
			// of the copyrighted etexts.
			`\**\s*END OF THE COLLECTED E-?TEXTS OF PROJECT GUTENBERG|\**\s*THIS IS A COPYRIGHTED PROJECT GUTENBERG E-?TEXT,? DETAILS ABOVE)`)
	})
	// A banner names the etext and Project Gutenberg on a line of its own:
	// "The Project Gutenberg Etext of TITLE, by AUTHOR", "**The Project
	// Gutenberg Etext of ...**", "Project Gutenberg's Etext of ...". It
	// holds "gutenberg", as END markers do, for findEnd.
	bannerLine = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^\**\s*(THE\s+)?PROJECT\s+GUTENBERG('?S)?\s+E-?(TEXT|BOOK)S?(\s+OF\s|,)`)
	})
	// A second header, appended with a re-release, is told from a
	// collection's next work by one of these lines before its START.
	headerSign = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^[\s*]*(COPYRIGHT LAWS ARE CHANGING ALL OVER THE WORLD|WELCOME TO THE WORLD OF FREE PLAIN VANILLA|TITLE:|RELEASE DATE:|INFORMATION ABOUT PROJECT GUTENBERG|THE LEGAL SMALL PRINT|\**START\**THE SMALL PRINT)`)
	})
	// headerLine is a line of an old header: its opening lines, the
	// metadata and the notes on dates and file names. After a banner in
	// the body, paragraphs that hold one, or that name Project Gutenberg
	// or etexts, are header.
	headerLine = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^[\s*\[]*(COPYRIGHT LAWS ARE CHANGING|PLEASE TAKE A LOOK AT THE IMPORTANT INFORMATION|WELCOME TO THE WORLD OF FREE PLAIN VANILLA|(TITLE|AUTHOR|TRANSLATOR|EDITOR|ILLUSTRATOR|RELEASE DATE|POSTING DATE|LAST UPDATED|FIRST POSTED|EDITION|LANGUAGE|CHARACTER SET ENCODING)\s*:|YES, WE ARE|THE ACTUAL DATE THIS FILE|THIS FILE WAS FIRST POSTED|DATE LAST UPDATED|MOST RECENTLY UPDATED|THIS FILE SHOULD BE NAMED|CORRECTED EDITIONS OF OUR|VERSIONS BASED ON SEPARATE SOURCES|WE ARE NOW TRYING TO RELEASE ALL OUR BOOKS|PLEASE BE ENCOURAGED TO TELL US ABOUT ANY ERROR|PLEASE NOTE NEITHER THIS LIST|MOST PEOPLE START AT OUR WEB SITES)`)
	})
	mentionsPG = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)gutenberg|\be-?texts?\b|\be-?books?\b`) })
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

// The limits of the stripper. A START marker further in than the header
// limits is not looked for; a paragraph after START longer than the credit
// limits is text, not credits; of a line, the first maxPrefix bytes decide
// whether it is a marker, a credit or blank.
const (
	maxHeaderLines = 1000
	maxHeaderBytes = 1 << 20
	maxCredits     = 10
	maxCreditLines = 64
	maxCreditBytes = 64 << 10
	maxPrefix      = 64 << 10
)

// Strip returns a reader of the text of r between its Project Gutenberg
// START and END markers, without the title lines a START marker wraps onto
// and without the production-credit paragraphs right after it. Text with
// no START marker in its first 1000 lines is read from its start, and ends
// at an END marker all the same (a file whose header was cut off keeps no
// licence text). StripBytes does the same on text held in memory.
func Strip(r io.Reader) io.Reader {
	return &stripReader{br: bufio.NewReaderSize(r, maxPrefix)}
}

// The stripper's rules, line by line; a line is its bytes up to and
// including '\n', and only its first maxPrefix bytes (its prefix) are
// looked at.

func trimLeftSpace(b []byte) []byte { return bytes.TrimLeft(b, " \t") }

func blank(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }

func isStart(b []byte) bool { return startMarker().Match(trimLeftSpace(b)) }

func isEnd(b []byte) bool { return endMarker().Match(trimLeftSpace(b)) }

func isBanner(b []byte) bool { return bannerLine().Match(trimLeftSpace(b)) }

// isHeader reports whether a line of a paragraph after a banner in the
// body makes the paragraph part of a header.
func isHeader(b []byte) bool {
	return headerLine().Match(b) || mentionsPG().Match(b)
}

func isCredit(b []byte) bool {
	b = trimLeftSpace(b)
	for _, p := range creditPrefixes {
		if bytes.HasPrefix(b, p) {
			return true
		}
	}
	return false
}

// wraps reports whether a START line's title goes on over the next lines:
// a "*** START OF" line that does not close with "***". Those lines are
// dropped up to and including the first that holds "***" or is blank, at
// most three.
func wraps(start []byte) bool {
	t := bytes.TrimSpace(start)
	return wrappedOf().Match(t) && !bytes.Contains(t[3:], []byte("***"))
}

func endsTitle(b []byte, long bool) bool {
	return bytes.Contains(b, []byte("***")) || !long && blank(b)
}

type stripReader struct {
	br    *bufio.Reader
	state int
	out   []byte // ready to be read
	off   int
	err   error // of br; lines given back are read all the same
	// back holds lines read ahead and given back, read again before br's
	// from back[bi]; backBytes is the size of those.
	back      []heldLine
	bi        int
	backBytes int
	// Lines are numbered as read from br (n is the last one's, cur the
	// number of the line just returned). A look-ahead after a banner
	// (see interlude) has looked at the lines up to scanEnd (ending at an
	// END marker, a long line or the text's end when scanStopped), the
	// last of them that only a header has being lastSign.
	n, cur, scanEnd, lastSign int
	scanStopped               bool
	// rest is set while the remainder of a line longer than maxPrefix is
	// read; keepRest says whether it goes out.
	rest, keepRest bool
	// afterBlank is set when the last line of the body was blank (or
	// there was none): a banner starts a paragraph there.
	afterBlank bool
	// afterBanner is set while the paragraphs dropped follow a banner in
	// the body with no START marker: header paragraphs go too, not only
	// credits.
	afterBanner bool
}

// heldLine is a line read ahead: a copy of it, or of its prefix when it
// is long (its remainder is then still to be read).
type heldLine struct {
	b    []byte
	long bool
	no   int
}

const (
	stHeader = iota
	stCredits
	stBody
	stDone
)

// maxBoilerplate is how many paragraphs after a banner in the body may be
// dropped as header or credits.
const maxBoilerplate = 40

func (s *stripReader) Read(p []byte) (int, error) {
	for s.off == len(s.out) {
		if s.ended() {
			return 0, s.err
		}
		s.out, s.off = s.out[:0], 0
		s.fill()
	}
	n := copy(p, s.out[s.off:])
	s.off += n
	return n, nil
}

// ended reports whether no line is left after those read.
func (s *stripReader) ended() bool { return s.err != nil && s.bi == len(s.back) }

// line returns the prefix of the next line (the whole line if it is no
// longer than maxPrefix); ok is false at the end of the text. The prefix
// is valid until the next read.
func (s *stripReader) line() ([]byte, bool) {
	if s.bi < len(s.back) {
		h := s.back[s.bi]
		s.bi++
		s.backBytes -= len(h.b)
		if s.bi == len(s.back) {
			s.back, s.bi = s.back[:0], 0
		}
		s.rest, s.cur = h.long, h.no
		return h.b, true
	}
	return s.readLine()
}

// readLine is line from br alone.
func (s *stripReader) readLine() ([]byte, bool) {
	if s.err != nil {
		return nil, false
	}
	s.n++
	s.cur = s.n
	b, err := s.br.ReadSlice('\n')
	switch {
	case err == bufio.ErrBufferFull:
		s.rest = true
		return b, true
	case err != nil:
		s.err = err
		return b, len(b) > 0
	}
	return b, true
}

// finish disposes of the remainder of a long line whose prefix was taken:
// out when keep, else dropped.
func (s *stripReader) finish(keep bool) {
	for s.rest && s.err == nil {
		b, err := s.br.ReadSlice('\n')
		if keep {
			s.out = append(s.out, b...)
		}
		if err != bufio.ErrBufferFull {
			s.rest = false
			if err != nil {
				s.err = err
			}
		}
		if keep && len(s.out) >= maxPrefix {
			s.keepRest = true
			return // let the reader take it; fill comes back here
		}
	}
	s.rest = false
	s.keepRest = false
}

func (s *stripReader) fill() {
	if s.rest {
		s.finish(s.keepRest)
		return
	}
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
	if s.err != nil && s.err != io.EOF {
		return
	}
	if s.ended() && s.err == io.EOF && s.state != stDone && !s.rest {
		s.state = stDone
	}
}

// done ends the text at the END line just read.
func (s *stripReader) done() {
	s.state = stDone
	s.rest = false
	s.back, s.bi, s.backBytes = nil, 0, 0
	s.err = io.EOF
}

// header reads lines until a START marker, holding them. Without one, what
// was held is the start of the text.
func (s *stripReader) header() {
	var held []byte
	for lines := 0; lines < maxHeaderLines && len(held) < maxHeaderBytes; lines++ {
		b, ok := s.line()
		if !ok {
			break
		}
		if isStart(b) {
			s.finish(false)
			s.skipWrappedTitle(b)
			s.state = stCredits
			return
		}
		if s.rest {
			// A long line in the header: no START can be beyond it
			// within the limits that a held line could reach, so the
			// text has no START marker; it starts here.
			s.emitBody(held)
			if s.state == stDone || isEnd(b) {
				s.done()
				return
			}
			s.out = append(s.out, b...)
			s.afterBlank = false
			s.state = stBody
			s.finish(true)
			return
		}
		held = append(held, b...)
		if s.ended() {
			break
		}
	}
	s.emitBody(held)
	if s.state != stDone {
		s.state = stBody
	}
}

func (s *stripReader) skipWrappedTitle(start []byte) {
	if !wraps(start) {
		return
	}
	for range 3 {
		b, ok := s.line()
		if !ok {
			return
		}
		end := endsTitle(b, s.rest)
		s.finish(false)
		if end {
			return
		}
	}
}

// boilerplate reports whether a line makes its paragraph one to drop
// after a START marker (credits and banners) or after a banner in the body
// (header lines too).
func (s *stripReader) boilerplate(b []byte) bool {
	return isCredit(b) || isBanner(b) || s.afterBanner && isHeader(b)
}

// credits drops the paragraphs of production credits (and banners) after
// START, or of a header after a banner in the body, and passes on the
// first paragraph that is not one.
func (s *stripReader) credits() {
	limit := maxCredits
	if s.afterBanner {
		limit = maxBoilerplate
	}
	defer func() { s.afterBanner = false }()
	for para := 0; para < limit; para++ {
		var p []byte
		lines, drop := 0, false
		for {
			b, ok := s.line()
			if !ok {
				break
			}
			if blank(b) && !s.rest {
				if len(p) == 0 {
					continue // blank lines before a paragraph are dropped
				}
				p = append(p, b...)
				break
			}
			drop = drop || s.boilerplate(b)
			p = append(p, b...)
			lines++
			if s.rest || lines > maxCreditLines || len(p) > maxCreditBytes {
				// Too long for credits: text, and the paragraph goes on
				// in the body.
				s.state = stBody
				s.emitBody(p)
				s.finish(s.state == stBody)
				return
			}
			if s.ended() {
				break
			}
		}
		if !drop {
			s.state = stBody
			s.emitBody(p)
			return
		}
		if s.ended() {
			return
		}
	}
	s.state = stBody
	s.afterBlank = true
}

// emitBody passes the lines of p on, stopping at an END marker.
func (s *stripReader) emitBody(p []byte) {
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n') + 1
		if i == 0 {
			i = len(p)
		}
		if isEnd(p[:i]) {
			s.done()
			return
		}
		s.out = append(s.out, p[:i]...)
		s.afterBlank = blank(p[:i])
		p = p[i:]
	}
}

// body passes lines on until an END marker. A banner that starts a
// paragraph (a collection's next work, or a re-release appended with its
// header) is dropped with what follows it as a header (see interlude).
func (s *stripReader) body() {
	for len(s.out) < maxPrefix {
		b, ok := s.line()
		if !ok {
			return
		}
		// Every END marker and banner holds "gutenberg" (see findEnd):
		// a line without it needs no regular expression.
		pg := count.IndexFold(b, "gutenberg") >= 0
		if pg && isEnd(b) {
			s.done()
			return
		}
		if pg && s.afterBlank && !s.rest && isBanner(b) {
			s.interlude(b)
			return
		}
		s.out = append(s.out, b...)
		s.afterBlank = !s.rest && blank(b)
		if s.rest {
			s.finish(true)
			return
		}
		if s.ended() {
			return
		}
	}
}

// interlude handles a banner that starts a paragraph in the body. When a
// START marker follows within the header limits, after a line that only a
// header holds (see headerSign), a second header was appended: it is
// dropped through START, with the credits after it. Otherwise the banner's
// paragraph and the header and credit paragraphs after it are dropped,
// and the text goes on (a collection's next work).
//
// The lines read ahead are given back, and not looked at again by the
// next banner's look-ahead: a START that did not qualify after a banner
// cannot qualify after a later one (it would need a header line after the
// later banner, so after the first), so a text of many banners costs one
// pass.
func (s *stripReader) interlude(banner []byte) {
	at := s.cur
	sign := s.lastSign > at
	s.unread(banner)
	if at >= s.scanEnd || !s.scanStopped {
		stopped := false
		for s.n < at+maxHeaderLines && s.backBytes < maxHeaderBytes {
			b, ok := s.readLine()
			if !ok {
				stopped = true
				break
			}
			if s.rest {
				// No START beyond a long line: give it back unread.
				s.hold(heldLine{b: bytes.Clone(b), long: true, no: s.n})
				s.rest, stopped = false, true
				break
			}
			if isStart(b) && sign {
				s.back, s.bi, s.backBytes = s.back[:0], 0, 0
				s.scanEnd, s.scanStopped = s.n, false
				s.skipWrappedTitle(b)
				s.state = stCredits
				return
			}
			s.hold(heldLine{b: bytes.Clone(b), no: s.n})
			if isEnd(b) || s.err != nil {
				stopped = true
				break
			}
			if headerSign().Match(b) {
				sign, s.lastSign = true, s.n
			}
		}
		s.scanEnd, s.scanStopped = s.n, stopped
	}
	s.state = stCredits
	s.afterBanner = true
}

// unread gives back the line just read, b, to be read again first.
func (s *stripReader) unread(b []byte) {
	if s.bi > 0 {
		s.bi-- // it was given back before: back[bi] holds it still
		s.backBytes += len(s.back[s.bi].b)
		return
	}
	// Read from br, when nothing was given back.
	s.hold(heldLine{b: bytes.Clone(b), no: s.cur})
}

// hold gives back a line read ahead, after those given back already.
func (s *stripReader) hold(h heldLine) {
	if s.bi > 64 && s.bi > len(s.back)/2 {
		s.back = s.back[:copy(s.back, s.back[s.bi:])]
		s.bi = 0
	}
	s.back = append(s.back, h)
	s.backBytes += len(h.b)
}

// StripBytes returns the part of text that Strip keeps, as a slice of it,
// when that is one run of the text's lines; ok is false when it is not
// (or may not be): when a banner follows the START marker, or one is in
// the body (the oldest files, and collections whose works each have one),
// Strip drops paragraphs here and there, and must be used instead. The
// header and the credits are read line by line; the END marker is found
// by looking only at the lines that hold "gutenberg" (in any case), as
// every END marker and banner does, so the body costs one fast scan.
func StripBytes(text []byte) (kept []byte, ok bool) {
	return stripBytes(text, parallelEnd, runtime.GOMAXPROCS(0))
}

// stripBytes is StripBytes with the END marker searched for in parts
// pieces in a text of at least size bytes.
func stripBytes(text []byte, size, parts int) (kept []byte, ok bool) {
	lo, from, found := bodyStart(text)
	switch found {
	case noBody:
		return text[len(text):], true
	case unsure:
		return nil, false
	}
	end := findEnd(text, from, size, parts)
	if _, prefix, _ := nextLine(text, end); end < len(text) && !isEnd(prefix) {
		return nil, false // a banner, see Strip's interlude
	}
	return text[lo:end], true
}

// What bodyStart found.
const (
	body   = iota // the body's start
	noBody        // nothing kept
	unsure        // a banner among the credits: Strip must decide
)

// nextLine returns the end of the line that starts at pos, its prefix, and
// whether it is longer than maxPrefix.
func nextLine(b []byte, pos int) (end int, prefix []byte, long bool) {
	end = len(b)
	if i := bytes.IndexByte(b[pos:], '\n'); i >= 0 {
		end = pos + i + 1
	}
	return end, b[pos:min(end, pos+maxPrefix)], end-pos > maxPrefix
}

// bodyStart returns where the kept text starts and from where its lines
// are to be checked for an END marker, or noBody, or unsure.
func bodyStart(b []byte) (lo, from, found int) {
	pos, held := 0, 0
	start := -1
	for lines := 0; lines < maxHeaderLines && held < maxHeaderBytes && pos < len(b); lines++ {
		end, prefix, long := nextLine(b, pos)
		if isStart(prefix) {
			start = pos
			pos = end
			if wraps(prefix) {
				for range 3 {
					if pos >= len(b) {
						break
					}
					end, prefix, long := nextLine(b, pos)
					pos = end
					if endsTitle(prefix, long) {
						break
					}
				}
			}
			break
		}
		if long {
			break // no START beyond a long line: the text has none
		}
		held += end - pos
		pos = end
	}
	if start < 0 {
		return 0, 0, body
	}
	// The credit paragraphs.
	for para := 0; para < maxCredits; para++ {
		pstart, lines, credit := -1, 0, false
		for pos < len(b) {
			end, prefix, long := nextLine(b, pos)
			if !long && blank(prefix) {
				pos = end
				if pstart < 0 {
					continue
				}
				break
			}
			if pstart < 0 {
				pstart = pos
			}
			if isBanner(prefix) {
				return 0, 0, unsure
			}
			credit = credit || isCredit(prefix)
			lines++
			pos = end
			if long || lines > maxCreditLines || pos-pstart > maxCreditBytes {
				return pstart, pstart, body // too long for credits: text
			}
		}
		if pstart < 0 {
			return 0, 0, noBody // the text ended
		}
		if !credit {
			return pstart, pstart, body
		}
		if pos >= len(b) {
			return 0, 0, noBody
		}
	}
	return pos, pos, body
}

// findEnd returns the start of the first line at or after from (a line
// start) that is an END marker or a banner, or len(b). Every END marker
// and banner holds "gutenberg" in some case (see endMarker), and the word
// is rare in a book's body: only the lines that hold it are matched, found
// by count's vector search, on every core for a large text.
func findEnd(b []byte, from, size, parts int) int {
	if parts < 2 || len(b)-from < size {
		return findEndIn(b, from, from, len(b))
	}
	// Each part finds the first END or banner line that a "gutenberg"
	// starting in it lies in; the first of those is the first of all.
	step := (len(b) - from + parts - 1) / parts
	found := make([]int, parts)
	count.EachPart(parts, func(k int) {
		lo, hi := min(from+k*step, len(b)), min(from+(k+1)*step, len(b))
		found[k] = findEndIn(b, from, lo, hi)
	})
	return slices.Min(found)
}

// parallelEnd is the size of text from which StripBytes searches for the
// END marker on every core.
const parallelEnd = 4 << 20

// findEndIn returns the start of the first END or banner line (at or
// after from) that a "gutenberg" starting in b[lo:hi] decides, or len(b). A line is
// decided by its prefix, so a match farther than maxPrefix from any line
// start is passed over, and so is the rest of its line.
func findEndIn(b []byte, from, lo, hi int) int {
	const word = "gutenberg"
	in := b[:min(hi+len(word)-1, len(b))]
	for pos := lo; pos < hi; {
		c := indexFrom(in, pos, func(s []byte) int { return count.IndexFold(s, word) })
		if c < 0 || c >= hi {
			return len(b)
		}
		floor := max(from, c-maxPrefix)
		ls := bytes.LastIndexByte(b[floor:c], '\n') + 1 + floor
		if ls == floor && floor > from && b[floor-1] != '\n' {
			nl := bytes.IndexByte(b[c:], '\n')
			if nl < 0 {
				return len(b)
			}
			pos = c + nl + 1
			continue
		}
		end, prefix, _ := nextLine(b, ls)
		if isEnd(prefix) || isBanner(prefix) {
			return ls
		}
		pos = end
	}
	return len(b)
}

// indexFrom is index(b[from:]) as an index into b, or -1.
func indexFrom(b []byte, from int, index func([]byte) int) int {
	if i := index(b[from:]); i >= 0 {
		return from + i
	}
	return -1
}
