package corpus

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/gutcount/gutcount/fetch"
)

// MirrorError is a mirror URL that would be read as something else than
// it says: no scheme, no host, an empty port (which Go reads as port 80),
// a query.
type MirrorError struct {
	URL string // credentials redacted
	Why string
	// Meant is the URL probably meant, "" when there is no guess.
	Meant string
}

func (e *MirrorError) Error() string {
	if e.Meant != "" {
		return fmt.Sprintf("%q: %s; did you mean %s?", e.URL, e.Why, e.Meant)
	}
	return fmt.Sprintf("%q: %s (a mirror is a URL such as %s or http://localhost:8080)", e.URL, e.Why, DefaultMirror)
}

// CheckMirror returns nil when mirror is a URL a Library can take as its
// Mirror: http or https, a host, a port from 1 to 65535 if any, no query
// or fragment. Otherwise a *MirrorError.
func CheckMirror(mirror string) error {
	bad := func(why string) error { return &MirrorError{URL: fetch.Redact(mirror), Why: why} }
	if !strings.Contains(mirror, "://") {
		return &MirrorError{URL: mirror, Why: "no http:// or https://", Meant: "http://" + mirror}
	}
	u, err := url.Parse(mirror)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return bad(err.Error())
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return bad("the scheme must be http or https")
	case u.Hostname() == "":
		return bad("no host")
	case strings.HasSuffix(u.Host, ":"):
		return bad("the port is empty")
	case u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(mirror, "?") || strings.HasSuffix(mirror, "#"):
		return bad("a mirror has no query or fragment")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return bad(fmt.Sprintf("port %s is not between 1 and 65535", p))
		}
	}
	return nil
}
