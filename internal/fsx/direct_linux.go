package fsx

import (
	"os"

	"golang.org/x/sys/unix"
)

// setDirect turns direct writes (O_DIRECT) on or off for f, and reports
// whether it could.
func setDirect(f *os.File, on bool) bool {
	fd := int(f.Fd())
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	if err != nil {
		return false
	}
	if on {
		fl |= unix.O_DIRECT
	} else {
		fl &^= unix.O_DIRECT
	}
	_, err = unix.FcntlInt(uintptr(fd), unix.F_SETFL, fl)
	return err == nil
}
