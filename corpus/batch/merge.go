package batch

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/gutcount/gutcount/corpus/lock"
	"github.com/gutcount/gutcount/internal/fsx"
	"golang.org/x/sync/errgroup"
)

// MergeConfig is what Merge needs.
type MergeConfig struct {
	Out string // the batch's folder
	// Partial merges what is done even when some items of the list are in
	// no journal (a shard missing, still running or killed).
	Partial bool
	// Check vets each line as Run's Check did.
	Check func(text string) error
	// Settings, when set, is called with the settings the shards ran
	// with (they must all be the same) before any result is collected.
	Settings func(json.RawMessage) error
	// Collect, when set, is called with every done item, its result and
	// its data, in list order.
	Collect func(it Item, result json.RawMessage, data []byte) error
	// Valid vets results as Run's Valid does: an item whose record it
	// refuses is in no journal.
	Valid func(result json.RawMessage) error
	// Files are the names of the caller's files of the whole list, as
	// Config.Files: the temporary ones a merge killed while it wrote them
	// left are removed.
	Files []string
	// Room, when set, gives the memory an item's data of n bytes is read
	// into for Collect, or nil for the engine's own: a caller that writes
	// the data out as it is (a merge's counts table) has it read straight
	// into its writer's buffer, not copied there. The room is given over
	// to the engine until Collect returns.
	Room func(n int) []byte
	// Collected, when set, is called once every item is collected and
	// the merge is to be written (it is complete, or Partial), before
	// results.jsonl is put in place: the caller's files can be put in
	// place meanwhile.
	Collected func()
}

// IncompleteError is a merge refused because items of the list are in no
// journal.
type IncompleteError struct {
	Out     string
	Shards  []string // "3/8 (never run)", "5/8 (12 items not run)"
	Missing int
	Example string // one item not run, with its line
}

func (e *IncompleteError) Error() string {
	msg := fmt.Sprintf("%s is incomplete: shard %s", e.Out, strings.Join(e.Shards, ", "))
	if e.Missing > 0 {
		items := "items of the list are"
		if e.Missing == 1 {
			items = "item of the list is"
		}
		msg += fmt.Sprintf("; %d %s in no journal", e.Missing, items)
		if e.Example != "" {
			msg += " (" + e.Example + ")"
		}
	}
	return msg + ": run those shards again (or wait for those still running), or merge what there is"
}

