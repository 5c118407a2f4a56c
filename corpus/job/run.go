package job

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/table"
	"github.com/gutcount/gutcount/internal/fsx"
)

// RunConfig is what Books.Run needs beyond the settings.
type RunConfig struct {
	Shard      batch.Shard
	Jobs       int
	Journal    string // default in the batch's folder
	SkipFailed bool
	Format     string // of the merged frequencies (freq's formats)
	Table      string // of the tables: parquet, csv, tsv, or "" for none
	Progress   func(done, failed, todo int)
}

// Procs is the GOMAXPROCS for a run of jobs workers in a process whose
// default is procs: one more than the workers that can count at once,
// never fewer than procs. A goroutine blocked in a system call (the
// feeder reading a book's metadata that the page cache had dropped, a
// commit's fsync, a worker's mmap waiting on another's munmap) keeps its
// P until the runtime's monitor takes it back, and that monitor looks as
// seldom as every 10 ms once it has found nothing to take for a while.
// With as many Ps as cores, a worker waited for that P while a core stood
// idle: 165 ms of idle cores in a 1.5 s, 400-book run on 2 cores, 79 ms
// with one P more, and the run 3-7% faster (README, Performance).
func Procs(jobs, procs int) int { return max(procs, min(jobs, procs)+1) }

// Result is what a batch or a merge did and where it wrote it.
type Result struct {
	Summary *batch.Summary
	Freq    string // the merged frequencies, or ""
	Counts  string // the counts table, or ""
	Books   string // the books table, or ""
	Words   string // the words table, or ""
}

// Run runs the batch over list, then writes the merged frequencies and
// the tables of its shard.
func (b *Books) Run(ctx context.Context, cfg RunConfig, list io.Reader) (*Result, error) {
	res := &Result{}
	if cfg.Table != "" {
		if err := os.MkdirAll(b.Out, 0o755); err != nil {
			return nil, err
		}
		t, err := NewTables(b.Out, cfg.Shard, cfg.Table, b.Settings)
		if err != nil {
			return nil, err
		}
		defer t.Abort()
		b.Tables = t
	}
	if b.Settings.Freq {
		// With tables or without: Totals.AddBook goes through the slots
		// a book's table took, where Table.Merge went through all of
		// them (a table reused from book to book keeps the size of the
		// largest one's).
		b.totals = count.NewTotals()
	}
	var room func(n int) []byte // the books' blocks read straight into the counts table's buffer
	if b.Tables != nil {
		room = b.Tables.countsRoom
	}
	b.early = &early{freq: b.FreqPath(cfg.Shard, cfg.Format), format: cfg.Format, table: cfg.Table}
	// Nothing once finish has committed it; should the run fail (Ctrl-C)
	// while ran's goroutine writes it, the goroutine removes it.
	defer b.early.abort()
	sum, err := batch.Run(ctx, batch.Config{
		Out: b.Out, Journal: cfg.Journal, Shard: cfg.Shard, Jobs: cfg.Jobs,
		Settings: b.SettingsJSON(), SkipFailed: cfg.SkipFailed,
		Check: b.Check, Process: b.Process, Release: b.Release, Collect: b.Collect, CollectsData: b.collectsData, Valid: b.Valid,
		Ran: b.ran, Room: room, Progress: cfg.Progress, Files: []string{"freq", "counts", "books", "words"},
		Ahead: b.Ahead,
	}, list)
	if err != nil {
		return nil, err
	}
	res.Summary = sum
	return res, b.finish(res, cfg.Shard, cfg.Format, cfg.Table)
}

// ran starts sorting the run's merged frequencies while the batch engine
// writes the results and collects the books (on one core), when Collect
// is to add no book of an earlier run to them: finish then waits for it.
func (b *Books) ran(doneBefore int) {
	b.gather()
	if doneBefore > 0 || !b.Settings.Freq {
		return
	}
	done := make(chan struct{})
	b.sorting = done
	go func() {
		defer close(done)
		b.sortTotals() // a run with Freq has totals
		b.early.write(b.shardWords, b.Tables != nil)
	}()
}

// early is the merged frequencies and the words table of a run, written
// by ran's goroutine as soon as the frequencies are sorted, while the
// batch engine still writes the results and the counts table: they were
// written after it had, on the run's critical path (a 400-book run's
// last 37 ms after its last book were 13 of them). The frequencies go to
// their temporary file, which finish commits (or the run removes); the
// words table is encoded, for finish to write out.
type early struct {
	freq, format, table string // where and how

	mu      sync.Mutex
	file    *fsx.File
	err     error // writing file; finish writes it again
	dropped bool  // by abort: write removes what it wrote
}

