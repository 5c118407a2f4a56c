package fetch

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// SizeError is a size ParseSize cannot read, or one too large for an
// int64 of bytes.
type SizeError struct{ Input string }

func (e *SizeError) Error() string { return fmt.Sprintf("%q is not a size such as 512MiB", e.Input) }

// ParseSize reads a byte count with an optional unit, for Options.MaxSize:
// 512MiB, 10MB, 1g, 4096 (KiB, MiB, GiB and K, M, G are powers of 1024;
// KB, MB, GB of 1000; case does not matter). The count must be more than 0
// and the bytes fit an int64.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"b", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.m
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/mult {
		return 0, &SizeError{Input: s}
	}
	return n * mult, nil
}
