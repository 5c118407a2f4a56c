// Package layers holds no code: its test checks the layering of the
// module, which packages each package may import, so that a forbidden
// import fails the build's tests rather than waiting for a review. The
// rules are those the package doc comments state.
package layers