// write writes the frequencies of w to a.file while it encodes w's words
// table, when words.
func (a *early) write(w *shardWords, words bool) {
	if a == nil || a.freq == "" {
		return
	}
	a.mu.Lock()
	dropped := a.dropped
	a.mu.Unlock()
	if dropped {
		return
	}
	var wg sync.WaitGroup
	if words && w.books != nil {
		wg.Go(func() { w.encode(a.table) })
	}
	f, err := fsx.Create(a.freq, 0o644)
	if err == nil {
		if err = table.WriteRows(f, a.format, w.rows); err != nil {
			f.Abort()
		}
	}
	wg.Wait()
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.dropped {
		if err == nil {
			f.Abort()
		}
		return
	}
	a.file, a.err = f, err
}

// commit commits the frequencies written ahead to path in format, and
// reports whether it did (false: finish writes them). ran's goroutine
// is done.
func (a *early) commit(path, format string) (bool, error) {
	if a == nil {
		return false, nil
	}
	a.mu.Lock()
	f, ok := a.file, a.file != nil && a.err == nil && path == a.freq && format == a.format
	a.file = nil
	a.mu.Unlock()
	if !ok {
		if f != nil {
			f.Abort()
		}
		return false, nil
	}
	return true, f.Commit()
}

// abort removes the frequencies written ahead and not committed, or has
// ran's goroutine remove them once written.
func (a *early) abort() {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.dropped = true
	if a.file != nil {
		a.file.Abort()
		a.file = nil
	}
}

// sortTotals sorts the run's words and their books, as a merge's shards'.
func (b *Books) sortTotals() {
	rows, books := b.totals.Sorted()
	b.shardWords = &shardWords{rows: rows, books: books}
}

// finish writes the merged frequencies and the words table (the one
// while the other is written) while it commits the other tables: synced
// to disk and renamed into place, which for a counts table as large as
// the books' blocks, replacing an earlier one, takes as long as the rest.
// Each is whole or not there; should one fail, the others may be in place.
func (b *Books) finish(res *Result, shard batch.Shard, format, table string) error {
	var rows []count.Row
	var freqErr, tablesErr error
	var wg sync.WaitGroup
	if b.Tables != nil {
		wg.Go(func() { tablesErr = b.Tables.Commit() })
	}
	if b.sorting != nil {
		<-b.sorting
	} else if b.totals != nil {
		b.gather()
		b.sortTotals()
	}
	if b.Settings.Freq {
		rows = b.freqRows()
		res.Freq = b.FreqPath(shard, format)
		wg.Go(func() {
			if ok, err := b.early.commit(res.Freq, format); ok {
				freqErr = err
			} else {
				freqErr = writeFreq(res.Freq, format, rows)
			}
		})
	}
	var wordsErr error
	if b.Tables != nil && b.Settings.Freq {
		words := WordsPath(b.Out, shard, table)
		if b.df != nil || b.shardWords != nil {
			res.Words = words
			wordsErr = b.writeWords(words, table, rows)
		} else if err := os.Remove(words); err != nil && !errors.Is(err, fs.ErrNotExist) {
			// A merge of shards without words tables: one left by an
			// earlier merge would not be of these tables.
			wordsErr = err
		}
	}
	wg.Wait()
	if err := cmp.Or(freqErr, wordsErr, tablesErr); err != nil {
		return err
	}
	if b.Tables != nil {
		res.Counts, res.Books = TablePaths(b.Out, shard, table)
		if !b.Settings.Freq {
			res.Counts = ""
		}
	}
	return nil
}

// MergeConfig is what Merge needs.
type MergeConfig struct {
	Partial bool
	Format  string // of the merged frequencies
	// Table is the format of the tables; "" takes the one the shards
	// wrote, if they wrote any.
	Table string
}

