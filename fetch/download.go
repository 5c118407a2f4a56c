package fetch

import (
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/gutcount/gutcount/internal/fsx"
)

// Validators are what a conditional GET sends back to the server.
type Validators struct {
	ETag         string
	LastModified string
}

// DownloadOptions are the options of one download.
type DownloadOptions struct {
	// Cond, when set, makes the request conditional: a 304 leaves dst
	// alone (Result.NotModified).
	Cond *Validators
	// Check, when set, is called before the file is committed, with the
	// Content-Type and the first bytes of the decoded body (up to
	// CheckSize; none for an empty body). An error refuses the file:
	// nothing is committed, the .part is removed, nothing is retried, and
	// Download returns the error inside its *Error.
	Check func(contentType string, head []byte) error
	// Label names the download for Options.Progress [the URL's base name].
	Label string
}

// CheckSize is the most DownloadOptions.Check is shown of a body.
const CheckSize = 512

// Result describes a finished download.
type Result struct {
	URL          string // asked for
	FinalURL     string // after redirects
	ETag         string
	LastModified string
	ContentType  string
	Size         int64
	SHA256       string
	NotModified  bool // a conditional GET answered 304: nothing was written
	Attempts     int
	Resumed      bool // some bytes came from an earlier attempt
}

// partInfo is the sidecar of a .part file.
type partInfo struct {
	URL          string `json:"url"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	Offset       int64  `json:"offset"`
}

// PartSuffix names the file a download is written to until it is whole;
// its sidecar is NAME.part.json.
const PartSuffix = ".part"

const sidecarSuffix = PartSuffix + ".json"

// checkpointEvery is how often the offset of the .part is made durable
// while a body comes (or stalls); a download faster than that is synced
// once, at the end.
const checkpointEvery = time.Second

// download is the state of one Download across its attempts.
type download struct {
	c        *Client
	ctx      context.Context
	url, dst string // url without its credentials: the one shown
	part     string // dst + PartSuffix
	side     string // its sidecar, dst + sidecarSuffix
	o        DownloadOptions
	f        *os.File
	// mu serialises the writes to f with the checkpoints taken while a
	// read blocks.
	mu       sync.Mutex
	off      int64 // bytes of the .part known good
	sum      hash.Hash
	info     partInfo
	ckErr    error // a checkpoint that failed while a read blocked
	resume   bool  // the .part may be continued with Range
	res      Result
	progress Progress
	reason   error // why the last attempt failed, for OnRetry
}

// Download fetches rawURL into dst. A failure leaves dst as it was; a
// .part and its sidecar stay behind to be resumed, by a retry or a later
// Download, unless the failure makes them useless (a status that is not
// retried, the size limit, a full disk, a refusal by Check). Errors are
// *Error.
//
// Nothing is written through a symbolic link: whatever is at the .part
// and is not a regular file is replaced, the sidecar is written atomically
// beside it, and the .part is renamed over dst.
func (c *Client) Download(ctx context.Context, rawURL, dst string, o DownloadOptions) (*Result, error) {
	if c.opt.Deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, c.opt.Deadline, &DeadlineError{Limit: c.opt.Deadline})
		defer cancel()
	}
	d := &download{c: c, ctx: ctx, url: Redact(rawURL), dst: dst, part: dst + PartSuffix, side: dst + sidecarSuffix, o: o}
	d.res.URL = d.url
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // it would name the URL a second time
		}
		return nil, d.error(err, 0)
	}
	if sch := req.URL.Scheme; sch != "http" && sch != "https" {
		return nil, d.error(&SchemeError{Scheme: sch}, 0)
	}
	if err := d.open(); err != nil {
		return nil, d.error(err, 0)
	}
	defer d.f.Close()
	if c.opt.Progress != nil {
		if d.progress = c.opt.Progress(d.label(req.URL)); d.progress != nil {
			defer d.progress.Finish()
		}
	}
	d.prepare(req.Request)
	req.SetResponseHandler(d.handle)
	rc := c.retryClient(d)
	rc.PrepareRetry = func(r *http.Request) error { d.prepare(r); return nil }
	var last *http.Response
	rc.ErrorHandler = func(resp *http.Response, err error, n int) (*http.Response, error) {
		if resp != nil {
			last = resp
			resp.Body.Close()
			if err == nil {
				// Retries ran out on a retryable status.
				err = &StatusError{resp.StatusCode}
			}
		}
		if err == nil {
			err = errors.New("giving up")
		}
		d.res.Attempts = n
		return nil, err
	}
	rc.RequestLogHook = func(_ retryablehttp.Logger, r *http.Request, i int) {
		d.res.Attempts = i + 1
		if rg := r.Header.Get("Range"); rg != "" {
			c.logf("GET %s (attempt %d, %s, If-Range %s)", d.url, i+1, rg, r.Header.Get("If-Range"))
		} else {
			c.logf("GET %s (attempt %d)", d.url, i+1)
		}
	}
	resp, err := rc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			err = context.Cause(ctx)
		}
		d.fail(err)
		status := 0
		if last != nil {
			status = last.StatusCode
		}
		return nil, d.error(err, status)
	}
	resp.Body.Close()
	if d.res.NotModified {
		d.cleanup()
		return &d.res, nil
	}
	if err := d.check(); err != nil {
		c.logf("GET %s: refused: %v", d.url, err)
		d.cleanup()
		return nil, d.error(err, 0)
	}
	if err := d.commit(); err != nil {
		return nil, d.error(err, 0)
	}
	return &d.res, nil
}

// error makes err the *Error of this download, with the caller's hint.
func (d *download) error(err error, status int) *Error {
	if p, ok := err.(permanent); ok {
		err = p.err
	}
	e := &Error{URL: d.url, Status: status, Attempts: d.res.Attempts, Err: err}
	if d.c.opt.Hint != nil {
		e.Hint = d.c.opt.Hint(err)
	}
	return e
}

func (d *download) label(u *url.URL) string {
	if d.o.Label != "" {
		return d.o.Label
	}
	if b := path.Base(u.Path); b != "/" && b != "." {
		return b
	}
	return u.Host
}

// open opens the .part, continuing it when its sidecar says it belongs to
// this URL and has a validator to resume it safely.
func (d *download) open() error {
	if err := os.MkdirAll(filepath.Dir(d.dst), 0o755); err != nil {
		return permanent{err}
	}
	f, err := openPart(d.part)
	if err != nil {
		return permanent{err}
	}
	d.f = f
	d.sum = sha256.New()
	info, ok := readSidecar(d.side)
	if ok && info.URL == d.url && d.o.Cond == nil && info.Offset >= 0 &&
		(info.ETag != "" || info.LastModified != "") {
		if fi, err := f.Stat(); err == nil && fi.Size() >= info.Offset {
			// Bytes past the recorded offset were never synced: drop them.
			if err := f.Truncate(info.Offset); err == nil {
				if _, err := io.Copy(d.sum, io.NewSectionReader(f, 0, info.Offset)); err == nil {
					d.info, d.off, d.resume = info, info.Offset, info.Offset > 0
				}
			}
		}
	}
	if !d.resume {
		return d.restart()
	}
	_, err = f.Seek(d.off, io.SeekStart)
	return err
}

// restart empties the .part.
func (d *download) restart() error {
	d.off, d.resume = 0, false
	d.sum.Reset()
	d.info = partInfo{URL: d.url}
	if err := d.f.Truncate(0); err != nil {
		return permanent{err}
	}
	_, err := d.f.Seek(0, io.SeekStart)
	return err
}

// prepare sets the headers of each attempt.
func (d *download) prepare(r *http.Request) {
	r.Header.Set("User-Agent", d.c.opt.UserAgent)
	r.Header.Set("Accept-Encoding", "identity")
	r.Header.Del("Range")
	r.Header.Del("If-Range")
	if d.off > 0 && d.resume {
		r.Header.Set("Range", fmt.Sprintf("bytes=%d-", d.off))
		if d.info.ETag != "" {
			r.Header.Set("If-Range", d.info.ETag)
		} else if d.info.LastModified != "" {
			r.Header.Set("If-Range", d.info.LastModified)
		}
	}
	if cond := d.o.Cond; cond != nil {
		if cond.ETag != "" {
			r.Header.Set("If-None-Match", cond.ETag)
		}
		if cond.LastModified != "" {
			r.Header.Set("If-Modified-Since", cond.LastModified)
		}
	}
}

// checkRetry tells the failures a retry may fix from the others, and
// keeps the reason for OnRetry.
func (d *download) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		retry, err := classify(err)
		d.reason = err
		if !retry {
			d.c.logf("GET %s: %v (not retried)", d.url, err)
		}
		return retry, err
	}
	if !retryable(resp.StatusCode) {
		return false, nil
	}
	if err := d.c.statusVerdict(resp); errors.Is(err, ErrWaitTooLong) {
		return false, err
	}
	d.reason = &StatusError{resp.StatusCode}
	return true, nil
}

var contentRange = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^bytes (\d+)-(\d+)/(\d+|\*)$`) })

