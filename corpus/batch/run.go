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
//
// Layering: the engine knows nothing of books: it imports corpus/lock
// and internal/fsx only, never corpus, corpus/store, count or fetch (the
// gutcount job is corpus/job).
package batch

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/gutcount/gutcount/internal/fsx"
)

// Config is what Run needs.
type Config struct {
	// Out is the folder of the journal, the copy of the list, the data
	// and the results; it is made if needed.
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
	// Process runs one item. An error fails the item.
	Process func(ctx context.Context, it Item) (Output, error)
	// Collect, when set, is called with every done item of the shard,
	// its result and its data, in list order: as the run goes, once an
	// item is done, while later items still run (Process and Collect must
	// bear being called at once). The data's memory is reused for the
	// next item's: Collect keeps none of it.
	Collect func(it Item, result json.RawMessage, data []byte) error
	// Release, when set, is given each item's Data once the journal has
	// written it (nothing keeps it after): Process may make the data of
	// later items in its memory again.
	Release func(data []byte)
	// CollectsData, when set, says whether Collect uses an item's data:
	// when it does not, the data is not read back and Collect gets nil.
	CollectsData func(it Item) bool
	// Valid, when set, vets the result of every done record read back
	// from the journal (counts that cannot be negative, say): a record it
	// refuses is set aside like a line that does not parse, and its item
	// runs again.
	Valid func(result json.RawMessage) error
	// Files are the names (without shard suffix or extension: "freq")
	// of the files the caller writes in Out besides the engine's: a run
	// removes the temporary files that killed runs of the shard left of
	// them, as it does of its own.
	Files []string
	// Ran, when set, is called once the items are run (no Process runs
	// any more; Collect may still be getting items, and the records of
	// the last items may still be being written: the run may yet fail),
	// with how many of the shard's items were done before this run:
	// Collect gets those besides the items done now.
	Ran func(doneBefore int)
	// Room, when set, gives the memory an item's data of n bytes is read
	// into for Collect, or nil for the engine's own: a caller that writes
	// the data out as it is (a run's counts table) has it read straight
	// into its writer's buffer, not copied there (as MergeConfig.Room).
	// The room is given over to the engine until Collect returns.
	Room func(n int) []byte
	// Progress, when set, is called once the items to run are counted
	// (done 0) and after each item.
	Progress func(done, failed, todo int)
	// Ahead, when set, is called with each item to run before it is
	// queued for the workers (up to aheadWindow items per worker, and
	// queued items, plus those the workers hold, before it runs), on the
	// goroutine that queues them, never a worker's: it may ready what
	// Process will need (ask for a file to be read into the page cache,
	// say) while the workers run the items before. It is a hint: it must
	// not wait for what the workers hold, nor change what Process does.
	// It returns the item's weight (its size in bytes, say), or 0 when it
	// does not know: of the list's last few items (aheadWindow per
	// worker), the heaviest is queued first, so that a run does not end
	// on one large item while the other workers idle. The others are
	// queued in list order, the order the results are written in.
	Ahead func(it Item) (weight int64)
}

// Output is what Process returns of an item.
type Output struct {
	// Result is a JSON object (not holding "item" or "line": results.jsonl
	// adds them).
	Result json.RawMessage
	// Data, when not nil, is kept in the batch's data file (on disk
	// before the item's journal record) and handed back to Collect: what
	// an item made that is too big for its result, a table of counts say.
	Data []byte
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
	journal, list, results, data string
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
		data:    filepath.Join(out, "data"+suffix+".bin"),
	}
	if journal != "" {
		p.journal = journal
	}
	return p
}

