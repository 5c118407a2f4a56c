//go:build unix

package lock

import (
	"errors"
	"syscall"
)

const oNoFollow = syscall.O_NOFOLLOW

func isReadOnly(err error) bool { return errors.Is(err, syscall.EROFS) }
