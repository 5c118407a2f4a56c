package fetch

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"
)

// Error is a download that failed. It names the URL once; what went wrong
// is Err, which errors.As finds as a *StatusError, a *NetworkError (a
// *SlowError inside it for a body under the low-speed limit), a
// *DeadlineError, a *TooLargeError, a *WaitTooLongError or the error of
// DownloadOptions.Check.
type Error struct {
	URL      string
	Status   int // the last HTTP status, 0 when there was none (named unless 2xx)
	Attempts int
	Err      error
	// Hint is the caller's advice on Err (Options.Hint), "" for none.
	Hint string
}

func (e *Error) Error() string {
	msg := "fetch: GET " + e.URL
	if e.Status >= 300 && !errors.As(e.Err, new(*StatusError)) {
		msg += ": " + statusText(e.Status)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	var notes []string
	if e.Attempts > 1 {
		notes = append(notes, fmt.Sprintf("after %d attempts", e.Attempts))
	}
	if e.Hint != "" {
		notes = append(notes, e.Hint)
	}
	if len(notes) > 0 {
		msg += " (" + strings.Join(notes, "; ") + ")"
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// StatusError is an HTTP status that ended a download: one that is not
// retried, or the last one when retries ran out.
type StatusError struct{ Code int }

func (e *StatusError) Error() string { return statusText(e.Code) }

func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprintf("status %d", code)
}

// IsNotFound reports whether err is a 404 or 410.
func IsNotFound(err error) bool {
	var s *StatusError
	return errors.As(err, &s) && (s.Code == http.StatusNotFound || s.Code == http.StatusGone)
}

// NetworkError is a failure to reach or talk to the server, before or
// while a response arrived: a name that does not resolve (errors.As finds
// a *net.DNSError then), a refused or broken connection, a timeout, TLS.
// An HTTP status is a *StatusError instead.
type NetworkError struct{ Err error }

func (e *NetworkError) Error() string { return e.Err.Error() }
func (e *NetworkError) Unwrap() error { return e.Err }

// SchemeError is a URL, or a redirect's, whose scheme is not http or
// https.
type SchemeError struct{ Scheme string }

func (e *SchemeError) Error() string { return fmt.Sprintf("unsupported protocol scheme %q", e.Scheme) }

// ErrTooLarge is matched by errors.Is for every *TooLargeError.
var ErrTooLarge = errors.New("larger than the size limit")

// TooLargeError is a body larger than Options.MaxSize, refused from its
// Content-Length or cut off while reading.
type TooLargeError struct {
	Limit int64
	Size  int64 // the announced size; -1 when it was found while reading
}

func (e *TooLargeError) Error() string {
	if e.Size < 0 {
		return "larger than the size limit of " + formatSize(e.Limit)
	}
	return formatSize(e.Size) + " is larger than the size limit of " + formatSize(e.Limit)
}

func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// ErrWaitTooLong is matched by errors.Is for every *WaitTooLongError.
var ErrWaitTooLong = errors.New("server asks to wait too long")

// WaitTooLongError is a Retry-After longer than Options.MaxWait, or too
// large to be a time.Duration at all.
type WaitTooLongError struct {
	Wait  time.Duration // math.MaxInt64 when the value does not fit
	Limit time.Duration
	// RetryAfter is the header's value as sent.
	RetryAfter string
}

func (e *WaitTooLongError) Error() string {
	if e.Wait == math.MaxInt64 {
		return fmt.Sprintf("server asks to wait longer than the limit of %s (Retry-After: %s)", e.Limit, e.RetryAfter)
	}
	return fmt.Sprintf("server asks to wait %s, longer than the limit of %s", e.Wait.Round(time.Second), e.Limit)
}

func (e *WaitTooLongError) Is(target error) bool { return target == ErrWaitTooLong }

// formatSize writes a byte count for people: exact in the largest unit
// that divides it (512 MiB, 20 MB), else to one decimal (1.5 MiB).
func formatSize(n int64) string {
	units := []struct {
		name string
		size int64
	}{{"GiB", 1 << 30}, {"GB", 1e9}, {"MiB", 1 << 20}, {"MB", 1e6}, {"KiB", 1 << 10}, {"kB", 1e3}}
	for _, u := range units {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		}
	}
	for _, u := range []int{0, 2, 4} { // GiB, MiB, KiB
		if n >= units[u].size {
			return fmt.Sprintf("%.1f %s", float64(n)/float64(units[u].size), units[u].name)
		}
	}
	if n == 1 {
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}

// permanent marks an error that no retry can fix.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

func isPermanent(err error) bool { return errors.As(err, new(permanent)) }

// SlowError is a body that came slower than the low-speed limit
// (Options.MinSpeed over Options.SpeedTime). It is retried, inside a
// *NetworkError, and the retry resumes the body.
type SlowError struct {
	Got    int64         // bytes received over Window
	Window time.Duration // Options.SpeedTime
	Min    int64         // Options.MinSpeed, bytes a second
}

func (e *SlowError) Error() string {
	return fmt.Sprintf("slower than %s/s: %s in %s", formatSize(e.Min), formatSize(e.Got), e.Window)
}

// DeadlineError is a download that outlived Options.Deadline.
type DeadlineError struct{ Limit time.Duration }

func (e *DeadlineError) Error() string {
	return fmt.Sprintf("not finished within the deadline of %s", e.Limit)
}