// handle reads one response into the .part. An error that is not permanent
// makes retryablehttp try again, and prepare then asks for the rest.
func (d *download) handle(resp *http.Response) error {
	defer resp.Body.Close()
	d.res.FinalURL = Redact(resp.Request.URL.String())
	total, err := d.status(resp)
	if err != nil || d.res.NotModified {
		return err
	}
	if total > d.c.opt.MaxSize {
		return permanent{&TooLargeError{Limit: d.c.opt.MaxSize, Size: total}}
	}
	body, total, gz, err := d.body(resp, total)
	if err != nil {
		return err
	}
	if d.off > 0 {
		d.res.Resumed = true
	}
	// Within this run a broken body is always resumed (If-Range guards
	// it when there is a validator); across runs only with a validator,
	// and from the offset of the last checkpoint.
	d.resume = !gz
	if d.progress != nil {
		d.progress.Start(total, d.off)
	}
	err = d.copy(body, resp.Body)
	if err == nil && total >= 0 && d.off != total {
		err = fmt.Errorf("body ended at %d of %d bytes", d.off, total)
	}
	if err != nil {
		if isPermanent(err) {
			return err
		}
		if gz {
			d.restart()
		}
		if cerr := d.checkpoint(); cerr != nil {
			return cerr
		}
		return err
	}
	return nil
}

