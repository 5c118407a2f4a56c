package batch

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"strconv"
	"strings"
)

// Item is one work item of a batch: a distinct line of the list.
type Item struct {
	Index int    // 0-based, among the distinct lines
	Line  int    // 1-based line number in the list
	Text  string // the line, trimmed
	// Err is why the line cannot be run (too long, not a valid source):
	// the item fails without running, and costs no journal record.
	Err error
}

// MaxLine is the longest list line taken as an item; a longer one is a
// failed item.
const MaxLine = 1 << 20

// itemKey identifies an item's text in sets and indexes: two 64-bit hashes
// with independent seeds, so that a million items collide with odds of
// about 1 in 10^25, and each costs 16 bytes instead of its text.
type itemKey [2]uint64

var seeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

func keyOf(text string) itemKey {
	return itemKey{maphash.String(seeds[0], text), maphash.String(seeds[1], text)}
}

// eachItem reads a list: one item a line; blank lines and lines starting
// with # are skipped, a repeated line is taken once, a UTF-8 byte-order
// mark is dropped. Lines that check (given each item's index and text)
// refuses, or longer than MaxLine, become items with Err set. fn is
// called with each item in order.
func eachItem(r io.Reader, check func(index int, text string) error, fn func(Item) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	seen := map[itemKey]struct{}{}
	index := 0
	var long []byte
	for line := 1; ; line++ {
		b, err := br.ReadSlice('\n')
		tooLong := false
		if errors.Is(err, bufio.ErrBufferFull) {
			// A line longer than the buffer: gather it up to MaxLine, and
			// skip the rest.
			long = append(long[:0], b...)
			for errors.Is(err, bufio.ErrBufferFull) {
				b, err = br.ReadSlice('\n')
				if len(long) <= MaxLine {
					long = append(long, b...)
				}
			}
			tooLong = len(long) > MaxLine
			b = long
		}
		if err != nil && err != io.EOF {
			return err
		}
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		}
		text := strings.TrimSpace(string(b))
		if tooLong && len(text) > 64 {
			text = text[:64] + "…"
		}
		if text != "" && !strings.HasPrefix(text, "#") {
			k := keyOf(text)
			if tooLong {
				k = keyOf("\x00line " + strconv.Itoa(line)) // each too-long line is its own item
			}
			if _, dup := seen[k]; !dup {
				seen[k] = struct{}{}
				it := Item{Index: index, Line: line, Text: text}
				index++
				switch {
				case tooLong:
					it.Err = fmt.Errorf("line %d is longer than %d bytes", line, MaxLine)
				case check != nil:
					if cerr := check(it.Index, text); cerr != nil {
						it.Err = fmt.Errorf("line %d: %w", line, cerr)
					}
				}
				if ferr := fn(it); ferr != nil {
					return ferr
				}
			}
		}
		if err == io.EOF {
			return nil
		}
	}
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

// InvalidError is a batch that cannot run or merge as asked: its
// settings, its list or its output folder do not fit. The caller's input
// is at fault, not the disk or the network.
type InvalidError struct{ Msg string }

func (e *InvalidError) Error() string { return e.Msg }

// ShardError is a shard that does not parse (ParseShard).
type ShardError struct {
	Spec string // as given
	Why  string
}

func (e *ShardError) Error() string {
	return fmt.Sprintf("shard %q: %s (want K/N with 1 <= K <= N, or auto/N)", e.Spec, e.Why)
}

// ParseShard reads "K/N", or "auto/N", where auto takes K = ID mod N + 1
// with ID from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) or
// SLURM_ARRAY_TASK_ID (a Slurm array task). The shard depends on the task's
// ID alone, so a task rerun by itself (sbatch --array=5) runs the same
// shard as before: --array=0-7 and --array=1-8 both cover shards 1 to 8.
func ParseShard(s string, getenv func(string) string) (Shard, error) {
	bad := func(why string) (Shard, error) {
		return Shard{}, &ShardError{Spec: s, Why: why}
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
		name := "JOB_COMPLETION_INDEX"
		v := getenv(name)
		if v == "" {
			name = "SLURM_ARRAY_TASK_ID"
			v = getenv(name)
		}
		if v == "" {
			return bad("auto needs JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID")
		}
		id, err := strconv.Atoi(v)
		if err != nil || id < 0 {
			return bad(fmt.Sprintf("%s=%q is not a task number", name, v))
		}
		k = id%n + 1
	} else if k, err = strconv.Atoi(ks); err != nil {
		return bad("K is not a number")
	}
	if k < 1 || k > n {
		return bad(fmt.Sprintf("K is %d, outside 1 to %d", k, n))
	}
	return Shard{k, n}, nil
}

// byText is check as eachItem asks it (nil if check is).
func byText(check func(string) error) func(int, string) error {
	if check == nil {
		return nil
	}
	return func(_ int, text string) error { return check(text) }
}
