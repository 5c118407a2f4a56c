package batch_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/internal/fsx"
)

// fake is the per-item function of these tests: an item's result is the
// length of its text and its text upper-cased (computed again here as the
// reference), items containing "bad" fail, and each takes a few random
// milliseconds so that workers finish out of order. Its data is the text
// repeated len(text) times (wantData).
func fake(ctx context.Context, it batch.Item) (batch.Output, error) {
	time.Sleep(time.Duration(rand.IntN(3)) * time.Millisecond)
	if strings.Contains(it.Text, "bad") {
		return batch.Output{}, fmt.Errorf("%s is bad", it.Text)
	}
	res, err := json.Marshal(map[string]any{"len": len(it.Text), "up": strings.ToUpper(it.Text)})
	return batch.Output{Result: res, Data: wantData(it.Text)}, err
}

func wantData(text string) []byte { return []byte(strings.Repeat(text, len(text))) }

// wantLine is the reference result line of item text at index i, line l.
func wantLine(i, l int, text string) string {
	b, _ := json.Marshal(map[string]any{"len": len(text), "up": strings.ToUpper(text)})
	return fmt.Sprintf(`{"item":%d,"line":%d,%s`, i, l, b[1:]) + "\n"
}

// makeList returns a list of n items, every seventh one bad, with
// comments, blank lines and duplicates, and the reference results.
func makeList(n int) (string, string) {
	var list, want strings.Builder
	list.WriteString("# a list\n\n")
	line := 3
	for i := range n {
		text := fmt.Sprintf("item-%d", i)
		if i%7 == 3 {
			text = fmt.Sprintf("bad-%d", i)
		}
		fmt.Fprintf(&list, "  %s  \n", text)
		if i%7 != 3 {
			want.WriteString(wantLine(i, line, text))
		}
		line++
		if i%10 == 0 {
			list.WriteString("item-0\n") // a duplicate, taken once
			line++
		}
	}
	return list.String(), want.String()
}

func run(t *testing.T, ctx context.Context, cfg batch.Config, list string) (*batch.Summary, error) {
	t.Helper()
	if cfg.Process == nil {
		cfg.Process = fake
	}
	if cfg.Jobs == 0 {
		cfg.Jobs = 8
	}
	return batch.Run(ctx, cfg, strings.NewReader(list))
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRun(t *testing.T) {
	list, want := makeList(100)
	out := t.TempDir()
	var collected []int
	sum, err := run(t, context.Background(), batch.Config{Out: out, Collect: func(it batch.Item, _ json.RawMessage, data []byte) error {
		collected = append(collected, it.Index)
		if want := wantData(it.Text); !bytes.Equal(data, want) {
			t.Errorf("Collect(%s) data %.20q; want %.20q", it.Text, data, want)
		}
		return nil
	}}, list)
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "results.jsonl")); got != want {
		t.Errorf("results.jsonl differs from the reference:\n%.300s\nwant\n%.300s", got, want)
	}
	if sum.Items != 100 || sum.DoneNow != 86 || sum.Failed != 14 || sum.DoneBefore != 0 {
		t.Errorf("summary %+v", sum)
	}
	// Failures in list order, whatever order the workers finished in.
	for i, f := range sum.Failures {
		if i > 0 && f.Line <= sum.Failures[i-1].Line {
			t.Errorf("failures not in list order: %+v", sum.Failures)
			break
		}
		if !strings.Contains(f.Reason, "is bad") {
			t.Errorf("failure %+v", f)
		}
	}
	for i := 1; i < len(collected); i++ {
		if collected[i] <= collected[i-1] {
			t.Fatalf("Collect not in list order: %v", collected)
		}
	}
	// A second run does only the failed ones, again; with SkipFailed, none.
	var ran atomic.Int32
	count := func(ctx context.Context, it batch.Item) (batch.Output, error) { ran.Add(1); return fake(ctx, it) }
	if sum, err = run(t, context.Background(), batch.Config{Out: out, Process: count}, list); err != nil || ran.Load() != 14 || sum.DoneBefore != 86 {
		t.Errorf("second run: %d run, %+v, %v; want the 14 failed ones run again", ran.Load(), sum, err)
	}
	ran.Store(0)
	sum, err = run(t, context.Background(), batch.Config{Out: out, Process: count, SkipFailed: true}, list)
	if err != nil || ran.Load() != 0 || sum.Failed != 14 || !sum.Failures[0].Earlier {
		t.Errorf("--skip-failed: %d run, %+v, %v", ran.Load(), sum, err)
	}
	if got := read(t, filepath.Join(out, "results.jsonl")); got != want {
		t.Errorf("results.jsonl changed by reruns")
	}
	// Other settings: refused, nothing mixed.
	_, err = run(t, context.Background(), batch.Config{Out: out, Settings: json.RawMessage(`{"words":["x"]}`)}, list)
	var se *batch.SettingsError
	if !errors.As(err, &se) {
		t.Errorf("rerun with other settings: %v; want a SettingsError", err)
	}
}

// Killed at any moment and run again until done: the results of an
// uninterrupted run, and no item done twice.
func TestKilledAndResumed(t *testing.T) {
	list, want := makeList(120)
	out := t.TempDir()
	journal := filepath.Join(out, "journal.jsonl")
	var calls sync.Map
	for round := 0; ; round++ {
		ctx, cancel := context.WithCancel(context.Background())
		n := atomic.Int32{}
		stopAt := int32(5 + round*7)
		process := func(ctx context.Context, it batch.Item) (batch.Output, error) {
			if n.Add(1) == stopAt {
				cancel() // a kill, as far as the journal can tell: in-flight items are lost
			}
			v, _ := calls.LoadOrStore(it.Text, new(atomic.Int32))
			v.(*atomic.Int32).Add(1)
			return fake(ctx, it)
		}
		sum, err := run(t, ctx, batch.Config{Out: out, Process: process}, list)
		cancel()
		if err == nil {
			if sum.DoneNow+sum.DoneBefore != 103 {
				t.Errorf("final round: %+v", sum)
			}
			break
		}
		if !errors.Is(err, context.Canceled) {
			t.Fatal(err)
		}
		if round%2 == 1 {
			// A kill in the middle of a write: a torn last line.
			f, _ := os.OpenFile(journal, os.O_WRONLY|os.O_APPEND, 0)
			f.WriteString(`{"item":"item-1","sta`)
			f.Close()
		}
		if round > 30 {
			t.Fatal("the batch never finished")
		}
	}
	if got := read(t, filepath.Join(out, "results.jsonl")); got != want {
		t.Errorf("results after kills differ from an uninterrupted run's")
	}
	// An item is run again only when it was in flight at a kill.
	calls.Range(func(k, v any) bool {
		if n := v.(*atomic.Int32).Load(); n > 12 && !strings.HasPrefix(k.(string), "bad") {
			t.Errorf("%s ran %d times", k, n)
		}
		return true
	})
}