// Run runs cfg.Process over the items of list that belong to cfg.Shard and
// are not done yet, journals each, and then writes the results of every
// done item of the shard, in list order, to Out/results[-K-of-N].jsonl. A
// copy of list is kept in Out/list[-K-of-N].txt for Merge, and the items'
// data in Out/data[-K-of-N].bin. When ctx is done, Run stops (the items in
// flight run again next time) and returns ctx's error.
func Run(ctx context.Context, cfg Config, list io.Reader) (*Summary, error) {
	if cfg.Shard == (Shard{}) {
		cfg.Shard = All
	}
	if len(cfg.Settings) == 0 {
		cfg.Settings = json.RawMessage("null")
	}
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return nil, err
	}
	p := pathsOf(cfg.Out, cfg.Journal, cfg.Shard)
	j, err := openJournal(cfg.Out, p.journal, p.data, cfg.Shard, cfg.Settings, cfg.Valid)
	if err != nil {
		return nil, err
	}
	j.release = cfg.Release // before any record is sent to the writer
	defer j.close()
	removeTemps(cfg.Out, cfg.Shard, cfg.Files)
	// Written anew: a FIFO or a link planted at its name is replaced.
	if err := fsx.Replace(p.list, list, 0o644); err != nil {
		return nil, fmt.Errorf("copy of the list: %w", err)
	}
	sum := &Summary{Journal: p.journal, Results: p.results, Notes: j.notes}
	lc := listCopy{path: p.list, shard: cfg.Shard}
	var ck *checks
	if cfg.Check != nil {
		ck = &checks{check: cfg.Check}
		lc.check = ck.at
	}
	todo, err := plan(lc, cfg, j, sum)
	if err != nil {
		return nil, err
	}
	if ck != nil {
		ck.planned = true // before the passes after plan start
	}
	if cfg.Progress != nil {
		cfg.Progress(0, 0, todo)
	}
	rf, err := fsx.Create(p.results, 0o644)
	if err != nil {
		return nil, err
	}
	defer rf.Abort()
	// The results are written, and the done items collected, in list
	// order as they get done, while the items after them still run:
	// collected once all were run, a run with tables wrote its counts
	// table (as large as the data file) on one core while the other
	// idled, a twentieth of its time.
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		defer j.end()
		var ran func()
		if cfg.Ran != nil {
			ran = func() { cfg.Ran(sum.DoneBefore) }
		}
		n, err := runItems(gctx, lc, cfg, j, todo, ran)
		if err != nil {
			return err
		}
		sum.DoneNow = n
		return nil
	})
	g.Go(func() error { return writeResults(gctx, rf, lc, cfg, j, sum) })
	if err := g.Wait(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	return sum, rf.Commit()
}

// checks is what Config.Check said of each line of a run's list copy in
// plan's pass over it: the passes after it (the feeder's and the
// results') look it up rather than ask again, as Check may stat the line
// (it may be a file's path): three passes made 6,000 stats, a sixth of a
// second of CPU, in a 2,000-book run. A bit an item: a line refused is
// asked again for its error (few are), and a list of invalid lines costs
// no memory a line.
type checks struct {
	check   func(string) error
	refused []uint64 // a bit for each item index plan's pass was refused
	planned bool     // plan's pass is over: look up, do not record
}

// at is Check of item index's text, as plan's pass was told.
func (c *checks) at(index int, text string) error {
	w, bit := index/64, uint64(1)<<(index%64)
	if c.planned && (w >= len(c.refused) || c.refused[w]&bit == 0) {
		return nil
	}
	err := c.check(text)
	if !c.planned && err != nil {
		for len(c.refused) <= w {
			c.refused = append(c.refused, 0)
		}
		c.refused[w] |= bit
	}
	return err
}

