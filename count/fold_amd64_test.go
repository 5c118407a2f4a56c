//go:build amd64 && !purego

package count

import (
	"math/rand/v2"
	"testing"

	"golang.org/x/sys/cpu"
)

// The AVX2 and AVX-512 pair kernels find the block and mask that the plain
// Go one finds, whichever of them IndexFold uses on this machine.
func TestPairKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	alphabet := []byte("gutenbergGUTENBERG *\n\xc3\xa9")
	var out [scanOut]uint64
	for range 3000 {
		s := make([]byte, 64+r.IntN(600))
		for j := range s {
			s[j] = alphabet[r.IntN(len(alphabet))]
		}
		for _, w := range []string{"gutenberg", "tenb", "g*", "ge"} {
			k := pairKernel(w, r.IntN(2) == 0)
			last := len(s) - k.o2 - 64
			for i := 0; i <= last; i += 1 + r.IntN(40) {
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
		}
	}
}
