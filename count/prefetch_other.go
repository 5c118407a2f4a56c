//go:build !amd64 || purego

package count

// prefetch does nothing here: the look-ups wait for their lines.
func prefetch(addrs *[ahead]uintptr) {}
