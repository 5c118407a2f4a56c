// Package batch runs a function over every item of a list of thousands,
// resumably and in shards, and writes what it returns in list order.
//
// Each finished item is a record in a journal (JSON Lines, synced before the
// item counts as done). A second run skips what is done, retries what
// failed, and so a run killed at any moment and run again ends with the
// results of an uninterrupted run. The list can be split into N shards run
// anywhere that sees one folder (a Kubernetes Indexed Job, a Slurm array,
// GNU parallel); Merge joins them into what one run would have written. A
// failure of one item never stops the others.
//
// One runner per journal: a second one is refused at once with a
// *BusyError that says who runs it. A journal line that does not parse
// (two runners that once wrote at the same time, a disk that failed) is
// set aside and its item run again: a journal always reopens.
//
// Memory is a few dozen bytes per item of the list (two hashes and an
// offset), whatever the length of lines or results.
//
//	sum, err := batch.Run(ctx, batch.Config{Out: "run1", Jobs: 4, Process: count}, list)
package batch

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/gutcount/gutcount/internal/fsx"
)

// Config is what Run needs.
type Config struct {
	// Out is the folder of the journal, the copy of the list and the
	// results; it is made if needed.
	Out string
	// Journal is the journal's path (default: Out/journal.jsonl, or
	// Out/journal-K-of-N.jsonl for a shard).
	Journal string
	Shard   Shard // the zero Shard is All
	Jobs    int   // items run at once (default 1)
	// Settings are recorded in the journal: a journal made with other
	// settings is refused (its results would not mix with these).
	Settings json.RawMessage
	// SkipFailed leaves items that failed in an earlier run failed,
	// instead of running them again.
	SkipFailed bool
	// Check, when set, vets each line as the list is read: a line it
	// refuses is a failed item that is never run nor journaled.
	Check func(text string) error
	// Process runs one item and returns its result, a JSON object (not
	// holding "item" or "line": Run adds them). An error fails the item.
	Process func(ctx context.Context, it Item) (json.RawMessage, error)
	// Collect, when set, is called after the run with every done item of
	// the shard and its result, in list order.
	Collect func(it Item, result json.RawMessage) error
	// Progress, when set, is called once the items to run are counted
	// (done 0) and after each item.
	Progress func(done, failed, todo int)
}

// Failure is an item that failed.
type Failure struct {
	Line    int
	Item    string
	Reason  string
	Earlier bool // failed in an earlier run and not retried (SkipFailed)
}

// MaxFailures is how many failures a Summary lists; the others are only
// counted (the journal holds them all).
const MaxFailures = 20

// Summary is what a run did.
type Summary struct {
	Listed     int // distinct items in the list, all shards
	Items      int // in the shard
	DoneNow    int
	DoneBefore int
	Failed     int
	Failures   []Failure // the first MaxFailures, in list order
	Notes      []string  // journal lines set aside, and such
	Journal    string
	Results    string
}

func (s *Summary) fail(f Failure) {
	s.Failed++
	if len(s.Failures) < MaxFailures {
		s.Failures = append(s.Failures, f)
	}
}

// paths are the files of a run in Out.
type paths struct {
	journal, list, results string
}

func pathsOf(out, journal string, shard Shard) paths {
	suffix := ""
	if shard != All {
		suffix = "-" + shard.String()
	}
	p := paths{
		journal: filepath.Join(out, "journal"+suffix+".jsonl"),
		list:    filepath.Join(out, "list"+suffix+".txt"),
		results: filepath.Join(out, "results"+suffix+".jsonl"),
	}
	if journal != "" {
		p.journal = journal
	}
	return p
}

