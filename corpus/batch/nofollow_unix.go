//go:build unix

package batch

import "syscall"

const oNoFollow = syscall.O_NOFOLLOW
