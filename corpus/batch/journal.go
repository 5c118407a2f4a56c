package batch

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gutcount/gutcount/corpus/lock"
	"github.com/gutcount/gutcount/internal/fsx"
)

// Record is one line of a journal: an item that finished.
type Record struct {
	Item   string          `json:"item"`
	Status string          `json:"status"` // "done" or "failed"
	Error  string          `json:"error,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	// Data is where the item's data lies in the batch's data file: its
	// offset and length.
	Data []int64 `json:"data,omitempty"`
	// Sum is a checksum of a done record's item, result and data
	// (recordSum): a record whose result was edited, whose data was
	// damaged or which points at another item's data does not match it,
	// and is set aside like a line that does not parse. Records of
	// earlier versions have none and are taken as they are.
	Sum string `json:"sum,omitempty"`
}

// recordSum is the checksum of a done record: CRC-32C of its item, its
// compacted result and its data.
func recordSum(item string, result json.RawMessage, data []byte) string {
	h := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	h.Write([]byte(item))
	h.Write([]byte{0})
	h.Write(compact(result))
	h.Write([]byte{0})
	h.Write(data)
	return fmt.Sprintf("%08x", h.Sum32())
}

// sumMatches reports whether rec, a record of a journal whose data file is
// data (of size bytes), matches its checksum; a record without one does
// unless the journal's header says its records have one (sums). The data
// is read into *buf, when buf is not nil, which keeps the larger memory.
func sumMatches(rec Record, data io.ReaderAt, size int64, sums bool, buf *[]byte) bool {
	if rec.Status != "done" || !rec.dataWithin(size) {
		return true // the record's other checks decide
	}
	if rec.Sum == "" {
		return !sums
	}
	var b []byte
	if rec.Data != nil {
		if data == nil {
			return false
		}
		var into []byte
		if buf != nil {
			into = *buf
		}
		var err error
		if b, err = readData(data, rec, into); err != nil {
			return false
		}
		if buf != nil && cap(b) > cap(into) {
			*buf = b
		}
	}
	return recordSum(rec.Item, rec.Result, b) == rec.Sum
}

// header is the first line of a journal: what the batch was run with, so
// that a rerun with other settings cannot mix its results with these.
type header struct {
	Batch *batchHeader `json:"batch"`
}

type batchHeader struct {
	Shard    string          `json:"shard"`
	Settings json.RawMessage `json:"settings"`
	// Sums is set in the journals of versions that write a checksum
	// in every done record: in those, a done record without one was
	// edited, and is set aside.
	Sums bool `json:"sums,omitempty"`
}

// entry is where an item's last record lies in the journal.
type entry struct {
	off    int64
	len    int32
	failed bool
}

// journal is a batch's append-only record of finished items, one JSON line
// each, synced to disk before the item counts as done. One runner holds
// its lock (the journal's path + ".lock"); records of items that finish
// at about the same time share one fsync.
type journal struct {
	path  string
	valid func(json.RawMessage) error // Config.Valid
	f     *os.File                    // O_APPEND
	data  *os.File                    // the data file, O_APPEND; read with ReadAt
	dsize int64                       // its size: where the next item's data goes
	r     *os.File                    // for reading records back
	lock  heldLocks
	size  int64 // where the next record goes (only the holder appends)
	start int64 // the size before this run: older records are from earlier runs

	mu    sync.Mutex
	index map[itemKey]entry
	// changed is signalled (on mu) when records are committed and when
	// the run ends (ended): settled waits on it.
	changed *sync.Cond
	ended   bool

	reqs  chan appendReq
	wrote chan struct{}
	// pace is the writer's beat: records that come within it of the
	// last commit wait to share the next one, unless a caller waits for
	// one of them: waiting counts such callers, and each rings hurry as
	// it starts. A ring can outlast its caller (its record was committed
	// as it rang), so the writer heeds one only while waiting is above 0.
	pace    time.Duration
	hurry   chan struct{}
	waiting atomic.Int32
	// release, when set, is given each record's data once written
	// (Config.Release).
	release func([]byte)
	notes   []string // lines set aside when the journal was opened

	// sync makes a write durable (fsx.Sync); a test replaces it
	// to see each record synced before it counts as done.
	sync func(*os.File) error
	// broken is the error of an append that could not be undone: the
	// files' sizes are no longer those kept, so nothing more is appended.
	broken error
}

type appendReq struct {
	rec  Record
	data []byte
	done chan error
}

// BusyError is a journal that another runner holds.
type BusyError struct {
	Out     string // the batch's folder
	Journal string
	Shard   Shard
	Owner   lock.Owner
}

func (e *BusyError) Error() string {
	if e.Shard == All {
		return fmt.Sprintf("the batch in %s is already being run (%s)", e.Out, e.Owner)
	}
	return fmt.Sprintf("shard %d/%d of %s is already being run (%s)", e.Shard.K, e.Shard.N, e.Out, e.Owner)
}

// SettingsError is a journal made with other settings than this run's.
type SettingsError struct {
	Journal, Theirs, Ours string
}

func (e *SettingsError) Error() string {
	return fmt.Sprintf("journal %s was made with other settings (%s, not %s): use another output folder, or remove it to start again", e.Journal, e.Theirs, e.Ours)
}

// openJournal takes the lock of the journal at path, cuts a torn last
// line, sets aside lines that are not records (into path + ".bad"; their
// items simply run again), checks that the journal was made with settings
// and indexes its records. A new journal starts with a header.
func openJournal(out, path, dataPath string, shard Shard, settings json.RawMessage, valid func(json.RawMessage) error) (*journal, error) {
	// The journal's lock; and with a journal elsewhere (--journal), the
	// lock of the folder's own journal as well: the data file, the
	// results and the tables are the folder's whatever the journal, and
	// two runners with two journals appended to one data file, each
	// reading the other's blocks as its own.
	paths := []string{path}
	if own := pathsOf(out, "", shard).journal; !sameFile(own, path) {
		paths = append(paths, own)
	}
	var l heldLocks
	for _, p := range paths {
		pl, err := lock.TryExclusive(p + ".lock")
		var busy *lock.BusyError
		if errors.As(err, &busy) {
			l.Unlock()
			return nil, &BusyError{Out: out, Journal: p, Shard: shard, Owner: busy.Owner}
		}
		if err != nil {
			l.Unlock()
			return nil, err
		}
		l = append(l, pl)
	}
	var err error
	j := &journal{path: path, lock: l, index: map[itemKey]entry{}, valid: valid, sync: fsx.Sync}
	if j.data, err = fsx.OpenPlain(dataPath, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o644); err != nil {
		l.Unlock()
		return nil, err
	}
	fi, err := j.data.Stat()
	if err != nil {
		j.data.Close()
		l.Unlock()
		return nil, err
	}
	j.dsize = fi.Size()
	if err := j.repair(); err != nil {
		j.data.Close()
		l.Unlock()
		return nil, err
	}
	if err := j.replay(shard, settings); err != nil {
		j.data.Close()
		l.Unlock()
		return nil, err
	}
	if j.f, err = fsx.OpenPlain(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err != nil {
		j.data.Close()
		l.Unlock()
		return nil, err
	}
	if j.r, err = fsx.OpenPlain(path, os.O_RDONLY, 0); err != nil {
		j.f.Close()
		j.data.Close()
		l.Unlock()
		return nil, err
	}
	if j.size == 0 {
		h := header{Batch: &batchHeader{Shard: fmt.Sprintf("%d/%d", shard.K, shard.N), Settings: settings, Sums: true}}
		b, _ := json.Marshal(h)
		if err := j.write(append(b, '\n')); err != nil {
			j.close()
			return nil, err
		}
	}
	j.start = j.size
	j.changed = sync.NewCond(&j.mu)
	j.reqs = make(chan appendReq, maxCommit)
	j.wrote = make(chan struct{})
	j.hurry = make(chan struct{}, 1)
	j.pace = pace
	go j.writer()
	return j, nil
}

// eachLine calls fn with every line of the file at path and its offset;
// a last line without a newline is passed with torn set.
func eachLine(path string, fn func(off int64, line []byte, torn bool) error) error {
	f, err := fsx.OpenPlain(path, os.O_RDONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 256<<10)
	var off int64
	var long []byte
	for {
		b, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			long = append(long[:0], b...)
			for errors.Is(err, bufio.ErrBufferFull) {
				b, err = br.ReadSlice('\n')
				long = append(long, b...)
			}
			b = long
		}
		if err != nil && err != io.EOF {
			return err
		}
		if len(b) > 0 {
			if ferr := fn(off, b, err == io.EOF); ferr != nil {
				return ferr
			}
		}
		off += int64(len(b))
		if err == io.EOF {
			return nil
		}
	}
}

// parse reads a journal line: a record, a header, or neither (bad). A
// record is valid when it names an item and a status; a done one has a
// result, a JSON object that valid (when not nil) accepts, and its data,
// if any, is an offset and a length (dataWithin checks them against the
// data file).
func parse(line []byte, valid func(json.RawMessage) error) (rec Record, h header, ok bool) {
	line = bytes.TrimSuffix(line, []byte("\n"))
	if json.Unmarshal(line, &rec) == nil && rec.Item != "" && (rec.Status == "done" || rec.Status == "failed") {
		if rec.Status == "failed" || isObject(rec.Result) && rec.dataWithin(math.MaxInt64) && (valid == nil || valid(rec.Result) == nil) {
			return rec, h, true
		}
		return Record{}, header{}, false
	}
	if json.Unmarshal(line, &h) == nil && h.Batch != nil {
		return Record{}, h, true
	}
	return Record{}, header{}, false
}

// repair cuts a torn last line (a runner killed while writing it) and
// moves lines that are not records to path + ".bad", rewriting the journal
// without them: two runners that once wrote one journal at the same time
// leave such lines, and a journal must always reopen.
func (j *journal) repair() error {
	var bad []int64
	why := map[int64]string{}
	sums := false
	var torn int64 = -1
	err := eachLine(j.path, func(off int64, line []byte, isTorn bool) error {
		if isTorn {
			torn = off
			return nil
		}
		rec, h, ok := parse(line, j.valid)
		if h.Batch != nil {
			sums = h.Batch.Sums
		}
		if !ok {
			bad = append(bad, off)
			why[off] = "is not a record"
		} else if !sumMatches(rec, j.data, j.dsize, sums, nil) {
			bad = append(bad, off)
			why[off] = "does not match its checksum (its result or its data changed)"
		}
		return nil
	})
	if err != nil {
		return err
	}
	if torn >= 0 {
		if err := os.Truncate(j.path, torn); err != nil {
			return err
		}
	}
	if len(bad) == 0 {
		return nil
	}
	good, err := fsx.Create(j.path, 0o644)
	if err != nil {
		return err
	}
	defer good.Abort()
	set, err := fsx.OpenPlain(j.path+".bad", os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	defer set.Close()
	gw := bufio.NewWriterSize(good, 256<<10)
	next := 0
	err = eachLine(j.path, func(off int64, line []byte, _ bool) error {
		if next < len(bad) && bad[next] == off {
			next++
			j.notes = append(j.notes, fmt.Sprintf("journal %s: the line at byte %d %s: set aside in %s.bad; its item runs again", j.path, off, why[off], j.path))
			_, err := set.Write(line)
			return err
		}
		_, err := gw.Write(line)
		return err
	})
	if err == nil {
		err = gw.Flush()
	}
	if err == nil {
		err = set.Sync()
	}
	if err != nil {
		return err
	}
	return good.Commit()
}

// replay indexes the records and checks the header's settings.
func (j *journal) replay(shard Shard, settings json.RawMessage) error {
	want := fmt.Sprintf("%d/%d", shard.K, shard.N)
	return eachLine(j.path, func(off int64, line []byte, _ bool) error {
		j.size = off + int64(len(line))
		rec, h, _ := parse(line, j.valid)
		if h.Batch != nil {
			if h.Batch.Shard != want {
				return &SettingsError{j.path, "shard " + h.Batch.Shard, "shard " + want}
			}
			if !bytes.Equal(compact(h.Batch.Settings), compact(settings)) {
				return &SettingsError{j.path, string(compact(h.Batch.Settings)), string(compact(settings))}
			}
			return nil
		}
		if !rec.dataWithin(j.dsize) {
			// Its data was lost (a data file cut or replaced): the
			// item runs again.
			j.notes = append(j.notes, fmt.Sprintf("journal %s: the record at byte %d points past the end of the data file: its item runs again", j.path, off))
			return nil
		}
		j.index[keyOf(rec.Item)] = entry{off: off, len: int32(len(line)), failed: rec.Status == "failed"}
		return nil
	})
}

// dataWithin reports whether the record's data, if any, lies within a
// data file of size bytes.
func (rec *Record) dataWithin(size int64) bool {
	if rec.Data == nil {
		return true
	}
	return len(rec.Data) == 2 && rec.Data[0] >= 0 && rec.Data[1] >= 0 && rec.Data[1] <= math.MaxInt32 && rec.Data[0] <= size-rec.Data[1]
}

func compact(b json.RawMessage) []byte {
	var out bytes.Buffer
	if json.Compact(&out, b) != nil {
		return b
	}
	return out.Bytes()
}

// write appends b and syncs it.
func (j *journal) write(b []byte) error {
	if _, err := j.f.Write(b); err != nil {
		return j.undo(j.f, j.size, err)
	}
	if err := j.sync(j.f); err != nil {
		return j.undo(j.f, j.size, err)
	}
	j.size += int64(len(b))
	return nil
}

// undo cuts f back to size after an append that failed (part of it may
// be written), so that the offsets kept stay those of the file; when it
// cannot, the journal takes no more appends.
func (j *journal) undo(f *os.File, size int64, err error) error {
	if terr := f.Truncate(size); terr != nil {
		j.broken = err
	}
	return err
}

// writer appends the records sent to reqs: all those that come within a
// beat (pace) of the last commit go in one write and one fsync of the
// data file, then one of the journal (group commit), and each caller
// learns once its record is on disk. An item's data is on disk before its
// record. A caller about to wait for its record asks for the commit at
// once (wait), so the beat only gathers records nobody waits for yet.
//
// Why a beat: the workers keep every core counting, so the writer runs
// when the runtime preempts one of them, and its fsyncs then hold that
// worker's core (the P stays with the system call until sysmon takes it
// back, which in a busy process it seldom does in time). Committing each
// time it came round, the writer made about ninety commits in a 400-book
// run; with a beat of 50 ms, about twenty, and the run took 2-4% less.
func (j *journal) writer() {
	defer close(j.wrote)
	var last time.Time
	beat := time.NewTimer(time.Hour) // stopped: set for each beat
	beat.Stop()
	for req := range j.reqs {
		batch := []appendReq{req}
		if wait := time.Until(last.Add(j.pace)); wait > 0 && j.waiting.Load() == 0 {
			beat.Reset(wait)
		gather:
			for len(batch) < maxCommit {
				select {
				case r, ok := <-j.reqs:
					if !ok {
						break gather
					}
					batch = append(batch, r)
				case <-beat.C:
					break gather
				case <-j.hurry:
					if j.waiting.Load() > 0 {
						break gather
					}
				}
			}
			beat.Stop()
		}
	more:
		for len(batch) < maxCommit {
			select {
			case r, ok := <-j.reqs:
				if !ok {
					break more
				}
				batch = append(batch, r)
			default:
				break more
			}
		}
		err := j.commit(batch)
		last = time.Now()
		for _, r := range batch {
			if j.release != nil && r.data != nil {
				j.release(r.data)
			}
			r.done <- err
		}
	}
}

// pace is the journal writer's beat (journal.pace).
const pace = 50 * time.Millisecond

// maxCommit is the most records one commit writes.
const maxCommit = 1024

// wait returns what done (from send) gives: nil once the record is
// durable, or the error that stopped it. If it is not durable yet, the
// writer is asked to commit what it holds now.
func (j *journal) wait(done <-chan error) error {
	select {
	case err := <-done:
		return err
	default:
	}
	j.waiting.Add(1)
	defer j.waiting.Add(-1)
	select {
	case j.hurry <- struct{}{}:
	default: // asked already
	}
	return <-done
}

// commit writes the data and then the records of batch.
func (j *journal) commit(batch []appendReq) error {
	if j.broken != nil {
		return j.broken
	}
	var lines []byte
	doff := j.dsize
	for i := range batch {
		r := &batch[i]
		if r.rec.Status == "done" {
			r.rec.Sum = recordSum(r.rec.Item, r.rec.Result, r.data)
		}
		if r.data != nil {
			// Each block is written as it is: copied into one, the blocks
			// of a large commit would cost as much again.
			r.rec.Data = []int64{doff, int64(len(r.data))}
			if _, err := j.data.Write(r.data); err != nil {
				return j.undo(j.data, j.dsize, err)
			}
			doff += int64(len(r.data))
		}
	}
	if doff > j.dsize {
		if err := j.sync(j.data); err != nil {
			return j.undo(j.data, j.dsize, err)
		}
		j.dsize = doff
	}
	ends := make([]int, len(batch))
	for i := range batch {
		b, err := json.Marshal(batch[i].rec)
		if err != nil {
			return err
		}
		lines = append(append(lines, b...), '\n')
		ends[i] = len(lines)
	}
	off := j.size
	if err := j.write(lines); err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	start := 0
	for i, r := range batch {
		j.index[keyOf(r.rec.Item)] = entry{off: off + int64(start), len: int32(ends[i] - start), failed: r.rec.Status == "failed"}
		start = ends[i]
	}
	j.changed.Broadcast()
	return nil
}

// settled returns a lookup for the items of a run going on: an item the
// run is to run (one with no record, or whose record from an earlier run
// is a failure, unless skipFailed) is waited for until this run's record
// of it is committed, or the run ends (end) without one.
func (j *journal) settled(skipFailed bool) func(itemKey) (entry, bool) {
	return func(k itemKey) (entry, bool) {
		j.mu.Lock()
		defer j.mu.Unlock()
		for {
			e, ok := j.index[k]
			if j.ended || ok && (e.off >= j.start || !e.failed || skipFailed) {
				return e, ok
			}
			j.changed.Wait()
		}
	}
}

// end tells settled's lookups that the run is over: no more records
// come.
func (j *journal) end() {
	j.mu.Lock()
	j.ended = true
	j.mu.Unlock()
	j.changed.Broadcast()
}

// append writes rec, and data if not nil, and returns once they are
// durable.
func (j *journal) append(rec Record, data []byte) error {
	return j.wait(j.send(rec, data))
}

// send hands rec, and data if not nil, to the writer: the channel it
// returns gives nil once they are durable, or the error that stopped them.
func (j *journal) send(rec Record, data []byte) <-chan error {
	done := make(chan error, 1)
	j.reqs <- appendReq{rec: rec, data: data, done: done}
	return done
}

// lookup returns the entry of an item's last record.
func (j *journal) lookup(k itemKey) (entry, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	e, ok := j.index[k]
	return e, ok
}

// read returns the record at e, which must be item's. Its result is not
// vetted again (Config.Valid): the record was as the journal was opened,
// or this run made it.
func (j *journal) read(e entry, item string) (Record, error) {
	return readRecord(j.r, j.path, e, item, nil)
}

// readData returns rec's data from the data file r (nil if it has none),
// in buf's memory if it has room.
func readData(r io.ReaderAt, rec Record, buf []byte) ([]byte, error) {
	if rec.Data == nil {
		return nil, nil
	}
	b := buf[:0]
	if int64(cap(b)) < rec.Data[1] {
		b = make([]byte, rec.Data[1])
	}
	b = b[:rec.Data[1]]
	_, err := r.ReadAt(b, rec.Data[0])
	return b, err
}

func readRecord(r io.ReaderAt, path string, e entry, item string, valid func(json.RawMessage) error) (Record, error) {
	b := make([]byte, e.len)
	if _, err := r.ReadAt(b, e.off); err != nil {
		return Record{}, err
	}
	rec, _, ok := parse(b, valid)
	if !ok || rec.Item != item {
		return Record{}, fmt.Errorf("journal %s changed while it was read (at byte %d): run the batch again", path, e.off)
	}
	return rec, nil
}

// sameFile reports whether paths a and b name one file: the same name in
// the same directory, however spelled (a lock taken twice in one process,
// through two names, would refuse itself).
func sameFile(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	if filepath.Base(a) != filepath.Base(b) {
		return false
	}
	da, err := os.Stat(filepath.Dir(a))
	if err != nil {
		return false
	}
	db, err := os.Stat(filepath.Dir(b))
	return err == nil && os.SameFile(da, db)
}

// heldLocks are the locks a journal holds (openJournal).
type heldLocks []*lock.Lock

// Unlock releases them all, and returns the first error.
func (h heldLocks) Unlock() error {
	var first error
	for _, l := range h {
		if err := l.Unlock(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// close stops the writer and releases the journal.
func (j *journal) close() error {
	if j.reqs != nil {
		close(j.reqs)
		<-j.wrote
	}
	err := j.f.Close()
	j.data.Close()
	if j.r != nil {
		j.r.Close()
	}
	if uerr := j.lock.Unlock(); err == nil {
		err = uerr
	}
	return err
}
