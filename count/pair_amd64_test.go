package count

import "testing"

// TestIndexPairWithoutAVX2 runs the plain Go search on a machine that has
// AVX2, so both paths are tested here.
func TestIndexPairWithoutAVX2(t *testing.T) {
	saved := hasAVX2
	hasAVX2 = false
	defer func() { hasAVX2 = saved }()
	TestIndexPair(t)
	TestSearchHandCounted(t)
}