// Shards run separately and merged give, byte for byte, the results of
// one run; a merge with a shard missing or incomplete is refused.
func TestShardsMerge(t *testing.T) {
	list, want := makeList(90)
	one := t.TempDir()
	if _, err := run(t, context.Background(), batch.Config{Out: one}, list); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(one, "results.jsonl")); got != want {
		t.Fatalf("unsharded results differ from the reference")
	}
	out := t.TempDir()
	seen := map[string]int{}
	for _, k := range []int{1, 2, 4} { // shard 3 not yet
		sum, err := run(t, context.Background(), batch.Config{Out: out, Shard: batch.Shard{K: k, N: 4}}, list)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(read(t, sum.Results)), "\n") {
			seen[line]++
		}
	}
	_, err := batch.Merge(context.Background(), batch.MergeConfig{Out: out})
	var inc *batch.IncompleteError
	if !errors.As(err, &inc) || !strings.Contains(err.Error(), "3/4 (never run)") {
		t.Fatalf("merge without shard 3: %v; want it refused, naming 3/4", err)
	}
	if sum, err := batch.Merge(context.Background(), batch.MergeConfig{Out: out, Partial: true}); err != nil || sum.Items != 90 {
		t.Errorf("merge --partial: %+v, %v", sum, err)
	}
	// Shard 3 killed half-way: incomplete.
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int32
	half := func(c context.Context, it batch.Item) (batch.Output, error) {
		if n.Add(1) == 10 {
			cancel()
		}
		return fake(c, it)
	}
	run(t, ctx, batch.Config{Out: out, Shard: batch.Shard{K: 3, N: 4}, Process: half}, list)
	if _, err := batch.Merge(context.Background(), batch.MergeConfig{Out: out}); !errors.As(err, &inc) || !strings.Contains(err.Error(), "3/4 (") || !strings.Contains(err.Error(), "items not run") {
		t.Fatalf("merge with shard 3 half done: %v", err)
	}
	sum, err := run(t, context.Background(), batch.Config{Out: out, Shard: batch.Shard{K: 3, N: 4}}, list)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(read(t, sum.Results)), "\n") {
		seen[line]++
	}
	collected := 0
	if _, err := batch.Merge(context.Background(), batch.MergeConfig{Out: out, Collect: func(it batch.Item, _ json.RawMessage, data []byte) error {
		collected++
		if want := wantData(it.Text); !bytes.Equal(data, want) {
			t.Errorf("merge Collect(%s) data %.20q; want %.20q", it.Text, data, want)
		}
		return nil
	}}); err != nil {
		t.Fatal(err)
	}
	if collected != strings.Count(want, "\n") {
		t.Errorf("merge collected %d items; want %d", collected, strings.Count(want, "\n"))
	}
	if got := read(t, filepath.Join(out, "results.jsonl")); got != want {
		t.Errorf("merged shards differ from one run:\n%.200s\nwant\n%.200s", got, want)
	}
	for line, n := range seen {
		if n != 1 {
			t.Errorf("in %d shards: %s", n, line)
		}
	}
	// A shard that ran with another list is refused.
	other := strings.Replace(list, " item-5 ", " item-5-changed ", 1)
	run(t, context.Background(), batch.Config{Out: out, Shard: batch.Shard{K: 2, N: 4}}, other)
	if _, err := batch.Merge(context.Background(), batch.MergeConfig{Out: out}); err == nil || !strings.Contains(err.Error(), "different lists") {
		t.Errorf("merge of shards with different lists: %v", err)
	}
}

// An incomplete merge of 12 shards names them in shard order (2/12 before
// 10/12) and counts the items in no journal.
func TestIncompleteMessage(t *testing.T) {
	list, _ := makeList(30)
	out := t.TempDir()
	for _, k := range []int{1, 11} {
		if _, err := run(t, context.Background(), batch.Config{Out: out, Shard: batch.Shard{K: k, N: 12}}, list); err != nil {
			t.Fatal(err)
		}
	}
	_, err := batch.Merge(context.Background(), batch.MergeConfig{Out: out})
	msg := fmt.Sprint(err)
	if i, j := strings.Index(msg, " 2/12 "), strings.Index(msg, " 10/12 "); i < 0 || j < 0 || i > j {
		t.Errorf("shards out of order: %s", msg)
	}
	// Shards 1 and 11 hold items 0, 10, 12, 22 and 24 of the 30.
	if !strings.Contains(msg, "; 25 items of the list are in no journal: run those shards again") {
		t.Errorf("want 25 items missing and no empty example: %s", msg)
	}
}

// held returns a Process that holds each item until release is closed,
// and started, closed when it first holds one: a runner that is running.
func held() (process func(context.Context, batch.Item) (batch.Output, error), started, release chan struct{}) {
	started, release = make(chan struct{}), make(chan struct{})
	var once sync.Once
	process = func(ctx context.Context, it batch.Item) (batch.Output, error) {
		once.Do(func() { close(started) })
		<-release
		return fake(ctx, it)
	}
	return process, started, release
}

// A second runner of one journal is refused at once, naming the first;
// the first finishes with exact results.
func TestOneRunnerPerJournal(t *testing.T) {
	list, want := makeList(30)
	out := t.TempDir()
	slow, started, release := held()
	first := make(chan error)
	go func() {
		_, err := run(t, context.Background(), batch.Config{Out: out, Shard: batch.Shard{K: 2, N: 8}, Process: slow}, list)
		first <- err
	}()
	<-started
	_, err := run(t, context.Background(), batch.Config{Out: out, Shard: batch.Shard{K: 2, N: 8}}, list)
	var busy *batch.BusyError
	if !errors.As(err, &busy) || !strings.Contains(err.Error(), "shard 2/8 of "+out) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d on ", os.Getpid())) {
		t.Errorf("second runner: %v; want refused with the first's pid", err)
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	var wantShard strings.Builder
	for _, l := range strings.SplitAfter(want, "\n") {
		var r struct{ Item int }
		if json.Unmarshal([]byte(l), &r) == nil && r.Item%8 == 1 {
			wantShard.WriteString(l)
		}
	}
	if got := read(t, filepath.Join(out, "results-2-of-8.jsonl")); got != wantShard.String() {
		t.Errorf("first runner's results:\n%s\nwant\n%s", got, wantShard.String())
	}
}

