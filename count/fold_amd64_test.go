//go:build amd64 && !purego

package count

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/sys/cpu"
)

// checkPairKernels fails t unless the AVX2 and AVX-512 pair kernels find
// the block and mask that the plain Go one finds from i in s, whichever of
// them IndexFold uses on this machine.
func checkPairKernels(t *testing.T, s []byte, w string, fold bool, i int) {
	k := pairKernel(w, fold)
	last := len(s) - k.o2 - 64
	var out [scanOut]uint64
	wantPos, wantMask := pairGo(&k, s, i, last, &out)
	if cpu.X86.HasAVX2 {
		if pos, mask := pairAVX2(&k, &s[0], i, last); pos != wantPos || mask != wantMask {
			t.Fatalf("pairAVX2(%q, %q, %d, %d) = %d, %#x; want %d, %#x", s, w, i, last, pos, mask, wantPos, wantMask)
		}
	}
	if hasAVX512 {
		if pos, mask := pairAVX512(&k, &s[0], i, last); pos != wantPos || mask != wantMask {
			t.Fatalf("pairAVX512(%q, %q, %d, %d) = %d, %#x; want %d, %#x", s, w, i, last, pos, mask, wantPos, wantMask)
		}
	}
}

func TestPairKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	alphabet := []byte("gutenbergGUTENBERG *\n\xc3\xa9")
	for range 3000 {
		s := make([]byte, 64+r.IntN(600))
		for j := range s {
			s[j] = alphabet[r.IntN(len(alphabet))]
		}
		for _, w := range []string{"gutenberg", "tenb", "g*", "ge"} {
			for i := 0; i <= len(s)-len(w)-64; i += 1 + r.IntN(40) {
				checkPairKernels(t, s, w, r.IntN(2) == 0, i)
			}
		}
	}
}

func FuzzPairKernels(f *testing.F) {
	f.Add(bytes.Repeat([]byte("End of the Project Gutenberg EBook "), 8), "gutenberg", true, 3)
	f.Add(bytes.Repeat([]byte("g!!!!b!!!!"), 40), "gutenberg", false, 0)
	f.Fuzz(func(t *testing.T, s []byte, w string, fold bool, i int) {
		if len(w) < 2 || len(s) < len(w)+64 || i < 0 {
			return
		}
		checkPairKernels(t, s, strings.ToLower(w), fold, i)
	})
}
