package salary_test

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/internal/salary"
)

// iterative is the check: start doubled years-1 times in a loop.
func iterative(years int, start int64) *big.Int {
	s := big.NewInt(start)
	for y := 1; y < years; y++ {
		s.Add(s, s)
	}
	return s
}

func TestCalculate(t *testing.T) {
	for _, years := range []int{1, 2, 5, 63, 64, 65, 1000, 10000} {
		if got, want := salary.Calculate(years, big.NewInt(1000)), iterative(years, 1000); got.Cmp(want) != 0 {
			t.Errorf("Calculate(%d, 1000) = %s; want %s", years, got, want)
		}
	}
	if got := salary.Calculate(5, big.NewInt(1000)).String(); got != "16000" {
		t.Errorf("Calculate(5, 1000) = %s; want 16000", got)
	}
}

// Table gives every year once, in order, each equal to the loop's.
func TestTable(t *testing.T) {
	for _, years := range []int{1, 2, 5, 65, 10000} {
		next := 1
		err := salary.Table(years, big.NewInt(7), func(y int, s *big.Int) error {
			if y != next {
				t.Fatalf("Table(%d): year %d after %d", years, y, next-1)
			}
			if y == 1 || y == 2 || y == 64 || y == years {
				if want := iterative(y, 7); s.Cmp(want) != 0 {
					t.Errorf("Table(%d): year %d = %s; want %s", years, y, s, want)
				}
			}
			next++
			return nil
		})
		if err != nil || next != years+1 {
			t.Errorf("Table(%d) = %v after %d years; want every year", years, err, next-1)
		}
	}
	stop := errors.New("stop")
	n := 0
	if err := salary.Table(100, big.NewInt(1), func(y int, _ *big.Int) error {
		n++
		if y == 3 {
			return stop
		}
		return nil
	}); err != stop || n != 3 {
		t.Errorf("Table stopped by an error: %v after %d years; want stop after 3", err, n)
	}
}

// A table of 10000 years computes each year once: a benchmark, not a
// time limit (the recursive Calculate per year took 40 s).
func BenchmarkTable10000(b *testing.B) {
	for b.Loop() {
		salary.Table(salary.MaxYears, big.NewInt(1000), func(int, *big.Int) error { return nil })
	}
}

func TestParseYears(t *testing.T) {
	for in, want := range map[string]int{"5": 5, " 7 ": 7, "+3": 3, "000000000000000000000000000000007": 7, "10000": 10000, "1": 1} {
		if got, err := salary.ParseYears(in); err != nil || got != want {
			t.Errorf("ParseYears(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for in, want := range map[string]string{
		"":                            "no answer given",
		"abc":                         "abc: This is NOT an integer.",
		"3.5":                         "3.5: This is NOT an integer.",
		"0x10":                        "0x10: This is NOT an integer.",
		"0":                           "0 years: work at least 1 year",
		"-0":                          "-0 years: work at least 1 year",
		"-4":                          "-4 years: the number of years cannot be negative",
		"10001":                       "10001 years: at most 10000 years, please",
		strings.Repeat("9", 100):      "9999999999…(100 digits) years: at most 10000 years, please",
		"-" + strings.Repeat("9", 30): "-999999999…(31 digits) years: the number of years cannot be negative",
	} {
		if _, err := salary.ParseYears(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseYears(%q) = %v; want %q", in, err, want)
		}
	}
}

func TestParseStart(t *testing.T) {
	if s, err := salary.ParseStart("2500"); err != nil || s.Int64() != 2500 {
		t.Errorf("ParseStart(2500) = %v, %v", s, err)
	}
	for _, in := range []string{"", "-1", "x", strings.Repeat("1", 1001)} {
		if _, err := salary.ParseStart(in); !errors.Is(err, salary.ErrStart) {
			t.Errorf("ParseStart(%q) = %v; want ErrStart", in, err)
		}
	}
}