// Runners of one folder with two journals (Config.Journal elsewhere, or
// one there and one not) are refused as two runners of one journal are:
// the data file, results and tables are the folder's. Before, both ran,
// appended to one data file, and failed reading each other's blocks.
func TestOneRunnerPerFolder(t *testing.T) {
	list, want := makeList(30)
	out := t.TempDir()
	elsewhere := t.TempDir()
	for _, c := range []struct{ first, second string }{
		{filepath.Join(elsewhere, "a.jsonl"), filepath.Join(elsewhere, "b.jsonl")},
		{filepath.Join(elsewhere, "c.jsonl"), ""},
		{"", filepath.Join(elsewhere, "d.jsonl")},
	} {
		slow, started, release := held()
		first := make(chan error)
		go func() {
			_, err := run(t, context.Background(), batch.Config{Out: out, Journal: c.first, Process: slow}, list)
			first <- err
		}()
		<-started
		_, err := run(t, context.Background(), batch.Config{Out: out, Journal: c.second}, list)
		var busy *batch.BusyError
		if !errors.As(err, &busy) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d on ", os.Getpid())) {
			t.Errorf("journals %q then %q: second runner: %v; want refused with the first's pid", c.first, c.second, err)
		}
		close(release)
		if err := <-first; err != nil {
			t.Fatal(err)
		}
		if got := read(t, filepath.Join(out, "results.jsonl")); got != want {
			t.Errorf("journals %q then %q: first runner's results differ", c.first, c.second)
		}
		os.RemoveAll(out)
	}
	// The folder's own journal named another way is one journal, one lock.
	abs, _ := filepath.Abs(filepath.Join(out, "journal.jsonl"))
	if _, err := run(t, context.Background(), batch.Config{Out: out, Journal: abs}, list); err != nil {
		t.Errorf("a run naming the folder's own journal by its absolute path: %v", err)
	}
}

// A journal with a garbled line in the middle reopens: the line is set
// aside, its item runs again, and the outputs are exact.
func TestGarbledJournal(t *testing.T) {
	list, want := makeList(40)
	out := t.TempDir()
	if _, err := run(t, context.Background(), batch.Config{Out: out}, list); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(out, "journal.jsonl")
	lines := strings.SplitAfter(read(t, path), "\n")
	garbled := lines[5][:20] + lines[6] // two writers' lines run together
	lines[5] = garbled
	os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644)
	var ran atomic.Int32
	count := func(ctx context.Context, it batch.Item) (batch.Output, error) { ran.Add(1); return fake(ctx, it) }
	sum, err := run(t, context.Background(), batch.Config{Out: out, Process: count}, list)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Notes) != 1 || !strings.Contains(sum.Notes[0], "is not a record") || !strings.Contains(sum.Notes[0], "byte ") {
		t.Errorf("notes %q", sum.Notes)
	}
	if bad := read(t, path+".bad"); bad != garbled {
		t.Errorf(".bad = %q; want the garbled line", bad)
	}
	if ran.Load() < 1 {
		t.Errorf("the item of the garbled line was not run again")
	}
	if got := read(t, filepath.Join(out, "results.jsonl")); got != want {
		t.Errorf("results after a garbled journal differ")
	}
}

func TestLists(t *testing.T) {
	out := t.TempDir()
	long := strings.Repeat("x", 2<<20)
	list := "\ufeff2701\n# comment\n\n" + long + "\n  11  \n2701\nnot-a-source\nlast"
	check := func(s string) error {
		if s == "not-a-source" {
			return errors.New("not a SOURCE")
		}
		return nil
	}
	var ran []string
	var mu sync.Mutex
	record := func(ctx context.Context, it batch.Item) (batch.Output, error) {
		mu.Lock()
		ran = append(ran, it.Text)
		mu.Unlock()
		return batch.Output{Result: json.RawMessage(`{}`)}, nil
	}
	sum, err := run(t, context.Background(), batch.Config{Out: out, Check: check, Process: record}, list)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Items != 5 || sum.DoneNow != 3 || sum.Failed != 2 {
		t.Errorf("summary %+v", sum)
	}
	wantResults := `{"item":0,"line":1}` + "\n" + `{"item":2,"line":5}` + "\n" + `{"item":4,"line":8}` + "\n"
	if got := read(t, filepath.Join(out, "results.jsonl")); got != wantResults {
		t.Errorf("results = %q; want %q (BOM dropped, item 1 is the long line)", got, wantResults)
	}
	if len(sum.Failures) != 2 || !strings.Contains(sum.Failures[0].Reason, "line 4 is longer than") || !strings.Contains(sum.Failures[1].Reason, "line 7: not a SOURCE") {
		t.Errorf("failures %+v", sum.Failures)
	}
	journal := read(t, filepath.Join(out, "journal.jsonl"))
	if strings.Count(journal, "\n") != 4 || strings.Contains(journal, "not-a-source") || strings.Contains(journal, "xxxx") {
		t.Errorf("journal = %.300q; want a header and the 3 items run, no invalid line", journal)
	}
}

// 300,000 invalid lines: no memory per line (the time is logged, for a
// look; a limit on it would be a benchmark's).
func TestManyInvalidLines(t *testing.T) {
	var b strings.Builder
	for i := range 300_000 {
		fmt.Fprintf(&b, "bad line %d\n", i)
	}
	list := b.String()
	out := t.TempDir()
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
		}
	}()
	start := time.Now()
	sum, err := run(t, context.Background(), batch.Config{Out: out, Check: func(string) error { return errors.New("no") }}, list)
	close(stop)
	if err != nil {
		t.Fatal(err)
	}
	if p := peak.Load(); p > 100<<20 {
		t.Errorf("300,000 invalid lines: %d MB of heap in use at the peak", p>>20)
	}
	if sum.Failed != 300_000 || len(sum.Failures) != batch.MaxFailures {
		t.Errorf("summary: %d failed, %d listed", sum.Failed, len(sum.Failures))
	}
	if j := read(t, filepath.Join(out, "journal.jsonl")); strings.Count(j, "\n") != 1 {
		t.Errorf("the journal holds %d lines; want the header alone", strings.Count(j, "\n"))
	}
	t.Logf("300,000 invalid lines: %s, peak heap %d MB", time.Since(start).Round(time.Millisecond), peak.Load()>>20)
}

