// Package count is gutcount's tokenizer and counting engine.
//
// A token is a maximal run of bytes that are not Unicode white space
// (unicode.IsSpace); bytes that are not valid UTF-8 belong to tokens.
// Options says how tokens are normalised before they are compared.
//
// Freq builds a frequency Table of a whole stream; a Counter does the
// same over many inputs, keeping its workers' tables and blocks from one
// input to the next. Words and Word count given words without building a
// table. All of them cut their input into chunks at white space and count
// the chunks on every core, so they work the same on files, pipes and
// standard input:
//
//	t, err := count.Freq(r, count.Options{IgnoreCase: true})
//	rows := t.Sorted()
//
//	n, err := count.Word(r, "Whale", count.Options{IgnoreCase: true})
//
// The Bytes forms (FreqBytes, WordsBytes, WordBytes, Counter.AddBytes)
// take text held in memory, such as a mapped file, and also return the
// index of its first byte >= 0x80, found in the same pass: a caller that
// detects encodings decodes the rune there (valid UTF-8: the counts
// stand; else the text is Windows-1252, to be counted again decoded).
//
// The hot paths work on bytes and do not allocate per token.
//
// For text mining: ParsePhrase and Finder find words and phrases with
// their token indices and contexts (a concordance), and NGrams counts
// sequences of tokens.
//
// count is the engine only, and imports nothing of this module. Beside
// it: count/table reads and writes frequency tables in their formats,
// count/stats summarises them (Zipf, keyness), count/colloc finds
// collocations, and count/stop holds stop word lists.
package count
