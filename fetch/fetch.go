package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
)

// Options configure a Client. Zero values take the defaults in brackets.
type Options struct {
	Retries     int           // retries after the first attempt [5]; -1 for none
	Timeout     time.Duration // per attempt, until the response headers [30s]
	IdleTimeout time.Duration // a body that sends nothing this long is cancelled and resumed [30s]
	// MinSpeed and SpeedTime are the low-speed limit, as curl's
	// --speed-limit and --speed-time: a body that brings fewer than
	// MinSpeed bytes a second over SpeedTime is cancelled and resumed,
	// however steadily it drips [1 KiB, 30s]. MinSpeed -1 turns it off.
	MinSpeed  int64
	SpeedTime time.Duration
	// Deadline bounds a whole Download, its retries and waits included
	// [none]; a download past it fails with a *DeadlineError and keeps its
	// .part for a later resume.
	Deadline time.Duration
	MaxWait  time.Duration // longest Retry-After honoured [60s]
	MaxSize  int64         // largest body accepted [512 MiB]
	// Rate gives the least time between two requests to host, for hosts
	// that ask for it [nil: no spacing]; 0 or less spaces nothing.
	Rate      func(host string) time.Duration
	UserAgent string // ["gutcount"]
	// OnRetry, when set, is told of every retry before its wait.
	OnRetry func(Retry)
	// Log, when set, gets debug lines: one line a call, no newline.
	Log func(string)
	// Hint, when set, gives advice on why a download failed (it gets the
	// cause: errors.As finds the typed errors of this package in it); the
	// advice ends the message of the *Error ("" for none).
	Hint func(error) string
	// Progress, when set, follows each download; label is
	// DownloadOptions.Label.
	Progress func(label string) Progress
	// MinBackoff and MaxBackoff bound the wait between retries [1s, 30s].
	MinBackoff, MaxBackoff time.Duration
	// WrapWriter, when set, wraps the writer of the .part file (tests
	// inject a full disk with it).
	WrapWriter func(io.Writer) io.Writer
	// TLS, when set, configures TLS (tests trust their own server with it).
	TLS *tls.Config
	// Dial, when set, opens connections (tests route hosts to a local
	// server with it).
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

// Retry is a retry about to be waited for.
type Retry struct {
	URL      string
	Attempt  int           // the attempt that comes next: 2 for the first retry
	Attempts int           // attempts allowed in all, Options.Retries+1
	Wait     time.Duration // before that attempt
	// Err is why: a *StatusError, a *NetworkError, or a body cut short.
	Err error
}

// Progress follows one download.
type Progress interface {
	// Start is called when a body starts: total is -1 when unknown, done
	// is what a resumed .part already holds. It is called again for each
	// attempt, with done 0 when the .part starts again.
	Start(total, done int64)
	Add(n int)
	// Finish is called once, when the download ends, whole or not.
	Finish()
}

// Client downloads files. It is safe for concurrent use.
type Client struct {
	opt  Options
	http *http.Client
	mu   sync.Mutex
	next map[string]time.Time // per host: when the next request may go
}

// New returns a Client.
func New(o Options) *Client {
	if o.Retries == 0 {
		o.Retries = 5
	} else if o.Retries < 0 {
		o.Retries = 0
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 30 * time.Second
	}
	if o.MaxWait <= 0 {
		o.MaxWait = 60 * time.Second
	}
	if o.MinSpeed == 0 {
		o.MinSpeed = 1 << 10
	}
	if o.SpeedTime <= 0 {
		o.SpeedTime = 30 * time.Second
	}
	if o.MaxSize <= 0 {
		o.MaxSize = 512 << 20
	}
	if o.UserAgent == "" {
		o.UserAgent = "gutcount"
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 30 * time.Second
	}
	c := &Client{opt: o, next: map[string]time.Time{}}
	tr := cleanhttp.DefaultPooledTransport()
	tr.ResponseHeaderTimeout = o.Timeout
	tr.DisableCompression = true // Accept-Encoding: identity is sent instead
	// A connection is used once: net/http logs to the standard logger
	// (the user's stderr) when a server sends more than its
	// Content-Length on a connection kept for reuse, and a book is large
	// enough that a new connection costs little.
	tr.DisableKeepAlives = true
	if o.TLS != nil {
		tr.TLSClientConfig = o.TLS
	}
	if o.Dial != nil {
		tr.DialContext = o.Dial
	}
	c.http = &http.Client{
		Transport:     &spacedTransport{c: c, next: tr},
		CheckRedirect: checkRedirect,
	}
	return c
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > 10 {
		return permanent{errors.New("more than 10 redirects")}
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return permanent{&SchemeError{Scheme: req.URL.Scheme}}
	}
	if prev := via[len(via)-1]; prev.URL.Scheme == "https" && req.URL.Scheme == "http" {
		return permanent{fmt.Errorf("refused redirect from https to http (%s)", Redact(req.URL.String()))}
	}
	return nil
}

// spacedTransport spaces the requests to each host as Options.Rate asks,
// redirects included.
type spacedTransport struct {
	c    *Client
	next http.RoundTripper
}

func (t *spacedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.c.wait(req.Context(), req.URL.Hostname()); err != nil {
		return nil, err
	}
	return t.next.RoundTrip(req)
}

func (c *Client) wait(ctx context.Context, host string) error {
	if c.opt.Rate == nil {
		return nil
	}
	gap := c.opt.Rate(host)
	if gap <= 0 {
		return nil
	}
	host = strings.ToLower(host)
	c.mu.Lock()
	now := time.Now()
	at := c.next[host]
	if at.Before(now) {
		at = now
	}
	c.next[host] = at.Add(gap)
	c.mu.Unlock()
	if d := time.Until(at); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}

func (c *Client) logf(format string, args ...any) {
	if c.opt.Log != nil {
		c.opt.Log(fmt.Sprintf(format, args...))
	}
}

// classify tells the errors a retry may fix from the others, and gives
// them their types: net/http's *url.Error (which repeats the method and
// URL) becomes a *NetworkError, or the permanent error inside it.
func classify(err error) (retry bool, _ error) {
	var uerr *url.Error
	if !errors.As(err, &uerr) {
		// From reading the body: already typed.
		return !isPermanent(err), err
	}
	inner := uerr.Err
	var cert *tls.CertificateVerificationError
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var rec tls.RecordHeaderError
	var dns *net.DNSError
	switch {
	case isPermanent(inner):
		return false, inner
	case errors.Is(inner, context.Canceled):
		return false, inner
	case errors.As(inner, &cert) || errors.As(inner, &unknown) || errors.As(inner, &host) || errors.As(inner, &rec):
		return false, permanent{&NetworkError{inner}}
	case errors.As(inner, &dns):
		// A name that does not resolve, or no resolver at all: that does
		// not mend in the seconds a retry waits.
		return false, permanent{&NetworkError{inner}}
	}
	return true, &NetworkError{inner}
}

// retryable reports whether an HTTP status may be retried.
func retryable(code int) bool {
	return code == http.StatusRequestTimeout || code == http.StatusTooManyRequests ||
		(code >= 500 && code <= 599 && code != http.StatusNotImplemented)
}

// statusVerdict is the error of a response that is not a success: a
// Retry-After above the cap (or past any duration) fails at once.
func (c *Client) statusVerdict(resp *http.Response) error {
	v := resp.Header.Get("Retry-After")
	if d, ok := retryAfter(v, time.Now()); ok && d > c.opt.MaxWait {
		return permanent{&WaitTooLongError{Wait: d, Limit: c.opt.MaxWait, RetryAfter: v}}
	}
	return permanent{&StatusError{resp.StatusCode}}
}

// backoff is the wait before retry number attempt+1: what the server's
// Retry-After asks (statusVerdict has refused one above the cap), else
// exponentially longer, with jitter.
func (c *Client) backoff(attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return d
		}
	}
	lo, hi := c.opt.MinBackoff, c.opt.MaxBackoff
	d := lo << min(attempt, 30)
	if d > hi || d <= 0 {
		d = hi
	}
	// Jitter: between half and all of d.
	return d/2 + rand.N(d/2+1)
}