// status reads the response's status: the size the file will have (-1
// when unknown), or an error for a status that brings no body to copy
// (a 304 answered with d.res.NotModified and no error). A 200 to a Range
// request, or a 206 whose Content-Range does not start where the .part
// ends, starts the .part again.
func (d *download) status(resp *http.Response) (total int64, err error) {
	total = -1
	switch resp.StatusCode {
	case http.StatusNotModified:
		if d.o.Cond == nil {
			return total, permanent{&StatusError{resp.StatusCode}}
		}
		d.res.NotModified = true
		return total, nil
	case http.StatusOK:
		if d.off > 0 {
			// The server ignored Range, or If-Range found the file changed.
			d.c.logf("GET %s: 200 to a Range request: starting again from byte 0", d.url)
			if err := d.restart(); err != nil {
				return total, err
			}
		}
		return resp.ContentLength, nil
	case http.StatusPartialContent:
		cr := resp.Header.Get("Content-Range")
		m := contentRange().FindStringSubmatch(cr)
		start := int64(-1)
		if m != nil {
			start, _ = strconv.ParseInt(m[1], 10, 64)
			if m[3] != "*" {
				total, _ = strconv.ParseInt(m[3], 10, 64)
			}
		}
		if m == nil || start != d.off || !d.resume {
			off := d.off
			if err := d.restart(); err != nil {
				return total, err
			}
			return total, fmt.Errorf("resume: Content-Range %q does not fit the .part at byte %d: starting again", cr, off)
		}
		if total < 0 && resp.ContentLength >= 0 {
			total = d.off + resp.ContentLength
		}
		return total, nil
	}
	return total, d.c.statusVerdict(resp)
}

// body records what the response says of the file (type, validators)
// and returns its body to copy: decoded, with its size unknown and never
// to be resumed (gz), when it came gzipped although identity was asked.
func (d *download) body(resp *http.Response, total int64) (body io.Reader, _ int64, gz bool, err error) {
	d.res.ContentType = resp.Header.Get("Content-Type")
	if resp.StatusCode == http.StatusOK {
		d.info = partInfo{URL: d.url, ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	}
	d.res.ETag, d.res.LastModified = d.info.ETag, d.info.LastModified
	if resp.Header.Get("Content-Encoding") != "gzip" {
		return resp.Body, total, false, nil
	}
	// Asked for identity, got gzip: decode it, but its offsets are not
	// the file's, so it is never resumed.
	d.c.logf("GET %s: gzip although identity was asked for: decoding it", d.url)
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		d.restart()
		return nil, total, true, err
	}
	d.info.ETag, d.info.LastModified = "", ""
	return zr, -1, true, nil
}

// copy streams body into the .part with the idle watchdog, the size limit
// and the checkpoints.
func (d *download) copy(body io.Reader, closer io.Closer) error {
	idle := d.c.opt.IdleTimeout
	stalled := make(chan struct{})
	var once sync.Once
	watchdog := time.AfterFunc(idle, func() {
		once.Do(func() { close(stalled) })
		closer.Close()
	})
	defer watchdog.Stop()
	slow := d.speedWatch(closer)
	defer slow.stop()
	stop, stopped := make(chan struct{}), make(chan struct{})
	go d.checkpoints(stop, stopped)
	defer func() { close(stop); <-stopped }()
	var w io.Writer = d.f
	if d.c.opt.WrapWriter != nil {
		w = d.c.opt.WrapWriter(w)
	}
	buf := make([]byte, 256<<10)
	for {
		n, rerr := body.Read(buf)
		if n > 0 {
			watchdog.Reset(idle)
			slow.got.Add(int64(n))
			if err := d.write(w, buf[:n]); err != nil {
				return err
			}
			if d.progress != nil {
				d.progress.Add(n)
			}
		}
		if rerr == io.EOF {
			return nil
		}
		if rerr != nil {
			select {
			case <-stalled:
				return &NetworkError{fmt.Errorf("no data for %s", idle)}
			default:
			}
			if err := slow.err(); err != nil {
				return &NetworkError{err}
			}
			return &NetworkError{rerr}
		}
	}
}

