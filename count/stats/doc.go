// Package stats summarises frequency tables: tokens, types, hapax
// legomena and the fitted Zipf exponent (Summarize, FitZipf), and
// compares two tables by Dunning's log-likelihood (Keyness).
//
// It imports count (for its Row) and nothing else of the module.
package stats
