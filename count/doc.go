// Package count is gutcount's tokenizer and counting engine.
//
// A token is a maximal run of bytes that are not Unicode white space
// (unicode.IsSpace); bytes that are not valid UTF-8 belong to tokens.
// Options says how tokens are normalised before they are compared.
//
// Freq builds a frequency Table of a whole stream; Words counts how often
// given words occur without building a table. Both read the input in large
// chunks, cut them at white space and count the chunks on every core, so
// they work the same on files, pipes and standard input:
//
//	t, err := count.Freq(r, count.Options{IgnoreCase: true})
//	rows := t.Sorted()
//
// The hot paths work on bytes and do not allocate per token.
//
// For text mining: ParsePhrase and Finder find words and phrases with
// their token indices and contexts (a concordance), NGrams counts
// sequences of tokens, and Keyness compares two frequency tables by
// log-likelihood; package count/stop holds stop word lists.
package count
