// Package corpus knows where books come from and what is in them: it parses
// SOURCE arguments (Source; GuessSource says what a refused one seems
// meant to be), names the texts opened (OpenedText.Name), turns a book's
// bytes into UTF-8 text without the Project Gutenberg header and footer
// (Text, with the rules of package gutenberg), and keeps downloaded books
// in a local Store.
//
// Layering: corpus orchestrates the leaves below it (corpus/store,
// corpus/gutenberg, corpus/lock, fetch, count and its tables); it must not
// import the batch engine, the job, serve or cmd.
package corpus
