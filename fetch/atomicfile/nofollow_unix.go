//go:build unix

package atomicfile

import (
	"errors"
	"syscall"
)

// oNoFollow makes an open fail (ELOOP) on a symbolic link; oNonblock one
// of a FIFO without a reader (ENXIO).
const (
	oNoFollow = syscall.O_NOFOLLOW
	oNonblock = syscall.O_NONBLOCK
)

func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }
