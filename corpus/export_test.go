package corpus

// SetWindow sets how much of the mapped text t AddTo counts at a time
// (tests: many windows a book).
func SetWindow(t *OpenedText, n int) { t.window = n }

// SetBigText sets the size from which Library.Freq counts a text among
// many on every core (tests: some books are big).
func SetBigText(l *Library, n int) { l.bigText = n }