func TestParseShard(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		s   string
		env map[string]string
		k   int
		bad string
	}{
		{"2/3", nil, 2, ""},
		{"auto/4", map[string]string{"JOB_COMPLETION_INDEX": "0"}, 1, ""},
		{"auto/4", map[string]string{"JOB_COMPLETION_INDEX": "3"}, 4, ""},
		{"auto/8", map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "0"}, 6, ""},
		{"auto/8", map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "5"}, 6, ""}, // rerun alone: the same shard
		{"auto/8", map[string]string{"SLURM_ARRAY_TASK_ID": "8"}, 1, ""},                              // --array=1-8
		{"auto/4", nil, 0, "needs JOB_COMPLETION_INDEX"},
		{"auto/4", map[string]string{"SLURM_ARRAY_TASK_ID": "x"}, 0, "not a task number"},
		{"0/3", nil, 0, "outside"},
		{"4/3", nil, 0, "outside"},
		{"x", nil, 0, "no /"},
		{"1/0", nil, 0, "N is not"},
	} {
		sh, err := batch.ParseShard(c.s, env(c.env))
		if c.bad != "" && (err == nil || !strings.Contains(err.Error(), c.bad)) || c.bad == "" && (err != nil || sh.K != c.k) {
			t.Errorf("ParseShard(%q, %v) = %+v, %v; want K %d or %q", c.s, c.env, sh, err, c.k, c.bad)
		}
	}
	// --array=0-7 and --array=1-8 each cover the 8 shards once.
	for _, first := range []int{0, 1} {
		seen := map[int]bool{}
		for id := first; id < first+8; id++ {
			sh, _ := batch.ParseShard("auto/8", env(map[string]string{"SLURM_ARRAY_TASK_ID": fmt.Sprint(id)}))
			seen[sh.K] = true
		}
		if len(seen) != 8 {
			t.Errorf("--array=%d-%d covers shards %v", first, first+7, seen)
		}
	}
	// The shards cover the items exactly once.
	for i := range 100 {
		n := 0
		for k := 1; k <= 3; k++ {
			if (batch.Shard{K: k, N: 3}).Has(i) {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("item %d in %d shards", i, n)
		}
	}
}

// Cases 3 and 11 of issue 19: records that parse but cannot be right (a
// done record without a result, a result that is no object, data at a
// negative offset, a count Valid refuses) are set aside like garbled
// lines and their items run again; Merge takes them for items not run,
// and nothing panics.
func TestInvalidRecords(t *testing.T) {
	list, want := makeList(40)
	out := t.TempDir()
	valid := func(r json.RawMessage) error {
		var v struct{ Len int }
		if err := json.Unmarshal(r, &v); err != nil || v.Len < 0 {
			return errors.New("a negative length")
		}
		return nil
	}
	if _, err := run(t, context.Background(), batch.Config{Out: out, Valid: valid}, list); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(out, "journal.jsonl")
	lines := strings.SplitAfter(read(t, path), "\n")
	var bad []string
	for i, l := range lines {
		var rec batch.Record
		if json.Unmarshal([]byte(l), &rec) != nil || rec.Status != "done" {
			continue
		}
		var tampered string
		switch len(bad) {
		case 0:
			tampered = fmt.Sprintf(`{"item":%q,"status":"done"}`, rec.Item)
		case 1:
			tampered = fmt.Sprintf(`{"item":%q,"status":"done","result":"/etc/passwd"}`, rec.Item)
		case 2:
			tampered = fmt.Sprintf(`{"item":%q,"status":"done","result":{"len":1},"data":[-5,3]}`, rec.Item)
		case 3:
			tampered = fmt.Sprintf(`{"item":%q,"status":"done","result":{"len":-1,"up":"X"},"data":%d}`, rec.Item, rec.Data)
		default:
			continue
		}
		lines[i] = tampered + "\n"
		bad = append(bad, lines[i])
	}
	os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644)

	merged := t.TempDir()
	os.CopyFS(merged, os.DirFS(out))
	if _, err := batch.Merge(context.Background(), batch.MergeConfig{Out: merged, Valid: valid}); !errors.As(err, new(*batch.IncompleteError)) {
		t.Errorf("Merge of a journal with invalid records: %v; want an *IncompleteError", err)
	}

	var ran atomic.Int32
	count := func(ctx context.Context, it batch.Item) (batch.Output, error) { ran.Add(1); return fake(ctx, it) }
	sum, err := run(t, context.Background(), batch.Config{Out: out, Process: count, Valid: valid, SkipFailed: true}, list)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Notes) != len(bad) {
		t.Errorf("notes %q; want one for each of the %d invalid records", sum.Notes, len(bad))
	}
	if got := read(t, path+".bad"); got != strings.Join(bad, "") {
		t.Errorf(".bad = %q; want the invalid records %q", got, bad)
	}
	if ran.Load() != int32(len(bad)) {
		t.Errorf("%d items ran again; want the %d of the invalid records", ran.Load(), len(bad))
	}
	if got := read(t, filepath.Join(out, "results.jsonl")); got != want {
		t.Errorf("results after invalid records differ:\n%s\nwant:\n%s", got, want)
	}
}

// Case 14 of issue 19: the temporary files that killed runs left in the
// batch's folder are removed by the next run of the same shard; those of
// other shards are not its to remove.
func TestKilledRunsTempsRemoved(t *testing.T) {
	list, _ := makeList(10)
	out := t.TempDir()
	ours := []string{".results.jsonl.tmp123", ".freq.txt.tmp9", ".journal.jsonl.tmp77", ".list.txt.tmp1", ".counts.parquet.tmp5"}
	theirs := []string{".results-2-of-3.jsonl.tmp4", ".freq-1-of-3.txt.tmp8"}
	users := []string{".notes.tmp1", ".results.jsonl.tmp-mine", ".freqs.txt.tmp3", "results.jsonl.tmp5"} // a user's, not the batch's
	killed := time.Now().Add(-time.Hour)                                                                 // by a process before this one
	for _, n := range append(append(ours, theirs...), users...) {
		os.WriteFile(filepath.Join(out, n), []byte("half"), 0o644)
		os.Chtimes(filepath.Join(out, n), killed, killed)
	}
	being, err := fsx.Create(filepath.Join(out, "books.parquet"), 0o644) // being written by this process
	if err != nil {
		t.Fatal(err)
	}
	defer being.Abort()
	mine := being.Name()
	fresh := filepath.Join(out, ".books.parquet.tmp42") // made just now, not locked (yet)
	os.WriteFile(fresh, nil, 0o644)
	if _, err := run(t, context.Background(), batch.Config{Out: out, Files: []string{"freq", "counts", "books"}}, list); err != nil {
		t.Fatal(err)
	}
	for _, n := range ours {
		if _, err := os.Lstat(filepath.Join(out, n)); err == nil {
			t.Errorf("%s left after the next run", n)
		}
	}
	for _, n := range append(append(theirs, users...), filepath.Base(mine), filepath.Base(fresh)) {
		if _, err := os.Lstat(filepath.Join(out, n)); err != nil {
			t.Errorf("%s, another shard's or in use, removed: %v", n, err)
		}
	}
	if _, err := run(t, context.Background(), batch.Config{Out: out, Shard: batch.Shard{K: 2, N: 3}}, list); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(out, theirs[0])); err == nil {
		t.Errorf("%s left after a run of its shard", theirs[0])
	}
}

