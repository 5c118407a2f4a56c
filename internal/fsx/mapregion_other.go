//go:build !linux

package fsx

import "os"

// A MapRegion maps files as MapFile does, each on its own, on this
// system (see mapregion_linux.go).
type MapRegion struct{}

// NewMapRegion returns a region: here, MapFile by another name.
func NewMapRegion(size int) *MapRegion { return &MapRegion{} }

// Map maps the open file f read-only, as MapFile does.
func (r *MapRegion) Map(f *os.File) (*Mapped, error) { return MapFile(f) }

// release is never called here: no mapping is in a region.
func (r *MapRegion) release(m *Mapped) error { return nil }
