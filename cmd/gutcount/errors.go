package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gutcount/gutcount/corpus"
	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/corpus/job"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/fetch"
	"github.com/gutcount/gutcount/internal/salary"
)

// Exit codes (DESIGN.md).
const (
	exitOK          = 0
	exitNoMatch     = 1
	exitUsage       = 2
	exitIO          = 3
	exitBatchFailed = 4
	exitBusy        = 5 // the batch or shard is being run by another process: a scheduler retries later
	exitInterrupted = 130
)

// errNoMatch is returned by count when no word occurred; it prints nothing.
var errNoMatch = errors.New("no occurrences")

// exitError carries the exit code of an error that was already reported.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError is an argument or flag the user got wrong, found by cmd.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// unknownCommandError is a command name that is not one, with the names
// it may be a typo of.
type unknownCommandError struct {
	msg         string
	suggestions []string
}

func (e *unknownCommandError) Error() string { return e.msg }

// unknownCommand is the error for args that name no subcommand of root,
// found as cobra finds it (its Find fails for nothing else), but as a
// value that carries its suggestions.
func unknownCommand(root *cobra.Command, args []string) error {
	if len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
		return nil // completion answers for itself
	}
	// The commands cobra adds when it runs, added now to be found.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd(args...)
	c, rest, err := root.Find(args)
	if err == nil && c == root {
		// Words reach the root only after --, which ends the flags.
		if i := slices.Index(args, "--"); i >= 0 && i+1 < len(args) {
			return usagef("%q after -- is no command: -- ends the flags, and goes after the command (gutcount %s -- ...)", args[i+1], args[i+1])
		}
	}
	if err == nil || c != root {
		return nil
	}
	name := ""
	if root.ParseFlags(rest) == nil && root.Flags().NArg() > 0 {
		name = root.Flags().Arg(0)
	} else {
		for _, a := range rest {
			if !strings.HasPrefix(a, "-") {
				name = a
				break
			}
		}
	}
	return &unknownCommandError{
		msg:         fmt.Sprintf("unknown command %q for %q (see %s --help)", name, root.CommandPath(), root.CommandPath()),
		suggestions: root.SuggestionsFor(name),
	}
}

// isUsage reports whether err is the user's input at fault (exit 2): an
// argument, a flag or a setting that cannot be, as cmd or a library
// package finds it.
func isUsage(err error) bool {
	return errors.As(err, new(*usageError)) ||
		errors.As(err, new(*unknownCommandError)) ||
		errors.As(err, new(*corpus.BadSourceError)) ||
		errors.As(err, new(*corpus.EncodingError)) ||
		errors.As(err, new(*count.WordError)) ||
		errors.As(err, new(*batch.InvalidError)) ||
		errors.As(err, new(*batch.ShardError)) ||
		errors.As(err, new(*batch.SettingsError)) ||
		errors.As(err, new(*job.TableFormatError)) ||
		errors.Is(err, job.ErrNothingToCount) ||
		errors.Is(err, salary.ErrNoAnswer) ||
		errors.As(err, new(*salary.YearsError))
}

// exitCode decides the exit code of err, in one place.
func exitCode(ctx context.Context, err error) int {
	var ee *exitError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errNoMatch):
		return exitNoMatch
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, new(*batch.BusyError)):
		return exitBusy
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		return exitInterrupted
	case isUsage(err):
		return exitUsage
	}
	return exitIO
}

// reportError prints err on w as gutcount's one-line error.
func reportError(w io.Writer, err error) {
	fmt.Fprintln(w, "gutcount: "+errorText(err))
}

// errorText is err as one line for the user, safe for a terminal, in
// gutcount's words (the flags that set what a library error names), with
// what to do next where the error alone does not say it. Suggestions for
// a mistyped command follow on lines of their own.
func errorText(err error) string {
	msg := oneLine(inFlags(err))
	var nf *corpus.NotFoundError
	if errors.As(err, &nf) {
		msg += "; to find a book's ID: gutcount corpus search WORDS OF ITS TITLE"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && errors.Is(pe.Err, fs.ErrPermission) && (pe.Op == "mkdir" || pe.Op == "create") {
		// Most often a folder mounted into the container, which runs
		// as uid 65532, from the host, where it belongs to root.
		msg += fmt.Sprintf(" (gutcount runs as uid %d, which cannot write there: give a folder it can write, or run the container with --user \"$(id -u):$(id -g)\")", os.Getuid())
	}
	msg = clean(msg)
	var uc *unknownCommandError
	if errors.As(err, &uc) && len(uc.suggestions) > 0 {
		names := make([]string, len(uc.suggestions))
		for i, c := range uc.suggestions {
			names[i] = clean(c)
		}
		msg += "; did you mean " + strings.Join(names, " or ") + "?"
	}
	return msg
}

// inFlags is err's message with the library errors in it worded in the
// flags of gutcount that set what they name.
func inFlags(err error) string {
	msg := err.Error()
	reword := func(lib error, cli string) {
		msg = strings.Replace(msg, lib.Error(), cli, 1)
	}
	var enc *corpus.EncodingError
	var shard *batch.ShardError
	var inc *batch.IncompleteError
	var set *batch.SettingsError
	if errors.As(err, &enc) {
		reword(enc, fmt.Sprintf("unknown --encoding %q (try %s)", enc.Name, strings.Join(enc.Try, ", ")))
	}
	if errors.As(err, &shard) {
		reword(shard, "--"+shard.Error())
	}
	if errors.As(err, &inc) {
		reword(inc, strings.TrimSuffix(inc.Error(), ", or merge what there is")+", or merge --partial")
	}
	if errors.As(err, &set) {
		reword(set, fmt.Sprintf("journal %s was made with other settings (%s, not %s): use another --out, or remove it to start again", set.Journal, set.Theirs, set.Ours))
	}
	var tf *job.TableFormatError
	if errors.As(err, &tf) {
		reword(tf, fmt.Sprintf("--table %q: want parquet, csv or tsv", tf.Format))
	}
	if errors.Is(err, job.ErrNothingToCount) {
		reword(job.ErrNothingToCount, "a batch needs words to count (-w WORD) or --freq, or both")
	}
	return msg
}

// sourceError names src in err, unless err names it already: a refused
// SOURCE names its argument, a failed download its URL (whose path holds a
// book's ID), a file's error its path.
func sourceError(src corpus.Source, err error) error {
	var bad *corpus.BadSourceError
	var fe *fetch.Error
	var nf *corpus.NotFoundError
	var pe *fs.PathError
	switch {
	case errors.As(err, &bad) && bad.Arg == src.Arg,
		src.Kind == corpus.URL && errors.As(err, &fe) && fe.URL == src.URL,
		src.Kind == corpus.ID && (errors.As(err, &fe) || errors.As(err, &nf)),
		src.Kind == corpus.File && errors.As(err, &pe) && pe.Path == src.Path:
		return err
	}
	return fmt.Errorf("%s: %w", src.Arg, err)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

// negativeNumber reports whether err is pflag's for an argument such as
// -3, a negative number that it took for short flags, and returns it.
func negativeNumber(err error) (string, bool) {
	var ne *pflag.NotExistError
	if !errors.As(err, &ne) {
		return "", false
	}
	s := ne.GetSpecifiedShortnames()
	return "-" + s, s != "" && strings.Trim(s, "0123456789") == ""
}