// retryAfter parses a Retry-After value: seconds or an HTTP date. A value
// of seconds too large for a Duration is math.MaxInt64, above any cap; a
// date in the past, or a value that is neither, is not a wait (ok false:
// the usual backoff applies).
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if strings.Trim(v, "0123456789") == "" {
		s, err := strconv.ParseUint(v, 10, 64)
		if err != nil || s > math.MaxInt64/uint64(time.Second) {
			return math.MaxInt64, true
		}
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d, true
		}
	}
	return 0, false
}

// retryClient runs the attempts of one download.
func (c *Client) retryClient(d *download) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:   c.http,
		Logger:       nil, // never print to the user: OnRetry and Log say what happens
		RetryWaitMin: c.opt.MinBackoff,
		RetryWaitMax: c.opt.MaxBackoff,
		RetryMax:     c.opt.Retries,
		CheckRetry:   d.checkRetry,
		Backoff: func(_, _ time.Duration, attempt int, resp *http.Response) time.Duration {
			wait := c.backoff(attempt, resp)
			if c.opt.OnRetry != nil {
				c.opt.OnRetry(Retry{URL: d.url, Attempt: attempt + 2, Attempts: c.opt.Retries + 1, Wait: wait, Err: d.reason})
			}
			return wait
		},
	}
}