var shardJournal = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^journal-(\d+)-of-(\d+)\.jsonl$`) })

// shardOf is one shard's journal, read for a merge.
type shardOf struct {
	shard    Shard
	unread   string // why its journal was not read: never run, still running
	path     string
	list     string
	f        *os.File
	data     *os.File
	index    map[itemKey]entry
	older    map[itemKey][]entry // earlier records of items recorded again, oldest first
	settings json.RawMessage
	missing  int
	lock     *lock.Lock
	valid    func(json.RawMessage) error // MergeConfig.Valid
	checked  checkedData                 // the data last checked against its sum
}

// checkedData is a shard's data file, but for the data of the record
// last checked against its sum (shardOf.pick), which it serves from
// memory: output reads it again as the item's data, into the same buffer.
type checkedData struct {
	f   *os.File
	off int64
	b   []byte
}

func (c *checkedData) ReadAt(p []byte, off int64) (int, error) {
	if off == c.off && len(p) == len(c.b) {
		if len(p) > 0 && &p[0] != &c.b[0] {
			copy(p, c.b)
		}
		return len(p), nil
	}
	return c.f.ReadAt(p, off)
}

// Merge joins the shards of the batch in cfg.Out into what one run over
// the whole list writes: results.jsonl in list order (and, through
// Collect, whatever the caller makes of the results). It refuses, with an
// *IncompleteError, a batch with a shard missing or still running, or with
// items of the list in no journal, unless cfg.Partial; shards that ran with
// other lists or settings are refused too.
func Merge(ctx context.Context, cfg MergeConfig) (*Summary, error) {
	n, found, err := findShards(cfg.Out)
	if err != nil {
		return nil, err
	}
	shards, err := openShards(cfg.Out, n, found, cfg.Valid)
	defer func() {
		for _, s := range shards {
			s.close()
		}
	}()
	if err != nil {
		return nil, err
	}
	inc := &IncompleteError{Out: cfg.Out}
	list, settings, err := agree(shards)
	if err != nil {
		return nil, err
	}
	if list == "" {
		inc.Shards = incomplete(shards)
		return nil, inc // no shard could be read
	}
	// The shards' journals are all locked: no other merge is writing
	// the files of the whole list.
	removeTemps(cfg.Out, All, cfg.Files)
	if cfg.Settings != nil {
		if err := cfg.Settings(settings); err != nil {
			return nil, err
		}
	}
	p := pathsOf(cfg.Out, "", All)
	sum := &Summary{Results: p.results}
	rf, err := fsx.Create(p.results, 0o644)
	if err != nil {
		return nil, err
	}
	defer rf.Abort()
	w := bufio.NewWriterSize(rf, 256<<10)
	if err := mergeResults(ctx, w, list, cfg, shards, sum, inc); err != nil {
		return nil, err
	}
	for _, s := range shards {
		inc.Missing += s.missing
	}
	if inc.Shards = incomplete(shards); len(inc.Shards) > 0 && !cfg.Partial {
		return nil, inc
	}
	if cfg.Collected != nil {
		cfg.Collected()
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return sum, rf.Commit()
}

// ShardCount is how many ways the batch in out was split (1 for a run
// without shards), as its journals tell.
func ShardCount(out string) (int, error) {
	n, _, err := findShards(out)
	return n, err
}

// findShards tells from the journals in out how many ways the batch was
// split and which shards ran.
func findShards(out string) (n int, found map[int]bool, err error) {
	ents, err := os.ReadDir(out)
	if err != nil {
		return 0, nil, err
	}
	found = map[int]bool{}
	for _, de := range ents {
		m := shardJournal().FindStringSubmatch(de.Name())
		if m == nil {
			continue
		}
		k, _ := strconv.Atoi(m[1])
		nn, _ := strconv.Atoi(m[2])
		if n != 0 && nn != n {
			return 0, nil, &InvalidError{Msg: fmt.Sprintf("%s holds the journals of runs split %d and %d ways: merge takes one", out, n, nn)}
		}
		n = nn
		found[k] = true
	}
	if n == 0 {
		if _, err := os.Stat(filepath.Join(out, "journal.jsonl")); err != nil {
			return 0, nil, &InvalidError{Msg: fmt.Sprintf("%s holds no batch journal (journal.jsonl or journal-K-of-N.jsonl)", out)}
		}
		n = 1
		found[1] = true
	}
	return n, found, nil
}

// openShards locks and indexes the journals of the n shards; a shard
// never run or still running is marked unread. The shards are opened a
// core each at a time: indexing a journal parses and vets every record.
func openShards(out string, n int, found map[int]bool, valid func(json.RawMessage) error) ([]*shardOf, error) {
	shards := make([]*shardOf, n)
	errs := make([]error, n)
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for k := 1; k <= n; k++ {
		sh := Shard{k, n}
		if n == 1 {
			sh = All
		}
		p := pathsOf(out, "", sh)
		s := &shardOf{shard: sh, path: p.journal, list: p.list, valid: valid}
		shards[k-1] = s
		if !found[k] {
			s.unread = "never run"
			continue
		}
		g.Go(func() error {
			err := s.open(p.data)
			var busy *BusyError
			if errors.As(err, &busy) {
				s.unread = fmt.Sprintf("still running: %s", busy.Owner)
				s.index = nil
				err = nil
			}
			errs[k-1] = err
			return nil
		})
	}
	g.Wait()
	for _, err := range errs {
		if err != nil {
			return shards, err
		}
	}
	return shards, nil
}

// incomplete says what is missing, shard by shard in shard order: 2/12
// before 10/12.
func incomplete(shards []*shardOf) []string {
	var why []string
	for k, s := range shards {
		switch {
		case s.unread != "":
			why = append(why, fmt.Sprintf("%d/%d (%s)", k+1, len(shards), s.unread))
		case s.missing > 0:
			why = append(why, fmt.Sprintf("%d/%d (%d items not run)", k+1, len(shards), s.missing))
		}
	}
	return why
}

// mergeResults writes the results of every item of the list, in list
// order, from its shard's journal, and counts the items no journal holds.
func mergeResults(ctx context.Context, w io.Writer, list string, cfg MergeConfig, shards []*shardOf, sum *Summary, inc *IncompleteError) error {
	f, err := fsx.OpenPlain(list, os.O_RDONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	run := Config{Check: cfg.Check, Collect: cfg.Collect}
	var buf []byte // each item's data, read in turn (one buffer for all shards: less memory to fault in)
	return eachItem(f, byText(cfg.Check), func(it Item) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		s := shards[it.Index%len(shards)]
		sum.Items++
		if s.index == nil {
			s.missing++
			return nil
		}
		e, rec, data, ok, err := s.pick(keyOf(it.Text), it.Text, &buf, cfg.Room)
		if err != nil {
			return err
		}
		if !ok && it.Err == nil {
			s.missing++
			if inc.Example == "" {
				inc.Example = fmt.Sprintf("e.g. line %d: %s", it.Line, it.Text)
			}
			return nil
		}
		if ok && !e.failed {
			sum.DoneBefore++
		}
		src := source{
			lookup: func(itemKey) (entry, bool) { return e, ok },
			read:   func(entry, string) (Record, error) { return rec, nil },
			buf:    &buf,
		}
		if data != nil {
			src.buf = &data // read again from s.checked into the same memory: not copied
		}
		if s.data != nil {
			src.data = &s.checked
		}
		return output(w, it, src, run, sum)
	})
}

// open locks and indexes one shard's journal: a shard still running is
// refused with a *BusyError.
func (s *shardOf) open(data string) error {
	l, err := lock.TryExclusive(s.path + ".lock")
	var busy *lock.BusyError
	if errors.As(err, &busy) {
		return &BusyError{Out: filepath.Dir(s.path), Journal: s.path, Shard: s.shard, Owner: busy.Owner}
	}
	if err != nil {
		return err
	}
	s.lock = l
	s.index = map[itemKey]entry{}
	s.data, err = fsx.OpenPlain(data, os.O_RDONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		err = nil // a journal of items without data
	}
	if err != nil {
		return err
	}
	var dsize int64
	if s.data != nil {
		fi, err := s.data.Stat()
		if err != nil {
			return err
		}
		dsize = fi.Size()
	}
	sums := false
	err = eachLine(s.path, func(off int64, line []byte, torn bool) error {
		rec, h, ok := parse(line, s.valid)
		switch {
		case torn || !ok:
		case h.Batch != nil:
			s.settings, sums = h.Batch.Settings, h.Batch.Sums
		case !rec.dataWithin(dsize):
		case !needsData(rec) && !sumMatches(rec, s.data, dsize, sums, nil):
			// Damaged or edited: the item is in no journal, as
			// a rerun of the shard would find.
		default:
			k := keyOf(rec.Item)
			if e, ok := s.index[k]; ok {
				if s.older == nil {
					s.older = map[itemKey][]entry{}
				}
				s.older[k] = append(s.older[k], e)
			}
			s.index[k] = entry{off: off, len: int32(len(line)), failed: rec.Status == "failed"}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.checked.f = s.data
	s.f, err = fsx.OpenPlain(s.path, os.O_RDONLY, 0)
	return err
}

// needsData reports whether checking rec against its sum reads its data:
// that is done when its item is merged (pick), where the data is read
// anyway, not when the journal is indexed, which would read every table
// of the run twice.
func needsData(rec Record) bool {
	return rec.Status == "done" && rec.Sum != "" && rec.Data != nil
}

// pick returns the record of the item with key k and text item that the
// merge takes: the last one recorded that matches its sum, its data then
// in s.checked and returned, read into room's memory (MergeConfig.Room)
// or else *buf; ok is false when none does, or none was recorded.
func (s *shardOf) pick(k itemKey, item string, buf *[]byte, room func(int) []byte) (e entry, rec Record, data []byte, ok bool, err error) {
	e, ok = s.index[k]
	older := s.older[k]
	for ok {
		if rec, err = readRecord(s.f, s.path, e, item, nil); err != nil {
			return entry{}, Record{}, nil, false, err
		}
		if !needsData(rec) {
			return e, rec, nil, true, nil
		}
		into, inRoom := *buf, false
		if room != nil && rec.Data[1] <= math.MaxInt32 {
			if r := room(int(rec.Data[1])); r != nil {
				into, inRoom = r, true
			}
		}
		d, err := readData(s.data, rec, into)
		if !inRoom && cap(d) > cap(*buf) {
			*buf = d
		}
		if err == nil && recordSum(rec.Item, rec.Result, d) == rec.Sum {
			s.checked.off, s.checked.b = rec.Data[0], d
			return e, rec, d, true, nil
		}
		// Damaged or edited: an earlier record of the item, if any.
		if ok = len(older) > 0; ok {
			e, older = older[len(older)-1], older[:len(older)-1]
		}
	}
	return entry{}, Record{}, nil, false, nil
}

func (s *shardOf) close() {
	if s.f != nil {
		s.f.Close()
	}
	if s.data != nil {
		s.data.Close()
	}
	s.lock.Unlock()
}

// agree checks that the shards that could be read ran with one list and
// one set of settings, and returns them.
func agree(shards []*shardOf) (list string, settings json.RawMessage, err error) {
	var sum []byte
	var first *shardOf
	for _, s := range shards {
		if s.index == nil {
			continue
		}
		h, err := fileSum(s.list)
		if err != nil {
			return "", nil, fmt.Errorf("shard %d/%d: its copy of the list: %w", s.shard.K, s.shard.N, err)
		}
		if first == nil {
			first, sum, list, settings = s, h, s.list, s.settings
			continue
		}
		if !bytes.Equal(h, sum) {
			return "", nil, &InvalidError{Msg: fmt.Sprintf("shards %d/%d and %d/%d ran with different lists (%s, %s): run them again with one list",
				first.shard.K, first.shard.N, s.shard.K, s.shard.N, first.list, s.list)}
		}
		if !bytes.Equal(compact(s.settings), compact(settings)) {
			return "", nil, &InvalidError{Msg: fmt.Sprintf("shards %d/%d and %d/%d ran with different settings (%s, %s)",
				first.shard.K, first.shard.N, s.shard.K, s.shard.N, compact(settings), compact(s.settings))}
		}
	}
	return list, settings, nil
}

func fileSum(path string) ([]byte, error) {
	f, err := fsx.OpenPlain(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

// Settings returns the settings of the batch in out (Config.Settings of
// its runs), read from the header of its journal, or of its first shard's
// journal when it was split: merge refuses shards whose settings differ,
// so any one tells. It is nil when no journal has a header.
func Settings(out string) (json.RawMessage, error) {
	n, found, err := findShards(out)
	if err != nil {
		return nil, err
	}
	for k := 1; k <= n; k++ {
		if !found[k] {
			continue
		}
		shard := All
		if n > 1 {
			shard = Shard{K: k, N: n}
		}
		f, err := fsx.OpenPlain(pathsOf(out, "", shard).journal, os.O_RDONLY, 0)
		if err != nil {
			return nil, err
		}
		line, err := bufio.NewReaderSize(io.LimitReader(f, 1<<20), 64<<10).ReadBytes('\n')
		f.Close()
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		var h header
		if json.Unmarshal(line, &h) == nil && h.Batch != nil {
			return h.Batch.Settings, nil
		}
	}
	return nil, nil
}
