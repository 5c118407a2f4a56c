//go:build !purego

package count

// prefetch asks the processor for the cache lines at addrs.
//
//go:noescape
func prefetch(addrs *[ahead]uintptr)
