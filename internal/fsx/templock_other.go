//go:build !unix

package fsx

import "os"

// renameOpen is false where a file open for writing may not be renamed.
const renameOpen = false

// lockTemp does nothing where flock is not had.
func lockTemp(*os.File) {}

// TempInUse cannot tell here: ok is always false.
func TempInUse(string) (inUse, ok bool) { return false, false }
