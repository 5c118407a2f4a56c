package gutenberg

// SetParallelEnd makes findEnd search texts of at least size bytes in
// parts pieces, for the tests; it returns the function that undoes it.
func SetParallelEnd(size, parts int) (undo func()) {
	s, p := parallelEnd, endParts
	parallelEnd, endParts = size, func() int { return parts }
	return func() { parallelEnd, endParts = s, p }
}
