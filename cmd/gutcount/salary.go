package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"

	"github.com/spf13/cobra"

	"github.com/gutcount/gutcount/internal/fsx"
	"github.com/gutcount/gutcount/internal/salary"
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

// NewCmdSalary returns the salary command; runF replaces salaryRun in tests.
func NewCmdSalary(g *Globals, runF func(context.Context, *SalaryOptions) error) *cobra.Command {
	opts := &SalaryOptions{G: g}
	cmd := &cobra.Command{
		Use:   "salary [YEARS]",
		Short: "The $1000 salary that doubles every year (a recursion exercise)",
		Example: `  gutcount salary --no-history 5
  echo 5 | gutcount salary --no-history
  gutcount salary --table --no-history 10
  gutcount salary --start 2500 --history /tmp/salaries.txt 3`,
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
				if t, ok := g.IO.In.(interface{ SkipHint() }); ok {
					t.SkipHint() // the prompt says what to type
				}
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

func salaryRun(ctx context.Context, opts *SalaryOptions) error {
	years, err := salary.ParseYears(opts.Years)
	var notInt *salary.NotIntegerError
	if errors.As(err, &notInt) {
		fmt.Fprintf(opts.G.IO.Err, "%s: This is NOT an integer.\n", clean(notInt.Input))
		return &exitError{code: exitUsage, err: errors.New("not an integer")}
	}
	if err != nil {
		return err
	}
	start, err := salary.ParseStart(opts.Start)
	if err != nil {
		return usagef("--start %q: %v", opts.Start, err)
	}
	out := bufio.NewWriter(opts.G.IO.Out)
	var last *big.Int
	if opts.Table {
		err = salary.Table(years, start, func(y int, s *big.Int) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if y < years {
				fmt.Fprintf(out, "%d:$%s\n", y, s)
			}
			last = s
			return nil
		})
	} else {
		last = salary.Calculate(years, start)
	}
	if err != nil {
		return err
	}
	line := fmt.Sprintf("%d:$%s", years, last)
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
