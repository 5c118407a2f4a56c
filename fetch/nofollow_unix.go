//go:build unix

package fetch

import "syscall"

// Opening a .part or its sidecar follows no symbolic link and does not
// wait for the other end of a FIFO planted there.
const (
	oNoFollow = syscall.O_NOFOLLOW
	oNonblock = syscall.O_NONBLOCK
)
