package progress

import (
	"strings"
	"sync"
)

// Screen is a terminal in memory, for tests of what a user sees: it reads
// what the bars and notes write as a terminal would.
// Screen is a terminal as the bar and the notes use one: \r goes back to
// the start of the line, \n starts the next, anything else is written
// over what is there. What a user sees is Lines.
type Screen struct {
	mu     sync.Mutex
	lines  [][]rune
	row    int
	col    int
	writes int
	raw    strings.Builder // every byte written
}

func (s *Screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes++
	s.raw.Write(p)
	for _, r := range string(p) {
		for len(s.lines) <= s.row {
			s.lines = append(s.lines, nil)
		}
		switch r {
		case '\r':
			s.col = 0
		case '\n':
			s.row, s.col = s.row+1, 0
		default:
			line := s.lines[s.row]
			if s.col < len(line) {
				line[s.col] = r
			} else {
				line = append(line, r)
			}
			s.lines[s.row] = line
			s.col++
		}
	}
	return len(p), nil
}

// Lines is what the screen shows, line by line, trailing blanks cut.
func (s *Screen) Lines() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, l := range s.lines {
		out = append(out, strings.TrimRight(string(l), " "))
	}
	return out
}

// Last is the line the cursor is on.
func (s *Screen) Last() string {
	l := s.Lines()
	if len(l) == 0 {
		return ""
	}
	return l[len(l)-1]
}

// Writes is how many writes the screen took.
func (s *Screen) Writes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writes
}

// Raw is every byte written, in order.
func (s *Screen) Raw() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw.String()
}
