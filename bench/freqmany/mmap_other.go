//go:build !unix

package main

import "os"

// mapFile reads the file at name.
func mapFile(name string) ([]byte, func(), error) {
	b, err := os.ReadFile(name)
	return b, func() {}, err
}
