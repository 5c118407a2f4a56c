package count

import (
	"testing"
	"unicode"
)

// isPunct's tables say what unicode.IsPunct says, for every rune.
func TestIsPunct(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isPunct(r) != unicode.IsPunct(r) {
			t.Fatalf("isPunct(%U) = %v; unicode.IsPunct says %v", r, isPunct(r), unicode.IsPunct(r))
		}
	}
}

// highSpace finds the white space that spaceAt finds, with its size, at
// every lead byte general asks it about, for every two and three bytes
// after it (and cut short).
func TestHighSpace(t *testing.T) {
	for lead := range 256 {
		if !maySpace[lead] {
			continue
		}
		for x := range 256 {
			for y := range 256 {
				for _, b := range [][]byte{{byte(lead)}, {byte(lead), byte(x)}, {byte(lead), byte(x), byte(y)}, {byte(lead), byte(x), byte(y), 'a'}} {
					sp, size := spaceAt(b)
					if !sp {
						size = 0
					}
					if got := highSpace(b); got != size {
						t.Fatalf("highSpace(%q) = %d; spaceAt says %v, %d", b, got, sp, size)
					}
				}
			}
		}
	}
}
