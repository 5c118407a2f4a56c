package job

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
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

// Result is what a batch or a merge did and where it wrote it.
type Result struct {
	Summary *batch.Summary
	Freq    string // the merged frequencies, or ""
	Counts  string // the counts table, or ""
	Books   string // the books table, or ""
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
	sum, err := batch.Run(ctx, batch.Config{
		Out: b.Out, Journal: cfg.Journal, Shard: cfg.Shard, Jobs: cfg.Jobs,
		Settings: b.SettingsJSON(), SkipFailed: cfg.SkipFailed,
		Check: b.Check, Process: b.Process, Collect: b.Collect, Valid: b.Valid,
		Progress: cfg.Progress, Files: []string{"freq", "counts", "books"},
	}, list)
	if err != nil {
		return nil, err
	}
	res.Summary = sum
	return res, b.finish(res, cfg.Shard, cfg.Format, cfg.Table)
}

// finish writes the merged frequencies and commits the tables.
func (b *Books) finish(res *Result, shard batch.Shard, format, table string) error {
	if b.Settings.Freq {
		res.Freq = b.FreqPath(shard, format)
		if err := b.WriteFreq(res.Freq, format); err != nil {
			return err
		}
	}
	if b.Tables != nil {
		if err := b.Tables.Commit(); err != nil {
			return err
		}
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
// frequencies are the sum of the shards' own (freq-K-of-N.*), each checked
// against the tokens of its shard's books; should one not agree (a shard
// killed before it wrote them, say), the books' tables are read instead.
func Merge(ctx context.Context, out string, cfg MergeConfig) (*Result, error) {
	if cfg.Table == "" {
		cfg.Table = shardTables(out)
	}
	n, err := batch.ShardCount(out)
	if err != nil {
		return nil, err
	}
	shards := 0 // read the shards' own frequencies (see addShardFreqs)
	if n > 1 {
		shards = n
	}
	res, b, err := merge(ctx, out, cfg, shards)
	if err != nil {
		return nil, err
	}
	// Tables not committed below are not left in out as temporary files.
	defer func() { b.abortTables() }()
	if b.shardTokens != nil && b.Settings.Freq {
		ok, err := b.addShardFreqs(ctx, out)
		if err != nil {
			return nil, err
		}
		if !ok {
			b.abortTables()
			if res, b, err = merge(ctx, out, cfg, 0); err != nil {
				return nil, err
			}
		}
	}
	return res, b.finish(res, batch.All, cfg.Format, cfg.Table)
}

// abortTables removes the temporary files of tables not committed.
func (b *Books) abortTables() {
	if b != nil && b.Tables != nil {
		b.Tables.Abort()
	}
}

// merge runs batch.Merge with a Books that collects the results, and
// with shards > 0 (the run's shards) only the shards' tokens for the
// frequencies.
func merge(ctx context.Context, out string, cfg MergeConfig, shards int) (*Result, *Books, error) {
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
			}
			return nil
		},
		Collect: func(it batch.Item, res json.RawMessage, data []byte) error { return b.Collect(it, res, data) },
	})
	if err != nil {
		b.abortTables()
		return nil, nil, err
	}
	return &Result{Summary: sum}, b, nil
}

// addShardFreqs adds the frequencies each shard wrote to the total, and
// reports whether every one sums to its shard's tokens.
//
// The shards are read by two workers, each into a table of its own (the
// first into the total), counting a shard's tokens as it goes; the second
// table is then merged into the total. Reading a shard straight into a
// table, rather than into a table of its own merged afterwards, adds each
// of its rows once.
func (b *Books) addShardFreqs(ctx context.Context, out string) (bool, error) {
	n := len(b.shardTokens)
	type part struct {
		t   *count.Table
		ok  bool
		err error
	}
	parts := [2]part{{t: b.total, ok: true}, {t: count.NewTable(), ok: true}}
	var wg sync.WaitGroup
	for w := range parts {
		wg.Go(func() {
			p := &parts[w]
			for k := w; k < n && p.ok && p.err == nil; k += len(parts) {
				p.ok, p.err = b.readShardFreq(ctx, p.t, batch.Shard{K: k + 1, N: n})
			}
		})
	}
	wg.Wait()
	for _, p := range parts {
		if p.err != nil {
			return false, p.err
		}
		if !p.ok {
			return false, nil
		}
	}
	b.total.Merge(parts[1].t)
	return true, nil
}

// readShardFreq adds the frequencies shard wrote to t, and reports
// whether they sum to its tokens (false too when they are missing or
// cannot be read: the tables decide).
func (b *Books) readShardFreq(ctx context.Context, t *count.Table, shard batch.Shard) (bool, error) {
	before := t.Tokens()
	for _, f := range table.Formats() {
		fr, err := fsx.OpenPlain(b.FreqPath(shard, f), os.O_RDONLY, 0)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return false, err
		}
		err = table.Read(ctx, t, fr, nil)
		fr.Close()
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		if err != nil {
			return false, nil // unreadable: the tables decide
		}
		break
	}
	return t.Tokens()-before == b.shardTokens[shard.K-1], nil
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
