package corpus

import (
	"strings"
	"time"
)

// DefaultRate is the least time between two requests to a Project
// Gutenberg host that their robot policy asks for.
const DefaultRate = 2 * time.Second

// Polite reports whether host is one of Project Gutenberg's, which ask
// robots for at most one request every DefaultRate.
func Polite(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	return host == "gutenberg.org" || strings.HasSuffix(host, ".gutenberg.org")
}

// PoliteRate returns a fetch.Options.Rate that spaces the requests to
// Project Gutenberg's hosts by d and leaves other hosts (mirrors) alone;
// d of 0 or less spaces nothing.
func PoliteRate(d time.Duration) func(host string) time.Duration {
	return func(host string) time.Duration {
		if d > 0 && Polite(host) {
			return d
		}
		return 0
	}
}
