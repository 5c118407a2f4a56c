//go:build unix && !linux

package fsx

// adviseHuge does nothing where the system has no transparent huge pages
// to ask for (macOS, the BSDs): b has small pages.
func adviseHuge(b []byte) {}
