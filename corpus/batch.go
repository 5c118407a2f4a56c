package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
)

// Item is one work item of a batch: a distinct source line of the list.
type Item struct {
	Index  int    // 0-based, among the distinct lines
	Line   int    // 1-based line number in the list
	Text   string // the line, trimmed
	Source Source
	Err    error // the line is not a valid SOURCE
}

// ReadList reads a batch list: one SOURCE a line; blank lines and lines
// starting with # are skipped, and a repeated line is taken once. Invalid
// lines become items with Err set, so the others still run.
func ReadList(r io.Reader) ([]Item, error) {
	var items []Item
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") || seen[text] {
			continue
		}
		seen[text] = true
		it := Item{Index: len(items), Line: line, Text: text}
		it.Source, it.Err = ParseSource(text)
		if it.Err == nil && it.Source.Kind == Stdin {
			it.Err = &UsageError{"- (standard input) cannot be a batch item"}
		}
		items = append(items, it)
	}
	return items, sc.Err()
}

// Shard is the part K of N (1-based) of a batch: the items whose 0-based
// index i has i mod N = K-1, so the N shards cover the list exactly once.
type Shard struct{ K, N int }

// All is the whole list.
var All = Shard{1, 1}

// Has reports whether item i belongs to the shard.
func (s Shard) Has(i int) bool { return i%s.N == s.K-1 }

// String is "K-of-N", for file names.
func (s Shard) String() string { return fmt.Sprintf("%d-of-%d", s.K, s.N) }

// ParseShard reads "K/N" or "auto/N", where auto takes K from
// JOB_COMPLETION_INDEX (a Kubernetes Indexed Job, 0-based) or from
// SLURM_ARRAY_TASK_ID (less SLURM_ARRAY_TASK_MIN when set).
func ParseShard(s string, getenv func(string) string) (Shard, error) {
	bad := func(why string) (Shard, error) {
		return Shard{}, &UsageError{fmt.Sprintf("--shard %q: %s (want K/N with 1 <= K <= N, or auto/N)", s, why)}
	}
	ks, ns, ok := strings.Cut(s, "/")
	if !ok {
		return bad("no /")
	}
	n, err := strconv.Atoi(ns)
	if err != nil || n < 1 {
		return bad("N is not a positive number")
	}
	var k int
	if ks == "auto" {
		idx, min := "", 0
		if v := getenv("JOB_COMPLETION_INDEX"); v != "" {
			idx = v
		} else if v := getenv("SLURM_ARRAY_TASK_ID"); v != "" {
			idx = v
			if m := getenv("SLURM_ARRAY_TASK_MIN"); m != "" {
				if min, err = strconv.Atoi(m); err != nil {
					return bad("SLURM_ARRAY_TASK_MIN is not a number")
				}
			}
		} else {
			return bad("auto needs JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID")
		}
		i, err := strconv.Atoi(idx)
		if err != nil {
			return bad("the task index " + strconv.Quote(idx) + " is not a number")
		}
		k = i - min + 1
	} else if k, err = strconv.Atoi(ks); err != nil {
		return bad("K is not a number")
	}
	if k < 1 || k > n {
		return bad(fmt.Sprintf("K is %d, outside 1 to %d", k, n))
	}
	return Shard{k, n}, nil
}

// Record is one line of a batch journal: an item that finished.
type Record struct {
	Item   string          `json:"item"`
	Status string          `json:"status"` // "done" or "failed"
	Error  string          `json:"error,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
}

// Journal is the append-only record of a batch's finished items, synced
// to disk one record at a time, so a killed batch loses at most the items
// in flight.
type Journal struct {
	mu sync.Mutex
	f  *os.File
}

// OpenJournal opens (or creates) the journal at path and returns what it
// holds, the last record of an item winning. A torn last line, left by a
// process killed while writing it, is cut off.
func OpenJournal(path string) (*Journal, map[string]Record, error) {
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, err
	}
	recs := map[string]Record{}
	good := 0
	for off := 0; off < len(b); {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			break // torn: no newline
		}
		var r Record
		if json.Unmarshal(b[off:off+i], &r) != nil || r.Item == "" {
			if off+i+1 < len(b) {
				return nil, nil, fmt.Errorf("journal %s: the line at byte %d is not a record", path, off)
			}
			break // a torn last line
		}
		recs[r.Item] = r
		off += i + 1
		good = off
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, err
	}
	if good < len(b) {
		if err := f.Truncate(int64(good)); err != nil {
			f.Close()
			return nil, nil, err
		}
	}
	if _, err := f.Seek(int64(good), io.SeekStart); err != nil {
		f.Close()
		return nil, nil, err
	}
	return &Journal{f: f}, recs, nil
}

// Append writes r as one line and syncs it.
func (j *Journal) Append(r Record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		return err
	}
	return j.f.Sync()
}

// Close closes the journal.
func (j *Journal) Close() error { return j.f.Close() }
