//go:build !unix

package lock

const oNoFollow = 0

func isReadOnly(err error) bool { return false }
