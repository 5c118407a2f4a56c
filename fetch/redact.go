package fetch

import "net/url"

// Redact returns rawURL without its user information (user:password@),
// for whatever is shown, logged or stored: a URL with credentials is
// requested with them, but they never leave the request. A URL without
// any comes back unchanged.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.User == nil {
		return rawURL
	}
	u.User = nil
	return u.String()
}