// Run runs cfg.Process over the items of list that belong to cfg.Shard and
// are not done yet, journals each, and then writes the results of every
// done item of the shard, in list order, to Out/results[-K-of-N].jsonl. A
// copy of list is kept in Out/list[-K-of-N].txt for Merge. When ctx is
// done, Run stops (the items in flight run again next time) and returns
// ctx's error.
func Run(ctx context.Context, cfg Config, list io.Reader) (*Summary, error) {
	if cfg.Shard == (Shard{}) {
		cfg.Shard = All
	}
	if len(cfg.Settings) == 0 {
		cfg.Settings = json.RawMessage("null")
	}
	jobs := max(cfg.Jobs, 1)
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return nil, err
	}
	p := pathsOf(cfg.Out, cfg.Journal, cfg.Shard)
	j, err := openJournal(cfg.Out, p.journal, cfg.Shard, cfg.Settings)
	if err != nil {
		return nil, err
	}
	defer j.close()
	if err := fsx.CopyFile(p.list, list, 0o644); err != nil {
		return nil, fmt.Errorf("copy of the list: %w", err)
	}
	sum := &Summary{Journal: p.journal, Results: p.results, Notes: j.notes}

	// What is there to do?
	todo := 0
	sum.Listed, err = eachListedCount(p.list, cfg, func(it Item) error {
		sum.Items++
		if it.Err != nil {
			return nil
		}
		e, ok := j.lookup(keyOf(it.Text))
		switch {
		case ok && !e.failed:
			sum.DoneBefore++
		case ok && cfg.SkipFailed:
		default:
			todo++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if cfg.Progress != nil {
		cfg.Progress(0, 0, todo)
	}

	// Do it: a feeder and jobs workers; only a journal that cannot be
	// written stops them.
	g, gctx := errgroup.WithContext(ctx)
	items := make(chan Item)
	var done, failed atomic.Int64
	g.Go(func() error {
		defer close(items)
		err := eachListed(p.list, cfg, func(it Item) error {
			if it.Err != nil {
				return nil
			}
			if e, ok := j.lookup(keyOf(it.Text)); ok && (!e.failed || cfg.SkipFailed) {
				return nil
			}
			select {
			case items <- it:
				return nil
			case <-gctx.Done():
				return gctx.Err()
			}
		})
		if errors.Is(err, context.Canceled) && ctx.Err() == nil {
			return nil // a worker failed: its error is the one to tell
		}
		return err
	})
	for range jobs {
		g.Go(func() error {
			for it := range items {
				rec := Record{Item: it.Text, Status: "done"}
				res, perr := cfg.Process(gctx, it)
				if gctx.Err() != nil {
					return gctx.Err() // in flight when stopped: runs again next time
				}
				if perr == nil && !isObject(res) {
					perr = fmt.Errorf("result is not a JSON object: %.40q", res)
				}
				if perr != nil {
					rec.Status, rec.Error = "failed", oneLine(perr.Error())
				} else {
					rec.Result = res
				}
				if err := j.append(rec); err != nil {
					return fmt.Errorf("journal %s: %w", p.journal, err)
				}
				if perr != nil {
					failed.Add(1)
				} else {
					done.Add(1)
				}
				if cfg.Progress != nil {
					cfg.Progress(int(done.Load()+failed.Load()), int(failed.Load()), todo)
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	sum.DoneNow = int(done.Load())

	// Write what the journal holds, in list order.
	rf, err := fsx.Create(p.results, 0o644)
	if err != nil {
		return nil, err
	}
	defer rf.Abort()
	w := bufio.NewWriterSize(rf, 256<<10)
	err = eachListed(p.list, cfg, func(it Item) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return output(w, it, j.lookup, j.read, j.start, cfg, sum)
	})
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return nil, err
	}
	return sum, rf.Commit()
}

// eachListed calls fn with every item of the list copy at path that
// belongs to cfg.Shard.
func eachListed(path string, cfg Config, fn func(Item) error) error {
	_, err := eachListedCount(path, cfg, fn)
	return err
}

// eachListedCount is eachListed that also returns how many distinct items
// the whole list holds.
func eachListedCount(path string, cfg Config, fn func(Item) error) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n := 0
	err = eachItem(f, cfg.Check, func(it Item) error {
		n++
		if !cfg.Shard.Has(it.Index) {
			return nil
		}
		return fn(it)
	})
	return n, err
}

// output writes it's result line to w (and collects it) when it is done,
// or counts its failure; records older than start are from earlier runs.
func output(w io.Writer, it Item, lookup func(itemKey) (entry, bool), read func(entry, string) (Record, error), start int64, cfg Config, sum *Summary) error {
	if it.Err != nil {
		sum.fail(Failure{Line: it.Line, Item: it.Text, Reason: it.Err.Error()})
		return nil
	}
	e, ok := lookup(keyOf(it.Text))
	if !ok {
		sum.fail(Failure{Line: it.Line, Item: it.Text, Reason: "not run"})
		return nil
	}
	rec, err := read(e, it.Text)
	if err != nil {
		return err
	}
	if rec.Status == "failed" {
		sum.fail(Failure{Line: it.Line, Item: it.Text, Reason: rec.Error, Earlier: cfg.SkipFailed && e.off < start})
		return nil
	}
	if _, err := io.WriteString(w, resultLine(it, rec.Result)); err != nil {
		return err
	}
	if cfg.Collect != nil {
		if err := cfg.Collect(it, rec.Result); err != nil {
			return fmt.Errorf("%s: %w", it.Text, err)
		}
	}
	return nil
}

// resultLine is an item's line of results.jsonl: its place in the list,
// then its result's fields.
func resultLine(it Item, result json.RawMessage) string {
	rest := string(compact(result))[1:] // the object without its "{"
	if rest != "}" {
		rest = "," + rest
	}
	return `{"item":` + strconv.Itoa(it.Index) + `,"line":` + strconv.Itoa(it.Line) + rest + "\n"
}

func isObject(b json.RawMessage) bool {
	var m map[string]json.RawMessage
	return json.Unmarshal(b, &m) == nil
}

func oneLine(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '\n' || c == '\r' {
			b[i] = ' '
		}
	}
	return string(b)
}
