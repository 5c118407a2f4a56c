// Package gutenberg knows the shapes of Project Gutenberg plain-text files,
// as pure functions of their bytes: where the book's text starts and ends
// between the header and the footer (Strip on a stream, StripBytes on text
// in memory), what the header says (ParseHeader), and which encoding a
// declared charset label names (LookupEncoding). It reads no files and
// prints nothing; package corpus puts it to work on stored books.
//
// It imports only the standard library, golang.org/x/text and count (for
// its vector search); it must not import corpus or its stores.
package gutenberg
