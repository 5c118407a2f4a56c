//go:build !unix

package fetch

// Without O_NOFOLLOW, openPart's check of what is at the path is all the
// protection there is.
const (
	oNoFollow = 0
	oNonblock = 0
)
