package corpus

// SetWindow sets how much of a mapped text AddTo counts at a time, and
// returns a function that sets it back (tests).
func SetWindow(n int) (restore func()) {
	old := window
	window = n
	return func() { window = old }
}
