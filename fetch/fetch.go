package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
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
	IdleTimeout time.Duration // a body that sends nothing this long is cancelled [30s]
	MaxWait     time.Duration // longest Retry-After honoured [60s]
	MaxSize     int64         // largest body accepted [512 MiB]
	// Rate is the least time between two requests to a gutenberg.org host
	// [2s], their robot policy; negative for no limit.
	Rate      time.Duration
	UserAgent string // ["gutcount"]
	// Log, when set, is told of every retry and its reason (-v).
	Log io.Writer
	// Progress, when set, follows each download.
	Progress func(url string) Progress
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

// Progress follows one download.
type Progress interface {
	// Start is called when a body starts: total is -1 when unknown, done
	// is what a resumed .part already holds.
	Start(total, done int64)
	Add(n int)
	Finish()
}

// Client downloads files.
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
	if o.MaxSize <= 0 {
		o.MaxSize = 512 << 20
	}
	if o.Rate == 0 {
		o.Rate = 2 * time.Second
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
	if o.TLS != nil {
		tr.TLSClientConfig = o.TLS
	}
	if o.Dial != nil {
		tr.DialContext = o.Dial
	}
	c.http = &http.Client{
		Transport:     &politeTransport{c: c, next: tr},
		CheckRedirect: checkRedirect,
	}
	return c
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > 10 {
		return permanent{errors.New("more than 10 redirects")}
	}
	if prev := via[len(via)-1]; prev.URL.Scheme == "https" && req.URL.Scheme == "http" {
		return permanent{fmt.Errorf("refused redirect from https to http (%s)", req.URL)}
	}
	return nil
}

// politeTransport spaces requests to gutenberg.org hosts.
type politeTransport struct {
	c    *Client
	next http.RoundTripper
}

func (t *politeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.c.wait(req.Context(), req.URL.Hostname()); err != nil {
		return nil, err
	}
	return t.next.RoundTrip(req)
}

// Polite reports whether host is one of Project Gutenberg's, which ask for
// at most one request every two seconds.
func Polite(host string) bool {
	host = strings.ToLower(host)
	return host == "gutenberg.org" || strings.HasSuffix(host, ".gutenberg.org")
}

func (c *Client) wait(ctx context.Context, host string) error {
	if c.opt.Rate < 0 || !Polite(host) {
		return nil
	}
	c.mu.Lock()
	now := time.Now()
	at := c.next[host]
	if at.Before(now) {
		at = now
	}
	c.next[host] = at.Add(c.opt.Rate)
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

// checkRetry tells transient failures from permanent ones.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		if isPermanent(err) || errors.Is(err, context.Canceled) {
			return false, err
		}
		var cert *tls.CertificateVerificationError
		var unknown x509.UnknownAuthorityError
		var host x509.HostnameError
		var rec tls.RecordHeaderError
		if errors.As(err, &cert) || errors.As(err, &unknown) || errors.As(err, &host) || errors.As(err, &rec) {
			return false, permanent{err}
		}
		var uerr *url.Error
		if errors.As(err, &uerr) && strings.Contains(uerr.Err.Error(), "unsupported protocol scheme") {
			return false, permanent{err}
		}
		c.logf("retrying %s: %v", urlOf(resp), err)
		return true, nil
	}
	switch code := resp.StatusCode; {
	case code == http.StatusRequestTimeout || code == http.StatusTooManyRequests ||
		(code >= 500 && code != http.StatusNotImplemented):
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok && d > c.opt.MaxWait {
			return false, permanent{fmt.Errorf("%d %s: %w (Retry-After %s, limit %s)",
				code, http.StatusText(code), ErrWaitTooLong, d.Round(time.Second), c.opt.MaxWait)}
		}
		c.logf("retrying %s: %d %s", resp.Request.URL, code, http.StatusText(code))
		return true, nil
	}
	return false, nil
}

func urlOf(resp *http.Response) string {
	if resp != nil && resp.Request != nil {
		return resp.Request.URL.String()
	}
	return "request"
}

func (c *Client) logf(format string, args ...any) {
	if c.opt.Log != nil {
		fmt.Fprintf(c.opt.Log, "gutcount: "+format+"\n", args...)
	}
}

// backoff waits exponentially longer, with jitter, or as long as the
// server's Retry-After asks (checkRetry has refused one above the cap).
func (c *Client) backoff(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return d
		}
	}
	d := lo << min(attempt, 30)
	if d > hi || d <= 0 {
		d = hi
	}
	// Jitter: between half and all of d.
	return d/2 + rand.N(d/2+1)
}

// retryAfter parses a Retry-After value: seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s < 0 {
			return 0, false
		}
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

func (c *Client) retryable() *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:   c.http,
		Logger:       nil, // never print to the user; -v goes through checkRetry
		RetryWaitMin: c.opt.MinBackoff,
		RetryWaitMax: c.opt.MaxBackoff,
		RetryMax:     c.opt.Retries,
		CheckRetry:   c.checkRetry,
		Backoff:      c.backoff,
	}
}