// A temporary file a killed run left seconds before this run started (its
// writer's lock gone with it) is removed at once, not a minute later; one
// still locked by its writer (a run that let go of the journal and still
// commits its tables) is not, however old.
func TestKilledRunsRecentTempsRemoved(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock: temporary files are judged by their age alone")
	}
	list, _ := makeList(10)
	out := t.TempDir()
	// Seconds before the run, however long this test's process has been
	// up: judged by the process's start, it was kept once the process
	// had been up longer than its age.
	recent := time.Now().Add(-5 * time.Second)
	left := filepath.Join(out, ".counts.parquet.tmp555")
	os.WriteFile(left, []byte("half"), 0o644)
	os.Chtimes(left, recent, recent)
	held, err := fsx.Create(filepath.Join(out, "books.parquet"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Abort()
	old := time.Now().Add(-time.Hour)
	os.Chtimes(held.Name(), old, old)
	if _, err := run(t, context.Background(), batch.Config{Out: out, Files: []string{"counts", "books"}}, list); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(left); err == nil {
		t.Errorf("%s, left by a run killed 5 s ago, still there after the next run", filepath.Base(left))
	}
	if _, err := os.Lstat(held.Name()); err != nil {
		t.Errorf("%s, still being written, removed: %v", filepath.Base(held.Name()), err)
	}
}

// doneRecords reads the journal at path: its lines, those of done records
// with data (by line number), and their records.
func doneRecords(t *testing.T, path string) (lines []string, done []int, recs map[int]batch.Record) {
	t.Helper()
	lines = strings.SplitAfter(read(t, path), "\n")
	recs = map[int]batch.Record{}
	for i, l := range lines {
		var rec batch.Record
		if json.Unmarshal([]byte(l), &rec) == nil && rec.Status == "done" && len(rec.Data) == 2 && rec.Data[1] > 4 {
			done = append(done, i)
			recs[i] = rec
		}
	}
	return lines, done, recs
}

// recordedAgainDamaged runs a batch of 20 items in a folder of its own
// and returns its results, the folder, its journal,
// the journal's lines, the indexes of its done records, and the first done
// record again but damaged: its data offsets are the second's.
func recordedAgainDamaged(t *testing.T) (want, out, path string, lines []string, done []int, damaged string) {
	t.Helper()
	list, want := makeList(20)
	out = t.TempDir()
	if _, err := run(t, context.Background(), batch.Config{Out: out}, list); err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(out, "journal.jsonl")
	lines, done, recs := doneRecords(t, path)
	a, b := recs[done[0]], recs[done[1]]
	first := lines[done[0]]
	damaged = strings.Replace(first, fmt.Sprintf(`"data":[%d,%d]`, a.Data[0], a.Data[1]), fmt.Sprintf(`"data":[%d,%d]`, b.Data[0], b.Data[1]), 1)
	if damaged == first {
		t.Fatalf("no data offsets in %q", first)
	}
	return want, out, path, lines, done, damaged
}

// Issues 2, 3 and 15 of the tester: a record whose data was damaged, whose
// result was edited, or whose data offsets were swapped with another's
// does not match its checksum: a rerun sets it aside and runs its item
// again (the batch never wedges), and a merge takes its item for one in
// no journal.
func TestDamagedRecords(t *testing.T) {
	list, want := makeList(40)
	out := t.TempDir()
	if _, err := run(t, context.Background(), batch.Config{Out: out}, list); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(out, "journal.jsonl")
	lines, done, recs := doneRecords(t, path)
	// Damaged data: the bytes of the first record's data flipped.
	data, err := os.ReadFile(filepath.Join(out, "data.bin"))
	if err != nil {
		t.Fatal(err)
	}
	d := recs[done[0]].Data
	for k := d[0]; k < d[0]+4; k++ {
		data[k] ^= 0xff
	}
	os.WriteFile(filepath.Join(out, "data.bin"), data, 0o644)
	// An edited result, and two records' data swapped.
	lines[done[1]] = strings.Replace(lines[done[1]], `"len":`, `"len":1`, 1)
	a, b := recs[done[2]], recs[done[3]]
	lines[done[2]] = strings.Replace(lines[done[2]], fmt.Sprintf(`"data":[%d,%d]`, a.Data[0], a.Data[1]), fmt.Sprintf(`"data":[%d,%d]`, b.Data[0], b.Data[1]), 1)
	lines[done[3]] = strings.Replace(lines[done[3]], fmt.Sprintf(`"data":[%d,%d]`, b.Data[0], b.Data[1]), fmt.Sprintf(`"data":[%d,%d]`, a.Data[0], a.Data[1]), 1)
	// A record whose checksum was taken out, in a journal whose header
	// says its records have one.
	lines[done[4]] = regexp.MustCompile(`,"sum":"[0-9a-f]*"`).ReplaceAllString(lines[done[4]], "")
	bad := []string{lines[done[0]], lines[done[1]], lines[done[2]], lines[done[3]], lines[done[4]]}
	os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644)

	merged := t.TempDir()
	os.CopyFS(merged, os.DirFS(out))
	_, err = batch.Merge(context.Background(), batch.MergeConfig{Out: merged, Collect: func(batch.Item, json.RawMessage, []byte) error { return nil }})
	named := false
	for _, i := range done[:5] {
		named = named || strings.Contains(fmt.Sprint(err), ": "+recs[i].Item+")")
	}
	if inc := (*batch.IncompleteError)(nil); !errors.As(err, &inc) || inc.Missing != 5 || !named {
		t.Errorf("Merge of damaged records: %v; want an *IncompleteError of 5 items naming one", err)
	}

	var ran atomic.Int32
	count := func(ctx context.Context, it batch.Item) (batch.Output, error) { ran.Add(1); return fake(ctx, it) }
	collect := func(it batch.Item, _ json.RawMessage, data []byte) error {
		if !bytes.Equal(data, wantData(it.Text)) {
			return fmt.Errorf("%s: wrong data %.20q", it.Text, data)
		}
		return nil
	}
	for range 2 { // and the rerun after is clean
		sum, err := run(t, context.Background(), batch.Config{Out: out, Process: count, Collect: collect, SkipFailed: true}, list)
		if err != nil {
			t.Fatal(err)
		}
		if got := read(t, filepath.Join(out, "results.jsonl")); got != want {
			t.Errorf("results after damaged records differ:\n%s\nwant:\n%s", got, want)
		}
		if ran.Load() != int32(len(bad)) {
			t.Errorf("%d items ran again; want the %d of the damaged records", ran.Load(), len(bad))
		}
		if got := read(t, path+".bad"); got != strings.Join(bad, "") {
			t.Errorf(".bad = %q; want the damaged records %q", got, bad)
		}
		for _, n := range sum.Notes {
			if !strings.Contains(n, "checksum") {
				t.Errorf("note %q", n)
			}
		}
	}
}

