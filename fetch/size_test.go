package fetch_test

import (
	"errors"
	"testing"

	"github.com/gutcount/gutcount/fetch"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"512MiB": 512 << 20, "10MB": 10e6, "4096": 4096, "1g": 1 << 30, " 2 KiB ": 2048,
		"8589934591GiB":       8589934591 << 30, // the largest count of GiB that fits
		"9223372036854775807": 9223372036854775807,
	} {
		if got, err := fetch.ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	// Sizes that do not fit an int64 of bytes are refused, never wrapped.
	for _, in := range []string{"", "x", "-1", "0", "9000000000GiB", "8589934592GiB", "9223372036854775808", "9223372036854775807k", "10000000000000GB"} {
		var se *fetch.SizeError
		if n, err := fetch.ParseSize(in); !errors.As(err, &se) {
			t.Errorf("ParseSize(%q) = %d, %v; want a *SizeError", in, n, err)
		}
	}
}
