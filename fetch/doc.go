// Package fetch downloads files over HTTP so that a user can trust it with
// thousands of books: every download goes to NAME.part, resumes with Range
// and If-Range after a broken connection (in this process or the next),
// is checked against Content-Length, fsynced and renamed into place. It
// retries what is transient (network errors, 408, 429, 5xx but 501) with
// exponential backoff and jitter, honours Retry-After up to a cap, and
// fails at once on what is not.
//
//	c := fetch.New(fetch.Options{})
//	res, err := c.Download(ctx, "https://www.gutenberg.org/cache/epub/2701/pg2701.txt", "moby.txt", fetch.DownloadOptions{})
package fetch