// Merge joins the shards of the batch in out into what one run over the
// whole list writes: results, merged frequencies and tables. The merged
// frequencies (and the books of each word, for the words table) are the
// sums of the shards' own words tables (words-K-of-N.*, or for shards of
// an older gutcount, which wrote none, their frequencies freq-K-of-N.*),
// read while the results and tables are merged, each checked against the
// tokens of its shard's books; should one not agree (a shard killed
// before it wrote them, say), the books' tables are read instead.
func Merge(ctx context.Context, out string, cfg MergeConfig) (*Result, error) {
	if cfg.Table == "" {
		cfg.Table = shardTables(out)
	}
	n, err := batch.ShardCount(out)
	if err != nil {
		return nil, err
	}
	shards := 0 // read the shards' own frequencies (see readShardFreqs)
	var sf *shardFreqs
	if n > 1 {
		shards = n
		rctx, cancel := context.WithCancel(ctx)
		sf = readShardFreqs(rctx, out, n, cfg.Table)
		defer func() { cancel(); <-sf.done }()
	}
	res, b, committed, err := merge(ctx, out, cfg, shards)
	if err != nil {
		return nil, err
	}
	// The tables are put in place while the shards' frequencies are
	// still read (finish then waits for it). They are the same whether
	// the frequencies come from the shards' words tables or, should
	// those not agree with the shards' tokens, from the books' tables (a
	// second pass, which writes them again). Tables not committed are not
	// left in out as temporary files.
	defer func() { <-committed; b.abortTables() }()
	if b.shardTokens != nil && b.Settings.Freq {
		total, words, ok, err := sf.wait(b.shardTokens)
		if err != nil {
			return nil, err
		}
		if ok && words != nil {
			b.shardWords = words // b's total and df are empty: Collect left them so
		} else if ok {
			b.total = total
			b.df = nil // without words tables none is written
		} else {
			<-committed
			if res, b, committed, err = merge(ctx, out, cfg, 0); err != nil {
				return nil, err
			}
		}
	}
	return res, b.finish(res, batch.All, cfg.Format, cfg.Table)
}

// shardFreqs are the frequencies, and with words tables the books of each
// word, of a batch's shards, read one shard after another, counting each
// shard's tokens as it goes, while the batch engine merges the results
// and copies the tables' row groups on the other core.
type shardFreqs struct {
	words string       // the format of the shards' words tables; "": none
	t     *count.Table // without words tables, the frequencies
	w     *shardWords  // with words tables, their words
	sums  []int64      // each shard's counts summed, -1 when not read
	err   error
	done  chan struct{}
}

// readShardFreqs starts reading the frequencies of the n shards in out,
// for a merge that writes tables in format table ("": none).
func readShardFreqs(ctx context.Context, out string, n int, table string) *shardFreqs {
	s := &shardFreqs{words: shardTables(out), sums: make([]int64, n), done: make(chan struct{})}
	for k := range n {
		s.sums[k] = -1
		if fi, err := os.Stat(WordsPath(out, batch.Shard{K: k + 1, N: n}, s.words)); s.words != "" && (err != nil || !fi.Mode().IsRegular()) {
			s.words = ""
		}
	}
	if s.words == "" {
		s.t = count.NewTable()
		go func() {
			defer close(s.done)
			for k := range n {
				sum, err := s.readFreq(ctx, out, batch.Shard{K: k + 1, N: n})
				if err != nil || sum < 0 {
					s.err = err
					return // missing or unreadable: the tables decide
				}
				s.sums[k] = sum
			}
		}()
		return s
	}
	go func() {
		defer close(s.done)
		paths := make([]string, n)
		for k := range n {
			paths[k] = WordsPath(out, batch.Shard{K: k + 1, N: n}, s.words)
		}
		var v vocab
		var err error
		if s.sums, err = readWords(ctx, paths, s.words, &v); err != nil || slices.Contains(s.sums, -1) {
			s.err = err
			return // missing or unreadable: the tables decide
		}
		// Sorted, and the words table encoded, here, while the batch
		// engine may still be at work: the tables almost always agree
		// with the shards' tokens.
		s.w = v.sorted()
		if table != "" {
			s.w.encode(table)
		}
	}()
	return s
}

// wait waits for the reading, and if every shard's counts sum to its
// tokens, returns the frequencies of all shards: their words tables'
// words, or without them the sum of their frequencies; ok is false when
// one does not.
func (s *shardFreqs) wait(tokens []int64) (total *count.Table, words *shardWords, ok bool, err error) {
	<-s.done
	if s.err != nil {
		return nil, nil, false, s.err
	}
	for k, n := range tokens {
		if s.sums[k] != n {
			return nil, nil, false, nil
		}
	}
	return s.t, s.w, true, nil
}