// An item recorded again, the later record damaged (its data another
// item's), merges from the earlier one: its result and data, as a merge
// that checked every record before it merged any took them; one recorded
// again whole merges from the later.
func TestMergeTakesLastGoodRecord(t *testing.T) {
	want, out, path, lines, done, damaged := recordedAgainDamaged(t)
	os.WriteFile(path, []byte(strings.Join(lines, "")+damaged+lines[done[2]]), 0o644)
	collected := 0
	collect := func(it batch.Item, _ json.RawMessage, data []byte) error {
		collected++
		if !bytes.Equal(data, wantData(it.Text)) {
			return fmt.Errorf("%s: data %.20q; want %.20q", it.Text, data, wantData(it.Text))
		}
		return nil
	}
	if _, err := batch.Merge(context.Background(), batch.MergeConfig{Out: out, Collect: collect}); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "results.jsonl")); got != want {
		t.Errorf("results differ:\n%s\nwant:\n%s", got, want)
	}
	if collected != len(done) {
		t.Errorf("%d items collected; want %d", collected, len(done))
	}
}

// Collect gets an item's data only when CollectsData says it uses it;
// the others' data is not read back (nil).
func TestCollectsData(t *testing.T) {
	list, _ := makeList(30)
	collected := 0
	_, err := run(t, context.Background(), batch.Config{
		Out:          t.TempDir(),
		CollectsData: func(it batch.Item) bool { return it.Index%2 == 0 },
		Collect: func(it batch.Item, _ json.RawMessage, data []byte) error {
			collected++
			want := wantData(it.Text)
			if it.Index%2 == 1 {
				want = nil
			}
			if !bytes.Equal(data, want) || (want == nil) != (data == nil) {
				t.Errorf("Collect(%s) data %.20q; want %.20q", it.Text, data, want)
			}
			return nil
		},
	}, list)
	if err != nil || collected != 26 {
		t.Errorf("run: %d collected, %v; want 26, nil", collected, err)
	}
}

// A merge removes the temporary files of the whole list's files that a
// merge killed while it wrote them left (made a while before it started),
// and no other: not one just made, nor a user's.
func TestMergeRemovesKilledTemps(t *testing.T) {
	list, _ := makeList(10)
	out := t.TempDir()
	if _, err := run(t, context.Background(), batch.Config{Out: out}, list); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	temps := map[string]bool{ // removed
		".counts.parquet.tmp123": true, ".results.jsonl.tmp456": true,
		".counts.parquet.tmp789": false, ".notes.txt.tmp1": false,
	}
	for name, removed := range temps {
		path := filepath.Join(out, name)
		os.WriteFile(path, []byte("part"), 0o600)
		if removed || name == ".notes.txt.tmp1" {
			os.Chtimes(path, old, old)
		}
	}
	if _, err := batch.Merge(context.Background(), batch.MergeConfig{Out: out, Files: []string{"counts"}}); err != nil {
		t.Fatal(err)
	}
	for name, removed := range temps {
		if _, err := os.Stat(filepath.Join(out, name)); (err == nil) == removed {
			t.Errorf("%s: there after the merge = %v; want %v", name, err == nil, !removed)
		}
	}
}

// Collected is called once a merge is to be written, before its results
// are in place; never for a merge refused as incomplete.
func TestMergeCollected(t *testing.T) {
	list, want := makeList(30)
	out := t.TempDir()
	if _, err := run(t, context.Background(), batch.Config{Out: out, Shard: batch.Shard{K: 1, N: 2}}, list); err != nil {
		t.Fatal(err)
	}
	calls := 0
	results := filepath.Join(out, "results.jsonl")
	collected := func() {
		calls++
		if _, err := os.Stat(results); err == nil {
			t.Errorf("results.jsonl in place when Collected is called")
		}
	}
	var inc *batch.IncompleteError
	if _, err := batch.Merge(context.Background(), batch.MergeConfig{Out: out, Collected: collected}); !errors.As(err, &inc) || calls != 0 {
		t.Errorf("merge without shard 2: %v, Collected called %d times; want an *IncompleteError and none", err, calls)
	}
	if _, err := run(t, context.Background(), batch.Config{Out: out, Shard: batch.Shard{K: 2, N: 2}}, list); err != nil {
		t.Fatal(err)
	}
	if _, err := batch.Merge(context.Background(), batch.MergeConfig{Out: out, Collected: collected}); err != nil || calls != 1 {
		t.Errorf("merge: %v, Collected called %d times; want once", err, calls)
	}
	if got := read(t, results); got != want {
		t.Errorf("merged results differ from the reference")
	}
}

// Ran is called once, when the items are run (no Process runs after it),
// with how many were done before this run; Collect gets every done item
// in list order, as the run goes (before or after Ran), each once its
// Process has returned.
func TestRan(t *testing.T) {
	list, _ := makeList(30)
	out := t.TempDir()
	for _, want := range []int{0, 26} { // a first run, then one with all done
		var mu sync.Mutex
		var calls []int
		processed := map[string]bool{}
		var collected []int
		processAfterRan := false
		_, err := run(t, context.Background(), batch.Config{
			Out:  out,
			Jobs: 3,
			Process: func(ctx context.Context, it batch.Item) (batch.Output, error) {
				out, err := fake(ctx, it)
				mu.Lock()
				defer mu.Unlock()
				processAfterRan = processAfterRan || len(calls) > 0
				processed[it.Text] = true
				return out, err
			},
			Ran: func(doneBefore int) {
				mu.Lock()
				defer mu.Unlock()
				calls = append(calls, doneBefore)
			},
			Collect: func(it batch.Item, _ json.RawMessage, _ []byte) error {
				mu.Lock()
				defer mu.Unlock()
				if want == 0 && !processed[it.Text] {
					t.Errorf("item %d collected before its Process returned", it.Index)
				}
				collected = append(collected, it.Index)
				return nil
			},
		}, list)
		if err != nil || len(calls) != 1 || calls[0] != want || processAfterRan {
			t.Errorf("run: %v, Ran called with %v (a Process after it: %v); want once with %d, after every Process", err, calls, processAfterRan, want)
		}
		if !slices.IsSorted(collected) || len(collected) != 26 {
			t.Errorf("run: collected items %v; want the 26 done, in list order", collected)
		}
	}
}

// A run stopped before its items are run, or whose list cannot be read
// to its end, never calls Ran: the items were not all run.
func TestRanNotWhenStopped(t *testing.T) {
	list, _ := makeList(40)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ran := false
	_, err := run(t, ctx, batch.Config{
		Out:  t.TempDir(),
		Jobs: 2,
		Process: func(ctx context.Context, it batch.Item) (batch.Output, error) {
			if it.Index == 10 {
				cancel()
			}
			return fake(ctx, it)
		},
		Ran: func(int) { ran = true },
	}, list)
	if err == nil || ran {
		t.Errorf("a run stopped at item 10: error %v, Ran called %v; want an error and no Ran", err, ran)
	}
	// Stopped while the feeder reads the list ahead (Ahead stops it): the
	// worker may never get an item and leave its loop as if the list were
	// done, the last to; Ran must not come then either. Whether the feeder
	// queues an item before it sees the stop is up to its select, so the
	// case is tried a number of times.
	for try := range 30 {
		ctx, cancel := context.WithCancel(context.Background())
		ran := false
		_, err := run(t, ctx, batch.Config{
			Out:  t.TempDir(),
			Jobs: 1,
			Ahead: func(it batch.Item) int64 {
				if it.Index == 2 {
					cancel()
				}
				return 0
			},
			Ran: func(int) { ran = true },
		}, list)
		cancel()
		if err == nil || ran {
			t.Fatalf("try %d, a run stopped while its list was read ahead: error %v, Ran called %v; want an error and no Ran", try, err, ran)
		}
	}
}