// plan counts the items of the shard, those done before and those to run.
func plan(lc listCopy, cfg Config, j *journal, sum *Summary) (todo int, err error) {
	sum.Listed, err = lc.eachCount(func(it Item) error {
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
	return todo, err
}

// runItems runs the items to run: a feeder and cfg.Jobs workers, each
// journaling the items it finishes; only a journal that cannot be written
// stops them. It returns how many are done. A worker does not wait for an
// item's record to be durable (two fsyncs) before it runs the next items,
// up to inFlight of them: the records are written meanwhile, those of all
// workers that wait sharing the fsyncs, and an item counts as done once
// its record is durable, as before.
func runItems(ctx context.Context, lc listCopy, cfg Config, j *journal, todo int, ran func()) (int, error) {
	g, gctx := errgroup.WithContext(ctx)
	items := make(chan Item, queued)
	var done, failed atomic.Int64
	// fed is set once every item is queued, before items is closed;
	// running counts the workers still taking items: the last to stop
	// calls ran, while the records of the last items may still be
	// written (a sort of the run's totals, say, then overlaps their
	// fsyncs).
	var fed atomic.Bool
	var running atomic.Int64
	running.Store(int64(max(cfg.Jobs, 1)))
	g.Go(func() error {
		defer close(items)
		// The items read ahead and not queued yet: queued in list order
		// while the list goes on, and the last ones, once it is read,
		// heaviest first.
		var window []weighed
		added := 0      // items put in the window so far
		filled := false // the window was full once
		size := 1
		if cfg.Ahead != nil {
			size = aheadWindow * max(cfg.Jobs, 1)
		}
		send := func(last bool) error {
			k := 0
			if last {
				k = heaviest(window)
			}
			it := window[k].it
			window = slices.Delete(window, k, k+1)
			select {
			case items <- it:
				return nil
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		err := lc.each(func(it Item) error {
			if it.Err != nil {
				return nil
			}
			if e, ok := j.lookup(keyOf(it.Text)); ok && (!e.failed || cfg.SkipFailed) {
				return nil
			}
			var w int64
			if cfg.Ahead != nil {
				w = cfg.Ahead(it)
			}
			window = append(window, weighed{it, w})
			added++
			if len(window) >= size {
				filled = true
				return send(false)
			}
			// Until the window first fills, the oldest goes at once while
			// the queue has room (unless it is among the list's last
			// size, which go heaviest first at the end): held until the
			// window filled, the run's first books waited for a window of
			// read-aheads, a disk read each where the page cache had
			// dropped the books' ids/N files and sidecars (with those
			// dropped, the first of 400 books started 9.5-10 ms into the
			// run, now 6-9 ms). Sent so all along, items went to the
			// workers before the pages asked for had come (the
			// read-ahead's lead is the window), and the run was 2%
			// slower.
			if !filled && len(items) < cap(items) && added-len(window) < todo-size {
				return send(false)
			}
			return nil
		})
		for err == nil && len(window) > 0 {
			err = send(true)
		}
		if errors.Is(err, context.Canceled) && ctx.Err() == nil {
			return nil // a worker failed: its error is the one to tell
		}
		fed.Store(err == nil)
		return err
	})
	for range max(cfg.Jobs, 1) {
		g.Go(func() error {
			// The worker's items being journaled, oldest first.
			var writing []written
			// settle waits for the oldest item's record while the worker
			// has more than keep in flight, or while it is durable already.
			settle := func(keep int) error {
				for len(writing) > 0 {
					var err error
					if len(writing) > keep {
						err = j.wait(writing[0].done)
					} else {
						select {
						case err = <-writing[0].done:
						default:
							return nil
						}
					}
					failedItem := writing[0].failed
					writing = writing[1:]
					if err != nil {
						return fmt.Errorf("journal %s: %w", j.path, err)
					}
					if failedItem {
						failed.Add(1)
					} else {
						done.Add(1)
					}
					if cfg.Progress != nil {
						cfg.Progress(int(done.Load()+failed.Load()), int(failed.Load()), todo)
					}
				}
				return nil
			}
			for it := range items {
				rec := Record{Item: it.Text, Status: "done"}
				out, perr := cfg.Process(gctx, it)
				if gctx.Err() != nil {
					return gctx.Err() // in flight when stopped: runs again next time
				}
				if perr == nil && !isObject(out.Result) {
					perr = fmt.Errorf("result is not a JSON object: %.40q", out.Result)
				}
				if perr != nil {
					rec.Status, rec.Error = "failed", oneLine(perr.Error())
					out.Data = nil
				} else {
					rec.Result = out.Result
				}
				if err := settle(inFlight - 1); err != nil {
					return err
				}
				writing = append(writing, written{j.send(rec, out.Data), perr != nil})
			}
			if running.Add(-1) == 0 && fed.Load() && gctx.Err() == nil && ran != nil {
				ran()
			}
			return settle(0)
		})
	}
	if err := g.Wait(); err != nil {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		return 0, err
	}
	return int(done.Load()), nil
}

// queued is how many items the feeder lines up for the workers. Were it
// none, a worker done with an item would wait for the feeder to be
// scheduled to hand it the next (both cores busy counting, a wake-up
// each): a twentieth of a 400-book run's time, in a trace.
const queued = 16

// aheadWindow is how many items per worker the feeder reads ahead of
// those it queues (Config.Ahead), and of the list's last items how many
// it queues heaviest first: at the end of a 400-book run, one worker
// counted its last, large book for 7-10 ms while the other, done, idled;
// with 2 items a worker 5-8.5 ms, with 8 0.2-1.2. Only the last: taken
// heaviest first all along, the light items piled up in the window and
// ran last, long after the items around them in the list, and the
// results, written in list order as the items are journaled (with the
// counts table, whose blocks are read back then), waited for them: at
// the end of a 400-book run the writer had 180 of them still to write,
// 28 ms on the run's critical path.
const aheadWindow = 8

// weighed is an item read ahead, and its weight (Config.Ahead).
type weighed struct {
	it     Item
	weight int64
}

// heaviest is the index of the heaviest item of w (the first of equals).
func heaviest(w []weighed) int {
	k := 0
	for i := range w {
		if w[i].weight > w[k].weight {
			k = i
		}
	}
	return k
}

// inFlight is how many items a worker may have run whose records are not
// durable yet. An fsync can take longer than an item runs (milliseconds on
// a busy disk): with one, the workers would take turns waiting for it.
// And the journal gathers a beat's records (pace) before it commits them:
// a worker that reaches inFlight wakes it early (journal.wait), so a
// beat's items should fit: a worker finishes about eight of a 400-book
// run's in a beat, and 8 in flight measured 0.534 of wc -w's time, 32
// 0.509. Each holds its data (a book's table, ~140 KB) until written.
const inFlight = 32

// written is an item being journaled: done gives nil once its record is
// durable.
type written struct {
	done   <-chan error
	failed bool
}

// writeResults writes what the journal holds, in list order, to the
// results file rf, and hands each done item to cfg.Collect, as the run
// settles each (journal.settled).
func writeResults(ctx context.Context, rf io.Writer, lc listCopy, cfg Config, j *journal, sum *Summary) error {
	w := bufio.NewWriterSize(rf, 256<<10)
	src := source{lookup: j.settled(cfg.SkipFailed), read: j.read, data: j.data, start: j.start, buf: new([]byte), room: cfg.Room}
	err := lc.each(func(it Item) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return output(w, it, src, cfg, sum)
	})
	if err != nil {
		return err
	}
	return w.Flush()
}

// listCopy is a run's copy of its list: the items of its shard, each
// vetted by check (Config.Check's, as plan's pass was told: see checks).
type listCopy struct {
	path  string
	shard Shard
	check func(index int, text string) error
}

// each calls fn with every item of the list copy that belongs to the
// shard.
func (lc listCopy) each(fn func(Item) error) error {
	_, err := lc.eachCount(fn)
	return err
}

// eachCount is each that also returns how many distinct items the whole
// list holds.
func (lc listCopy) eachCount(fn func(Item) error) (int, error) {
	f, err := fsx.OpenPlain(lc.path, os.O_RDONLY, 0)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n := 0
	err = eachItem(f, lc.check, func(it Item) error {
		n++
		if !lc.shard.Has(it.Index) {
			return nil
		}
		return fn(it)
	})
	return n, err
}

// source is where output finds an item's record and data: a journal
// being run, or a shard's being merged. Records older than start are from
// earlier runs.
type source struct {
	lookup func(itemKey) (entry, bool)
	read   func(entry, string) (Record, error)
	data   io.ReaderAt
	start  int64
	buf    *[]byte            // items' data are read into it, when not nil
	room   func(n int) []byte // as Config.Room, tried before buf
}

// output writes it's result line to w (and collects it) when it is done,
// or counts its failure.
func output(w io.Writer, it Item, src source, cfg Config, sum *Summary) error {
	if it.Err != nil {
		sum.fail(Failure{Line: it.Line, Item: it.Text, Reason: it.Err.Error()})
		return nil
	}
	e, ok := src.lookup(keyOf(it.Text))
	if !ok {
		sum.fail(Failure{Line: it.Line, Item: it.Text, Reason: "not run"})
		return nil
	}
	rec, err := src.read(e, it.Text)
	if err != nil {
		return err
	}
	if rec.Status == "failed" {
		sum.fail(Failure{Line: it.Line, Item: it.Text, Reason: rec.Error, Earlier: cfg.SkipFailed && e.off < src.start})
		return nil
	}
	if _, err := io.WriteString(w, resultLine(it, rec.Result)); err != nil {
		return err
	}
	if cfg.Collect == nil {
		return nil
	}
	var data []byte
	if cfg.CollectsData == nil || cfg.CollectsData(it) {
		var buf []byte
		if src.buf != nil {
			buf = *src.buf
		}
		inRoom := false
		if src.room != nil && rec.Data != nil && rec.Data[1] <= math.MaxInt32 {
			if r := src.room(int(rec.Data[1])); r != nil {
				buf, inRoom = r, true
			}
		}
		if data, err = readData(src.data, rec, buf); err != nil {
			return fmt.Errorf("%s: its data: %w", it.Text, err)
		}
		if src.buf != nil && !inRoom && cap(data) > cap(buf) {
			*src.buf = data
		}
	}
	if err := cfg.Collect(it, rec.Result, data); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			// A file that cannot be written (a full disk as a table
			// grows) names itself: the item is none of its cause.
			return err
		}
		return fmt.Errorf("%s: %w", it.Text, err)
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

// isObject reports whether b is a JSON object: valid, its first token
// a brace (checked without decoding it into a map, for every item).
func isObject(b json.RawMessage) bool {
	t := bytes.TrimLeft(b, " \t\r\n")
	return len(t) > 0 && t[0] == '{' && json.Valid(t)
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

// processStart is when this process started: a temporary file older
// than it was left by another process.
var processStart = time.Now()

// tempAge is how old another process's temporary file must be to be taken
// for one a killed run left: a run of the shard that has just let go of
// the journal may still be writing its tables.
const tempAge = time.Minute

// removeTemps removes the temporary files that runs of shard killed while
// they wrote its files left in out: those fsx names .NAME.EXT.tmpDIGITS,
// for a NAME of the engine's (results, list, journal) or of the caller's
// (files), with the shard's suffix (-K-of-N) or none for the whole list.
// Other files, a user's .notes.tmp1 say, are not the batch's to remove.
// Only the holder of the shard's journal writes them, and it holds it
// now; but a run that has just let go of it may still be committing its
// tables. Each is locked while it is written (fsx.TempInUse): one made
// a second or more before this run started that nobody holds is a dead
// run's, and goes at once (a killed run's counts table, as large as its
// data, stayed a minute, and a run started within it finished beside
// it). The lock tells, not the process's start: a process that runs
// batches for longer (a test binary, a server) kept every temporary file
// a run killed after it started. Where locks cannot tell, only files made
// before this process started and tempAge ago are taken for left ones.
func removeTemps(out string, shard Shard, files []string) {
	now := time.Now()
	before := now.Add(-tempAge)
	if processStart.Before(before) {
		before = processStart
	}
	names := append([]string{"results", "list", "journal"}, files...)
	for i, n := range names {
		names[i] = regexp.QuoteMeta(n)
	}
	suffix := ""
	if shard != All {
		suffix = regexp.QuoteMeta("-" + shard.String())
	}
	ours := regexp.MustCompile(`^\.(` + strings.Join(names, "|") + `)` + suffix + `\.[A-Za-z0-9]+\.tmp[0-9]+$`)
	ents, _ := os.ReadDir(out)
	for _, de := range ents {
		name := de.Name()
		if !fsx.IsTemp(name) || !ours.MatchString(name) || !de.Type().IsRegular() {
			continue
		}
		fi, err := de.Info()
		if err != nil {
			continue
		}
		path := filepath.Join(out, name)
		if inUse, ok := fsx.TempInUse(path); ok {
			// A second's margin: a file's time is the kernel's coarse
			// clock, which lags, and a writer locks its file just after
			// it makes it.
			if !inUse && fi.ModTime().Before(now.Add(-time.Second)) {
				os.Remove(path)
			}
			continue
		}
		if !fi.ModTime().Before(before) {
			continue // this process's own, or perhaps still in use
		}
		os.Remove(path)
	}
}
