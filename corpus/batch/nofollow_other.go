//go:build !unix

package batch

const oNoFollow = 0
