// Package fetch downloads files over HTTP so that a user can trust it with
// thousands of books: every download goes to NAME.part, resumes with Range
// and If-Range after a broken connection (in this process or the next),
// is checked against Content-Length, fsynced and renamed into place, and
// writes through no symbolic link. It retries what is transient (refused
// or broken connections, 408, 429, 5xx but 501) with exponential backoff
// and jitter, honours Retry-After up to a cap, and fails at once on what
// is not (a name that does not resolve, other statuses, TLS, the size
// limit, a full disk).
//
// It knows nothing of the program that uses it: the caller gives the
// spacing of requests per host (Options.Rate), hears of retries
// (Options.OnRetry) and debug lines (Options.Log), words advice on errors
// (Options.Hint) and draws progress (Options.Progress). Errors are *Error,
// with typed causes: *StatusError, *NetworkError, *TooLargeError,
// *WaitTooLongError, or the error of DownloadOptions.Check.
//
//	c := fetch.New(fetch.Options{OnRetry: func(r fetch.Retry) { log.Printf("retrying in %s: %v", r.Wait, r.Err) }})
//	res, err := c.Download(ctx, "https://www.gutenberg.org/cache/epub/2701/pg2701.txt", "moby.txt", fetch.DownloadOptions{})
//
// Layering: fetch knows nothing of books, the corpus or counting: it
// imports only internal/fsx of this module, never corpus or count.
package fetch
