// Package salary is the port of a recursion exercise: a salary that starts
// at some dollars (1000 in the original) and doubles every year. Year 1
// earns the start; year n earns start·2^(n-1), in math/big so that no year
// overflows.
//
//	years, err := salary.ParseYears(" 5 ")      // 5
//	s := salary.Calculate(years, big.NewInt(1000)) // 16000
//
// It owns the computation and the checks of the answer; the prompt, the
// history file and the words of the command are cmd/gutcount's. It imports
// nothing of the module.
package salary

import (
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// MaxYears bounds the answer: 2^9999 has about 3,000 digits already.
const MaxYears = 10000

// Calculate is the port of the recursive original,
//
//	(define (calculate-salary years salary)
//	  (if (<= years 1) salary (calculate-salary (- years 1) (* salary 2))))
//
// with math/big so that no year overflows.
func Calculate(years int, salary *big.Int) *big.Int {
	if years <= 1 {
		return salary
	}
	return Calculate(years-1, new(big.Int).Mul(salary, big.NewInt(2)))
}

// Table calls each with every year from 1 to years, in order, and its
// salary, computing each year once: the recursion of Calculate, which
// hands each year's salary on to the next, calls each on its way. It
// stops at the first error each returns. each must not keep or change
// the salary it is given.
func Table(years int, salary *big.Int, each func(year int, salary *big.Int) error) error {
	return table(1, years, salary, each)
}

func table(year, years int, salary *big.Int, each func(int, *big.Int) error) error {
	if err := each(year, salary); err != nil || year >= years {
		return err
	}
	return table(year+1, years, new(big.Int).Mul(salary, big.NewInt(2)), each)
}

// ErrNoAnswer is an empty answer.
var ErrNoAnswer = errors.New("no answer given: type a whole number of years, such as 5")

// NotIntegerError is an answer that is not a whole number (3.5, 0x10, 1e3,
// abc): the original prints "INPUT: This is NOT an integer."
type NotIntegerError struct{ Input string }

func (e *NotIntegerError) Error() string { return e.Input + ": This is NOT an integer." }

// YearsError is a whole number of years out of range: 0, negative, more
// than MaxYears.
type YearsError struct {
	Input string // abbreviated when long
	Why   string
}

func (e *YearsError) Error() string { return e.Input + " years: " + e.Why }

var integer = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[+-]?[0-9]+$`) })

// ParseYears reads an answer, spaces around it trimmed: a whole number
// from 1 to MaxYears (a leading + or zeros are fine). Otherwise the error
// is ErrNoAnswer, a *NotIntegerError or a *YearsError.
func ParseYears(answer string) (int, error) {
	input := strings.TrimSpace(answer)
	if input == "" {
		return 0, ErrNoAnswer
	}
	if !integer().MatchString(input) {
		return 0, &NotIntegerError{input}
	}
	digits := strings.TrimLeft(strings.TrimLeft(input, "+-"), "0")
	negative := strings.HasPrefix(input, "-") && digits != ""
	n, err := strconv.Atoi(digits)
	if digits == "" {
		n, err = 0, nil
	}
	switch {
	case negative:
		return 0, &YearsError{Abbreviate(input), "the number of years cannot be negative"}
	case err != nil || n > MaxYears: // too many digits for an int, or too many years
		return 0, &YearsError{Abbreviate(input), fmt.Sprintf("at most %d years, please", MaxYears)}
	case n == 0:
		return 0, &YearsError{input, "work at least 1 year"}
	}
	return n, nil
}

// ErrStart is a start salary that is not a whole number of dollars, 0 or
// more.
var ErrStart = errors.New("want a whole number of dollars, 0 or more")

// ParseStart reads the salary of the first year: a whole number of
// dollars, 0 or more, of at most 1000 digits; else ErrStart.
func ParseStart(s string) (*big.Int, error) {
	start, ok := new(big.Int).SetString(s, 10)
	if len(s) > 1000 || !ok || start.Sign() < 0 {
		return nil, ErrStart
	}
	return start, nil
}

// Abbreviate shortens a long number for a message: its first ten digits
// and how many there are.
func Abbreviate(s string) string {
	if len(s) > 20 {
		return s[:10] + "…(" + strconv.Itoa(len(s)) + " digits)"
	}
	return s
}
