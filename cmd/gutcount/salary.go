package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"regexp"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/internal/fsx"
)

// SalaryOptions are the inputs of gutcount salary.
type SalaryOptions struct {
	G         *Globals
	Years     string // the argument or the answer to the prompt
	Asked     bool   // Years came from the prompt
	History   string
	NoHistory bool
	Table     bool
	Start     string
}

// maxYears bounds the answer: 2^9999 has about 3,000 digits already.
const maxYears = 10000

// NewCmdSalary returns the salary command; runF replaces salaryRun in tests.
func NewCmdSalary(g *Globals, runF func(context.Context, *SalaryOptions) error) *cobra.Command {
	opts := &SalaryOptions{G: g}
	cmd := &cobra.Command{
		Use:   "salary [YEARS]",
		Short: "The $1000 salary that doubles every year (a recursion exercise)",
		Example: `  gutcount salary 5
  echo 5 | gutcount salary
  gutcount salary --table --no-history 10
  gutcount salary --start 2500 --history salaries.txt 3`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("salary takes at most one YEARS argument")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Years = args[0]
			} else {
				fmt.Fprint(g.IO.Err, "How many years do you want to work? ")
				line, err := readAnswer(cmd.Context(), g.IO.In)
				if !g.IO.InTTY {
					fmt.Fprintln(g.IO.Err) // no echo ended the prompt's line
				}
				if err != nil {
					return err
				}
				opts.Years, opts.Asked = line, true
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return salaryRun(cmd.Context(), opts)
		},
	}
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		if n, ok := negativeNumber(err); ok {
			return usagef("%s years: the number of years cannot be negative", n)
		}
		return c.Root().FlagErrorFunc()(c, err)
	})
	cmd.Flags().StringVar(&opts.History, "history", "salary_history.txt", "append each answer to `FILE`")
	cmd.Flags().BoolVar(&opts.NoHistory, "no-history", false, "do not keep a history")
	cmd.Flags().BoolVar(&opts.Table, "table", false, "print every year from 1 to YEARS")
	cmd.Flags().StringVar(&opts.Start, "start", "1000", "the salary of the first year: `N` dollars")
	return cmd
}

var integer = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[+-]?[0-9]+$`) })

// CalculateSalary is the port of the recursive original,
//
//	(define (calculate-salary years salary)
//	  (if (<= years 1) salary (calculate-salary (- years 1) (* salary 2))))
//
// with math/big so that no year overflows.
func CalculateSalary(years int, salary *big.Int) *big.Int {
	if years <= 1 {
		return salary
	}
	return CalculateSalary(years-1, new(big.Int).Mul(salary, big.NewInt(2)))
}

// maxAnswer is the longest answer read from the prompt: a number of years
// needs a few bytes, and an endless input must not fill the memory.
const maxAnswer = 1 << 10

// errLongAnswer is an answer longer than maxAnswer.
var errLongAnswer = usagef("the answer is longer than %d bytes; give a number of years, such as 5", maxAnswer)

// readAnswer reads one line of at most maxAnswer bytes from r. It returns
// at once when ctx is done (Ctrl-C, SIGTERM), even while r blocks.
func readAnswer(ctx context.Context, r io.Reader) (string, error) {
	type answer struct {
		line string
		err  error
	}
	got := make(chan answer, 1)
	go func() {
		// The reader may block for ever; the process ends without it.
		br := bufio.NewReaderSize(io.LimitReader(r, maxAnswer+1), maxAnswer+1)
		line, err := br.ReadString('\n')
		switch {
		case len(line) > maxAnswer:
			err = errLongAnswer
		case errors.Is(err, io.EOF):
			err = nil
		}
		got <- answer{line, err}
	}()
	select {
	case a := <-got:
		return a.line, a.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// significantDigits counts the digits of an integer's text after its sign
// and leading zeros.
func significantDigits(s string) int {
	return len(strings.TrimLeft(strings.TrimLeft(s, "+-"), "0"))
}

func salaryRun(ctx context.Context, opts *SalaryOptions) error {
	input := strings.TrimSpace(opts.Years)
	if input == "" {
		return usagef("no answer given: type a whole number of years, such as 5")
	}
	if !integer().MatchString(input) {
		fmt.Fprintf(opts.G.IO.Err, "%s: This is NOT an integer.\n", clean(input))
		return &exitError{code: exitUsage, err: errors.New("not an integer")}
	}
	if significantDigits(input) > len(fmt.Sprint(maxYears)) {
		// Far too many years: say so without parsing a huge number.
		if strings.HasPrefix(input, "-") {
			return usagef("%s years: the number of years cannot be negative", abbreviate(input))
		}
		return usagef("%s years: at most %d years, please", abbreviate(input), maxYears)
	}
	n, _ := new(big.Int).SetString(strings.TrimPrefix(input, "+"), 10)
	switch {
	case n.Sign() == 0:
		return usagef("0 years: work at least 1 year")
	case n.Sign() < 0:
		return usagef("%s years: the number of years cannot be negative", input)
	case n.Cmp(big.NewInt(maxYears)) > 0:
		return usagef("%s years: at most %d years, please", abbreviate(input), maxYears)
	}
	start, ok := new(big.Int).SetString(opts.Start, 10)
	if len(opts.Start) > 1000 || !ok || start.Sign() < 0 {
		return usagef("--start %q: want a whole number of dollars, 0 or more", opts.Start)
	}
	years := int(n.Int64())
	out := bufio.NewWriter(opts.G.IO.Out)
	if opts.Table {
		for y := 1; y < years; y++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			fmt.Fprintf(out, "%d:$%s\n", y, CalculateSalary(y, start))
		}
	}
	line := fmt.Sprintf("%d:$%s", years, CalculateSalary(years, start))
	fmt.Fprintln(out, line)
	if err := out.Flush(); err != nil {
		return err
	}
	if opts.NoHistory {
		return nil
	}
	if err := fsx.AppendLine(opts.History, line, 0o644); err != nil {
		return fmt.Errorf("salary history not kept: %w", err)
	}
	return nil
}

// abbreviate shortens a long number for an error message.
func abbreviate(s string) string {
	if len(s) > 20 {
		return s[:10] + "…(" + fmt.Sprint(len(s)) + " digits)"
	}
	return s
}