// The list's last items are queued heaviest first (Ahead's weight), the
// others in list order: with one worker, the order it runs them is that
// of a window of eight items (the engine's aheadWindow) from which the
// first is taken while the list goes on, and which is drained heaviest
// first (the first of equals) once it is read, as a reference does here;
// so a heavy item at the end of the list runs before the lighter ones
// ahead of it, and a light one early in the list is not put off behind
// heavier ones after it. The results stay in list order.
func TestAheadHeaviestFirst(t *testing.T) {
	list, want := makeList(24)
	weight := func(it batch.Item) int64 {
		switch {
		case it.Index == 23:
			return 1000 // the last item, the heaviest
		case it.Index%6 == 1:
			return 50
		}
		return int64(it.Index % 3)
	}
	var order []int
	out := t.TempDir()
	_, err := run(t, context.Background(), batch.Config{
		Out: out, Jobs: 1,
		Ahead: weight,
		Process: func(ctx context.Context, it batch.Item) (batch.Output, error) {
			order = append(order, it.Index)
			return fake(ctx, it)
		},
	}, list)
	if err != nil {
		t.Fatal(err)
	}
	// The reference: the items to run in list order (the bad ones too:
	// they fail in Process), a window of eight.
	var ref []int
	var window []batch.Item
	take := func(last bool) {
		k := 0
		for i := range window {
			if last && weight(window[i]) > weight(window[k]) {
				k = i
			}
		}
		ref = append(ref, window[k].Index)
		window = slices.Delete(window, k, k+1)
	}
	for i := range 24 {
		window = append(window, batch.Item{Index: i})
		if len(window) == 8 {
			take(false)
		}
	}
	for len(window) > 0 {
		take(true)
	}
	if !slices.Equal(order, ref) {
		t.Errorf("items run in the order %v; want %v", order, ref)
	}
	if order[len(order)-1] == 23 {
		t.Errorf("the heaviest item, last in the list, ran last")
	}
	if !slices.Equal(order[:16], []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}) {
		t.Errorf("the items before the list's last eight ran in the order %v; want the list's", order[:16])
	}
	if got := read(t, filepath.Join(out, "results.jsonl")); got != want {
		t.Errorf("results differ from the reference:\n%s\nwant:\n%s", got, want)
	}
}

// The first item goes to a worker as soon as it is read ahead, not once a
// window of items is: here reading the second item ahead waits until the
// first is being processed, which the old feeder, holding the first until
// eight were read ahead, never let happen (the test then hung).
func TestAheadFirstAtOnce(t *testing.T) {
	list, want := makeList(24)
	started := make(chan struct{})
	var once sync.Once
	out := t.TempDir()
	_, err := run(t, context.Background(), batch.Config{
		Out: out, Jobs: 1,
		Ahead: func(it batch.Item) int64 {
			if it.Index == 1 {
				<-started
			}
			return 1
		},
		Process: func(ctx context.Context, it batch.Item) (batch.Output, error) {
			once.Do(func() { close(started) })
			return fake(ctx, it)
		},
	}, list)
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "results.jsonl")); got != want {
		t.Errorf("results differ from the reference:\n%s\nwant:\n%s", got, want)
	}
}

// Ahead is called once with each item to run, before a worker runs it,
// and never with an item done in the journal (nor, with SkipFailed, one
// that failed).
func TestAhead(t *testing.T) {
	out := t.TempDir()
	first, _ := makeList(20)
	if _, err := run(t, context.Background(), batch.Config{Out: out}, first); err != nil {
		t.Fatal(err)
	}
	list, _ := makeList(40)
	// The items the second run runs: those that the first did not list,
	// and those that failed (all "bad"); the third, with SkipFailed, runs
	// none (the second failed the bad ones again).
	second := map[string]int{}
	for i := range 40 {
		switch {
		case i%7 == 3:
			second[fmt.Sprintf("bad-%d", i)] = 1
		case i >= 20:
			second[fmt.Sprintf("item-%d", i)] = 1
		}
	}
	for _, tc := range []struct {
		skipFailed bool
		want       map[string]int
	}{{false, second}, {true, map[string]int{}}} {
		var mu sync.Mutex
		ahead := map[string]int{}
		_, err := run(t, context.Background(), batch.Config{
			Out: out, SkipFailed: tc.skipFailed,
			Ahead: func(it batch.Item) int64 {
				// A worker that had the item already (were Ahead called
				// once it is queued) would run it meanwhile.
				runtime.Gosched()
				mu.Lock()
				ahead[it.Text]++
				mu.Unlock()
				return int64(it.Index % 5)
			},
			Process: func(ctx context.Context, it batch.Item) (batch.Output, error) {
				mu.Lock()
				n := ahead[it.Text]
				mu.Unlock()
				if n != 1 {
					t.Errorf("Process(%s) after %d calls of Ahead; want 1", it.Text, n)
				}
				return fake(ctx, it)
			},
		}, list)
		if err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(ahead, tc.want) {
			t.Errorf("SkipFailed %v: Ahead called with %v; want %v", tc.skipFailed, ahead, tc.want)
		}
	}
}

// A merge reads each item's data into the memory Room gives (a writer's
// buffer, which moves on only once Collect has taken the data), and
// Collect gets it there: the damaged later record of an item is read into
// the room first, and its earlier, good one then takes its place.
func TestMergeReadsIntoRoom(t *testing.T) {
	want, out, path, lines, done, damaged := recordedAgainDamaged(t)
	os.WriteFile(path, []byte(strings.Join(lines, "")+damaged), 0o644)
	buf := make([]byte, 1<<20)
	used := 0 // the bytes of buf Collect has taken
	var collected []string
	cfg := batch.MergeConfig{
		Out: out,
		Room: func(n int) []byte {
			if n > len(buf)-used {
				return nil
			}
			return buf[used : used+n]
		},
		Collect: func(it batch.Item, _ json.RawMessage, data []byte) error {
			if !bytes.Equal(data, wantData(it.Text)) {
				return fmt.Errorf("%s: data %.20q; want %.20q", it.Text, data, wantData(it.Text))
			}
			if len(data) > 0 && &data[0] != &buf[used] {
				return fmt.Errorf("%s: data not in the room Room gave", it.Text)
			}
			used += len(data)
			collected = append(collected, it.Text)
			return nil
		},
	}
	if _, err := batch.Merge(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "results.jsonl")); got != want {
		t.Errorf("results differ:\n%s\nwant:\n%s", got, want)
	}
	if len(collected) != len(done) {
		t.Errorf("%d items collected; want %d", len(collected), len(done))
	}
	var all []byte
	for _, text := range collected {
		all = append(all, wantData(text)...)
	}
	if !bytes.Equal(buf[:used], all) {
		t.Errorf("the room holds %.40q...; want every item's data in the order collected, %.40q...", buf[:used], all)
	}
}

