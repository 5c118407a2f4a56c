//go:build !unix

package atomicfile

// This system has no O_NOFOLLOW: AppendLine checks with Lstat first.
const (
	oNoFollow = 0
	oNonblock = 0
)

func isLoop(error) bool { return false }
