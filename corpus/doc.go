// Package corpus knows where books come from and what is in them: it parses
// SOURCE arguments (Source), turns a book's bytes into UTF-8 text without
// the Project Gutenberg header and footer (Text, with the rules of package
// gutenberg), and keeps downloaded books in a local Store.
package corpus