// A run reads each done item's data into the memory Room gives, when it
// has room (a writer's buffer, which moves on only once Collect has taken
// the data), and else into its own: Collect gets the right data either
// way, and in the room when it was given. The buffer holds the data of
// one of the items 0 to 9 (36 bytes), and none of the later ones' (49).
func TestRunReadsIntoRoom(t *testing.T) {
	list, want := makeList(60)
	out := t.TempDir()
	buf := make([]byte, 45)
	used := 0 // the bytes of buf Collect has taken
	var inRoom, outside int
	var seg []byte // what Collect took from the room since the writer's buffer was new
	_, err := run(t, context.Background(), batch.Config{
		Out:     out,
		Jobs:    3,
		Process: fake,
		Room: func(n int) []byte {
			if n > len(buf)-used {
				used, seg = 0, seg[:0] // the writer's next buffer
				if n > len(buf) {
					return nil
				}
			}
			return buf[used : used+n]
		},
		Collect: func(it batch.Item, _ json.RawMessage, data []byte) error {
			if !bytes.Equal(data, wantData(it.Text)) {
				return fmt.Errorf("%s: data %.20q; want %.20q", it.Text, data, wantData(it.Text))
			}
			if len(data) > 0 && &data[0] == &buf[used] {
				used += len(data)
				inRoom++
				seg = append(seg, data...)
			} else {
				outside++
			}
			return nil
		},
	}, list)
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "results.jsonl")); got != want {
		t.Errorf("results differ:\n%s\nwant:\n%s", got, want)
	}
	if inRoom == 0 || outside == 0 {
		t.Errorf("%d items' data read into the room, %d not; want some of each", inRoom, outside)
	}
	if !bytes.Equal(buf[:used], seg) {
		t.Errorf("the room holds %.40q...; want the data of the items collected into it, %.40q...", buf[:used], seg)
	}
}

// Release gets each done item's data once the journal has written it, so
// that Process can make later items' data in its memory: every done
// item's data, once, as Process made it, and what the results and
// Collect get is what was written, not memory Process wrote over since.
func TestRelease(t *testing.T) {
	list, want := makeList(40)
	out := t.TempDir()
	var mu sync.Mutex
	var free [][]byte
	released := map[string]int{}
	_, err := run(t, context.Background(), batch.Config{
		Out: out,
		Process: func(ctx context.Context, it batch.Item) (batch.Output, error) {
			o, err := fake(ctx, it)
			mu.Lock()
			defer mu.Unlock()
			if n := len(free); n > 0 && err == nil {
				buf := free[n-1]
				free = free[:n-1]
				o.Data = append(buf[:0], o.Data...)
			}
			return o, err
		},
		Release: func(data []byte) {
			mu.Lock()
			defer mu.Unlock()
			released[string(data)]++
			for i := range data {
				data[i] = '#' // written over, as a later item's data would be
			}
			free = append(free, data)
		},
		Collect: func(it batch.Item, _ json.RawMessage, data []byte) error {
			if string(data) != string(wantData(it.Text)) {
				t.Errorf("item %d: Collect got data %.30q; want %.30q", it.Index, data, wantData(it.Text))
			}
			return nil
		},
	}, list)
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "results.jsonl")); got != want {
		t.Errorf("results differ from the reference")
	}
	if len(released) != 34 {
		t.Errorf("%d items' data released; want the 34 done", len(released))
	}
	for i := range 40 {
		text := fmt.Sprintf("item-%d", i)
		if i%7 == 3 {
			continue
		}
		if n := released[string(wantData(text))]; n != 1 {
			t.Errorf("%s: data released %d times; want once", text, n)
		}
	}
}

// A Collect error is told with its item, unless it names a file that
// cannot be written (a table on a full disk): then the item, none of its
// cause, is left out.
func TestCollectErrorItem(t *testing.T) {
	list, _ := makeList(5)
	missing := filepath.Join(t.TempDir(), "no such folder", "table")
	for _, tc := range []struct {
		err      func() error
		withItem bool
	}{
		{func() error { return errors.New("a count of -1") }, true},
		{func() error { return os.WriteFile(missing, nil, 0o644) }, false},
	} {
		_, err := run(t, context.Background(), batch.Config{
			Out:     t.TempDir(),
			Collect: func(batch.Item, json.RawMessage, []byte) error { return tc.err() },
		}, list)
		if err == nil || strings.HasPrefix(err.Error(), "item-0: ") != tc.withItem {
			t.Errorf("Collect failing with %v: Run's error %q; want it told with the item: %v", tc.err(), err, tc.withItem)
		}
	}
}

// A run asks Check of each line once (plan's pass; the feeder's and the
// results' look up what it said), but for a line it refused, whose error
// is asked for again by each pass that reports it.
func TestCheckOnce(t *testing.T) {
	var list strings.Builder
	for i := range 40 {
		if i%10 == 4 {
			fmt.Fprintf(&list, "refused-%d\n", i)
		} else {
			fmt.Fprintf(&list, "item-%d\n", i)
		}
	}
	var mu sync.Mutex
	asked := map[string]int{}
	check := func(s string) error {
		mu.Lock()
		asked[s]++
		mu.Unlock()
		if strings.HasPrefix(s, "refused") {
			return fmt.Errorf("%s: no", s)
		}
		return nil
	}
	out := t.TempDir()
	sum, err := run(t, context.Background(), batch.Config{Out: out, Jobs: 3, Check: check}, list.String())
	if err != nil {
		t.Fatal(err)
	}
	if sum.DoneNow != 36 || sum.Failed != 4 {
		t.Errorf("summary: %d done, %d failed; want 36 and 4", sum.DoneNow, sum.Failed)
	}
	for _, f := range sum.Failures {
		if !strings.Contains(f.Reason, "refused-") || !strings.HasSuffix(f.Reason, ": no") {
			t.Errorf("failure %+v; want Check's error", f)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for text, n := range asked {
		if !strings.HasPrefix(text, "refused") && n != 1 {
			t.Errorf("Check(%q) asked %d times; want once", text, n)
		}
	}
	if len(asked) != 40 {
		t.Errorf("Check asked of %d lines; want all 40", len(asked))
	}
}
