package fetch

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
)

// Error is a download that failed.
type Error struct {
	URL      string
	Status   int // the last HTTP status, 0 when there was none
	Attempts int
	Err      error
}

func (e *Error) Error() string {
	msg := "fetch: GET " + e.URL
	if e.Status != 0 && !errors.As(e.Err, new(*StatusError)) {
		msg += fmt.Sprintf(": %d %s", e.Status, http.StatusText(e.Status))
	}
	if err := e.Err; err != nil {
		// net/http's errors repeat the method and URL: say them once.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		msg += ": " + err.Error()
		var dns *net.DNSError
		var op *net.OpError
		if errors.As(err, &dns) || errors.As(err, &op) {
			msg += " (check the network, or give --mirror)"
		}
	}
	if e.Attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// StatusError is an HTTP status that is not retried.
type StatusError struct{ Code int }

func (e *StatusError) Error() string {
	return fmt.Sprintf("%d %s", e.Code, http.StatusText(e.Code))
}

// IsNotFound reports whether err is a 404 or 410.
func IsNotFound(err error) bool {
	var s *StatusError
	return errors.As(err, &s) && (s.Code == http.StatusNotFound || s.Code == http.StatusGone)
}

// permanent marks an error that no retry can fix.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

func isPermanent(err error) bool { return errors.As(err, new(permanent)) }

// ErrTooLarge is returned for a body larger than Options.MaxSize.
var ErrTooLarge = errors.New("larger than the size limit (--max-size)")

// ErrWaitTooLong is returned when a server asks to wait longer than
// Options.MaxWait.
var ErrWaitTooLong = errors.New("server asks to wait longer than --max-wait")
