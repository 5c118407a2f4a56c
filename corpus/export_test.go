package corpus

// SetWindow sets how much of a mapped text AddTo counts at a time, and
// returns a function that sets it back (tests).
func SetWindow(n int) (restore func()) {
	old := window
	window = n
	return func() { window = old }
}

// SetParallelEnd makes findEnd search texts of at least size bytes in
// parts pieces, for the tests; it returns the function that undoes it.
func SetParallelEnd(size, parts int) (undo func()) {
	s, p := parallelEnd, endParts
	parallelEnd, endParts = size, func() int { return parts }
	return func() { parallelEnd, endParts = s, p }
}
