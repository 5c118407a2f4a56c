package corpus

// SetWindow sets how much of the mapped text t AddTo counts at a time
// (tests: many windows a book).
func SetWindow(t *OpenedText, n int) { t.window = n }