// speedWatch enforces the low-speed limit on one body: at the end of
// every window of Options.SpeedTime it closes the body if fewer bytes
// came than the limit asks.
type speedWatch struct {
	got   atomic.Int64 // bytes of the current window
	mu    sync.Mutex
	slow  *SlowError
	timer *time.Timer
}

func (d *download) speedWatch(closer io.Closer) *speedWatch {
	w := &speedWatch{}
	min, window := d.c.opt.MinSpeed, d.c.opt.SpeedTime
	if min < 0 {
		return w
	}
	need := int64(float64(min) * window.Seconds())
	var check func()
	check = func() {
		got := w.got.Swap(0)
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.timer == nil {
			return // stopped
		}
		if got < need {
			w.slow = &SlowError{Got: got, Window: window, Min: min}
			closer.Close()
			return
		}
		w.timer = time.AfterFunc(window, check)
	}
	w.mu.Lock()
	w.timer = time.AfterFunc(window, check)
	w.mu.Unlock()
	return w
}

func (w *speedWatch) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.timer != nil {
		w.timer.Stop()
		w.timer = nil
	}
}

// err is the *SlowError that closed the body, nil if none did.
func (w *speedWatch) err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.slow == nil {
		return nil
	}
	return w.slow
}

// write appends p to the .part.
func (d *download) write(w io.Writer, p []byte) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ckErr != nil {
		return d.ckErr
	}
	if d.off+int64(len(p)) > d.c.opt.MaxSize {
		return permanent{&TooLargeError{Limit: d.c.opt.MaxSize, Size: -1}}
	}
	if _, err := w.Write(p); err != nil {
		return permanent{pathError("write", d.part, err)}
	}
	d.sum.Write(p)
	d.off += int64(len(p))
	// A fast body is checkpointed every 64 MiB too, so that a killed
	// process loses little of it.
	if d.off-d.info.Offset >= 64<<20 {
		return d.checkpointLocked()
	}
	return nil
}

// checkpoints makes the offset durable every checkpointEvery until stop
// is closed, also while a read blocks: a process killed during a stall
// keeps what came before it.
func (d *download) checkpoints(stop <-chan struct{}, stopped chan<- struct{}) {
	defer close(stopped)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			d.mu.Lock()
			if d.ckErr == nil && d.off != d.info.Offset {
				d.ckErr = d.checkpointLocked()
			}
			d.mu.Unlock()
		}
	}
}

// checkpoint makes the .part durable up to d.off and records the offset.
func (d *download) checkpoint() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.checkpointLocked()
}

func (d *download) checkpointLocked() error {
	if err := d.f.Sync(); err != nil {
		return permanent{pathError("sync", d.part, err)}
	}
	info := d.info
	info.Offset = d.off
	b, _ := json.Marshal(info)
	if err := fsx.WriteFile(d.side, b, 0o644); err != nil {
		return permanent{err}
	}
	d.info = info
	return nil
}

// check shows Check the Content-Type and the head of the whole body.
func (d *download) check() error {
	if d.o.Check == nil {
		return nil
	}
	head := make([]byte, CheckSize)
	n, err := d.f.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return pathError("read", d.part, err)
	}
	return d.o.Check(d.res.ContentType, head[:n])
}

// commit makes the .part the file: renamed over dst, which replaces
// whatever is there (a symbolic link included) and follows nothing.
func (d *download) commit() error {
	if err := d.f.Sync(); err != nil {
		return pathError("sync", d.part, err)
	}
	if err := d.f.Close(); err != nil {
		return err
	}
	if err := os.Rename(d.part, d.dst); err != nil {
		return err
	}
	os.Remove(d.side)
	d.res.Size = d.off
	d.res.SHA256 = hex.EncodeToString(d.sum.Sum(nil))
	return fsx.SyncDir(filepath.Dir(d.dst))
}

// fail removes the .part when keeping it serves nothing: when it holds
// nothing, or the failure is one a later run would meet again. It keeps
// it when the network or the server may mend, and on Ctrl-C.
func (d *download) fail(err error) {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		d.cleanup() // free the space, whatever else happened
	case d.ctx.Err() != nil:
	case d.off == 0:
		d.cleanup()
	case !isPermanent(err), errors.As(err, new(*NetworkError)), errors.Is(err, ErrWaitTooLong):
	default:
		d.cleanup()
	}
}

func (d *download) cleanup() {
	d.f.Close()
	os.Remove(d.part)
	os.Remove(d.side)
}

// pathError is err about the file name, which it names once: an
// *os.PathError from the file already does.
func pathError(op, name string, err error) error {
	if errors.As(err, new(*os.PathError)) {
		return err
	}
	return &os.PathError{Op: op, Path: name, Err: err}
}