// readFreq adds the frequencies shard wrote in out to s.t (shards of an
// older gutcount, without words tables), and returns their sum, or -1
// when they are missing or cannot be read (the tables decide).
func (s *shardFreqs) readFreq(ctx context.Context, out string, shard batch.Shard) (int64, error) {
	before := s.t.Tokens()
	for _, f := range table.Formats() {
		fr, err := fsx.OpenPlain((&Books{Out: out}).FreqPath(shard, f), os.O_RDONLY, 0)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return -1, err
		}
		err = table.Read(ctx, s.t, fr, nil)
		fr.Close()
		if ctx.Err() != nil {
			return -1, ctx.Err()
		}
		if err != nil {
			return -1, nil // unreadable: the tables decide
		}
		return s.t.Tokens() - before, nil
	}
	return -1, nil
}

// commitTables starts committing b's tables (Tables.Commit), in format,
// and returns a channel closed when it is done. A counts table they
// replace is removed after it, not by the rename: freeing the blocks of a
// table as large as the run's (10-20 ms on ext4) is then not part of the
// commit, which finish waits for, but overlaps finish's own writing.
func (b *Books) commitTables(format string) <-chan struct{} {
	done := make(chan struct{})
	if b.Tables == nil {
		close(done)
		return done
	}
	counts, _ := TablePaths(b.Out, batch.All, format)
	old := keepAside(counts)
	go func() {
		defer close(done)
		b.Tables.Commit() // its error is Commit's again, in finish
		if old != "" {
			os.Remove(old)
		}
	}()
	return done
}

// keepAside gives the regular file at path a second name beside it, a
// temporary file's (a merge killed before it removes it leaves it to the
// next one, as its other temporary files), and returns that name, or ""
// when there is no such file or the link cannot be made. The file is
// never out of place: the rename over path then only drops a name of it,
// and removing the other frees its blocks.
func keepAside(path string) string {
	if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() {
		return ""
	}
	for range 3 {
		aside := filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.tmp%d", filepath.Base(path), rand.Uint32()))
		err := os.Link(path, aside)
		if err == nil {
			return aside
		}
		if !errors.Is(err, fs.ErrExist) {
			return ""
		}
	}
	return ""
}

// abortTables removes the temporary files of tables not committed.
func (b *Books) abortTables() {
	if b != nil && b.Tables != nil {
		b.Tables.Abort()
	}
}

// merge runs batch.Merge with a Books that collects the results, and
// with shards > 0 (the run's shards) only the shards' tokens for the
// frequencies. The tables are committed (commitTables) as soon as every
// book is collected, while results.jsonl is: committed is closed when
// they are.
func merge(ctx context.Context, out string, cfg MergeConfig, shards int) (_ *Result, _ *Books, committed <-chan struct{}, _ error) {
	var b *Books
	sum, err := batch.Merge(ctx, batch.MergeConfig{
		Out: out, Partial: cfg.Partial,
		Check: (&Books{}).Check,
		Valid: (&Books{}).Valid,
		Settings: func(raw json.RawMessage) error {
			var s BookSettings
			if err := json.Unmarshal(raw, &s); err != nil {
				return fmt.Errorf("the journals' settings: %w", err)
			}
			var err error
			if b, err = NewBooks(nil, s, out); err != nil {
				return err
			}
			if shards > 0 {
				b.shardTokens = make([]int64, shards)
			}
			if cfg.Table != "" {
				if b.Tables, err = NewTables(out, batch.All, cfg.Table, s); err != nil {
					return err
				}
				if s.Freq {
					b.df = count.NewTable()
				}
			}
			return nil
		},
		Collect:   func(it batch.Item, res json.RawMessage, data []byte) error { return b.Collect(it, res, data) },
		Room:      func(n int) []byte { return b.Tables.countsRoom(n) },
		Files:     []string{"freq", "counts", "books", "words"},
		Collected: func() { committed = b.commitTables(cfg.Table) },
	})
	if err != nil {
		if committed != nil {
			<-committed
		}
		b.abortTables()
		return nil, nil, nil, err
	}
	return &Result{Summary: sum}, b, committed, nil
}

// shardTables is the format of the tables the shards in out wrote, or "".
func shardTables(out string) string {
	ents, _ := os.ReadDir(out)
	for _, f := range tableFormats {
		for _, de := range ents {
			var k, n int
			if _, err := fmt.Sscanf(de.Name(), "books-%d-of-%d."+f, &k, &n); err == nil && de.Name() == fmt.Sprintf("books-%d-of-%d.%s", k, n, f) {
				return f
			}
		}
	}
	return ""
}
