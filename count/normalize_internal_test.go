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
