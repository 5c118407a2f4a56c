package gutenberg

// StripBytesParts is StripBytes with the END marker searched for in parts
// pieces whatever the text's size, for the tests.
func StripBytesParts(text []byte, parts int) (kept []byte, ok bool) {
	return stripBytes(text, 0, parts)
}
