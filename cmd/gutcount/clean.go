package main

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// clean makes s safe to print to a terminal: control characters (C0, DEL,
// C1), the bidirectional overrides and invalid UTF-8 bytes, which a book's
// header, a list line or an argument may hold, are shown as escapes
// (\x1b, \u202e) instead of reaching the terminal, where they could move
// the cursor, retitle the window or reorder what is shown. Everything else
// is kept as it is.
func clean(s string) string {
	if !needsCleaning(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r):
			if r < 0x100 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsCleaning(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= 0x80 {
			return !utf8.ValidString(s) || strings.IndexFunc(s, unsafeRune) >= 0
		}
	}
	return false
}

func unsafeRune(r rune) bool {
	return r < 0x20 || r == 0x7f || 0x80 <= r && r < 0xa0 ||
		0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069
}

// plural is "1 book", "2 books".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
