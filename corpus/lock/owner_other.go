//go:build !windows

package lock

// ownerApart: the owner is written into the lock file itself (flock locks
// no bytes, so another handle may read and write it).
const ownerApart = false
