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
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Validators are what a conditional GET sends back to the server.
type Validators struct {
	ETag         string
	LastModified string
}

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

// PartSuffix names the file a download is written to until it is whole.
const PartSuffix = ".part"

// download is the state of one Download across its attempts.
type download struct {
	c        *Client
	ctx      context.Context
	url, dst string
	part     string
	f        *os.File
	off      int64 // bytes of the .part known good
	sum      hash.Hash
	info     partInfo
	resume   bool // the .part may be continued with Range
	cond     *Validators
	check    func(contentType string, head []byte) error
	res      Result
	progress Progress
}

// DownloadOptions are the options of one download.
type DownloadOptions struct {
	// Cond, when set, makes the request conditional: a 304 leaves dst alone
	// (Result.NotModified).
	Cond *Validators
	// Check, when set, vets the body before it is committed, given the
	// Content-Type and the first bytes of the body (up to 512; none for
	// an empty body). An error refuses the file: nothing is committed.
	Check func(contentType string, head []byte) error
	// Label names the download for progress bars (default: the URL).
	Label string
}

// Download fetches url into dst. A failure leaves dst as it was; a .part
// and its sidecar stay behind to be resumed unless the failure makes them
// useless (a permanent HTTP status, the size limit, a full disk).
func (c *Client) Download(ctx context.Context, rawURL, dst string, o DownloadOptions) (*Result, error) {
	d := &download{c: c, ctx: ctx, url: rawURL, dst: dst, part: dst + PartSuffix, cond: o.Cond, check: o.Check}
	d.res.URL = rawURL
	if err := d.open(); err != nil {
		return nil, &Error{URL: rawURL, Err: err}
	}
	defer d.f.Close()
	if c.opt.Progress != nil {
		d.progress = c.opt.Progress(rawURL)
		defer d.progress.Finish()
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, &Error{URL: rawURL, Err: permanent{err}}
	}
	d.prepare(req.Request)
	req.SetResponseHandler(d.handle)
	rc := c.retryable()
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
	rc.RequestLogHook = func(_ retryablehttp.Logger, _ *http.Request, i int) { d.res.Attempts = i + 1 }
	resp, err := rc.Do(req)
	if err != nil {
		d.fail(err)
		e := &Error{URL: rawURL, Attempts: d.res.Attempts, Err: err}
		if last != nil {
			e.Status = last.StatusCode
		}
		if ctx.Err() != nil {
			e.Err = ctx.Err()
		}
		return nil, e
	}
	resp.Body.Close()
	if d.res.NotModified {
		d.cleanup()
		return &d.res, nil
	}
	if err := d.commit(); err != nil {
		return nil, &Error{URL: rawURL, Err: err}
	}
	return &d.res, nil
}

// open opens the .part, continuing it when its sidecar says it belongs to
// this URL and has a validator to resume it safely.
func (d *download) open() error {
	if err := os.MkdirAll(filepath.Dir(d.dst), 0o755); err != nil {
		return permanent{err}
	}
	f, err := os.OpenFile(d.part, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return permanent{err}
	}
	d.f = f
	d.sum = sha256.New()
	var info partInfo
	b, err := os.ReadFile(d.part + ".json")
	if err == nil && json.Unmarshal(b, &info) == nil && info.URL == d.url && d.cond == nil &&
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
	if d.cond != nil {
		if d.cond.ETag != "" {
			r.Header.Set("If-None-Match", d.cond.ETag)
		}
		if d.cond.LastModified != "" {
			r.Header.Set("If-Modified-Since", d.cond.LastModified)
		}
	}
}

var contentRange = regexp.MustCompile(`^bytes (\d+)-(\d+)/(\d+|\*)$`)

// handle reads one response into the .part. An error that is not permanent
// makes retryablehttp try again, and prepare then asks for the rest.
func (d *download) handle(resp *http.Response) error {
	defer resp.Body.Close()
	d.res.FinalURL = resp.Request.URL.String()
	total := int64(-1)
	switch resp.StatusCode {
	case http.StatusNotModified:
		if d.cond == nil {
			return permanent{&StatusError{resp.StatusCode}}
		}
		d.res.NotModified = true
		return nil
	case http.StatusOK:
		if d.off > 0 {
			// The server ignored Range, or If-Range found the file changed.
			if err := d.restart(); err != nil {
				return err
			}
		}
		total = resp.ContentLength
	case http.StatusPartialContent:
		m := contentRange.FindStringSubmatch(resp.Header.Get("Content-Range"))
		start := int64(-1)
		if m != nil {
			start, _ = strconv.ParseInt(m[1], 10, 64)
			if m[3] != "*" {
				total, _ = strconv.ParseInt(m[3], 10, 64)
			}
		}
		if m == nil || start != d.off || !d.resume {
			if err := d.restart(); err != nil {
				return err
			}
			return errors.New("resume: Content-Range does not fit the .part; starting again")
		}
		if total < 0 && resp.ContentLength >= 0 {
			total = d.off + resp.ContentLength
		}
	default:
		// Here after checkRetry gave up on the status: say why.
		if wait, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok && wait > d.c.opt.MaxWait {
			return permanent{fmt.Errorf("%w: %w (Retry-After %s, --max-wait %s)",
				&StatusError{resp.StatusCode}, ErrWaitTooLong, wait.Round(time.Second), d.c.opt.MaxWait)}
		}
		return permanent{&StatusError{resp.StatusCode}}
	}
	if total > d.c.opt.MaxSize {
		return permanent{fmt.Errorf("%d bytes: %w", total, ErrTooLarge)}
	}
	d.res.ContentType = resp.Header.Get("Content-Type")
	if resp.StatusCode == http.StatusOK {
		d.info = partInfo{URL: d.url, ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	}
	d.res.ETag, d.res.LastModified = d.info.ETag, d.info.LastModified
	var body io.Reader = resp.Body
	gz := resp.Header.Get("Content-Encoding") == "gzip"
	if gz {
		// Asked for identity, got gzip: decode it, but its offsets are
		// not the file's, so it is never resumed.
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			d.restart()
			return err
		}
		body, total = zr, -1
		d.info.ETag, d.info.LastModified = "", ""
	}
	if d.off > 0 {
		d.res.Resumed = true
	}
	// Within this run a broken body is always resumed (If-Range guards
	// it when there is a validator); across runs only with a validator,
	// and from the offset of the last checkpoint (the first comes after a
	// second: a fast download is synced once, at the end).
	d.resume = !gz
	if d.progress != nil {
		d.progress.Start(total, d.off)
	}
	err := d.copy(body, resp.Body)
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

// copy streams body into the .part with the idle watchdog and size limit.
func (d *download) copy(body io.Reader, closer io.Closer) error {
	idle := d.c.opt.IdleTimeout
	stalled := make(chan struct{})
	watchdog := time.AfterFunc(idle, func() { close(stalled); closer.Close() })
	defer watchdog.Stop()
	var w io.Writer = d.f
	if d.c.opt.WrapWriter != nil {
		w = d.c.opt.WrapWriter(w)
	}
	buf := make([]byte, 256<<10)
	sinceSync, lastSync := int64(0), time.Now()
	for {
		n, rerr := body.Read(buf)
		if n > 0 {
			watchdog.Reset(idle)
			if d.off+int64(n) > d.c.opt.MaxSize {
				return permanent{fmt.Errorf("more than %d bytes: %w", d.c.opt.MaxSize, ErrTooLarge)}
			}
			if _, werr := w.Write(buf[:n]); werr != nil {
				return permanent{fmt.Errorf("write %s: %w", d.part, werr)}
			}
			d.sum.Write(buf[:n])
			d.off += int64(n)
			sinceSync += int64(n)
			if d.progress != nil {
				d.progress.Add(n)
			}
			// Record a durable offset every second (or 64 MiB), so a killed
			// process loses little and a fast download is synced once.
			if sinceSync >= 64<<20 || time.Since(lastSync) >= time.Second {
				if err := d.checkpoint(); err != nil {
					return err
				}
				sinceSync, lastSync = 0, time.Now()
			}
		}
		if rerr == io.EOF {
			return nil
		}
		if rerr != nil {
			select {
			case <-stalled:
				return fmt.Errorf("no data for %s: %w", idle, rerr)
			default:
				return rerr
			}
		}
	}
}

// checkpoint makes the .part durable up to d.off and records the offset.
func (d *download) checkpoint() error {
	if err := d.f.Sync(); err != nil {
		return permanent{fmt.Errorf("sync %s: %w", d.part, err)}
	}
	d.info.Offset = d.off
	b, _ := json.Marshal(d.info)
	if err := WriteFileAtomic(d.part+".json", b); err != nil {
		return permanent{err}
	}
	return nil
}

// commit makes the .part the file.
func (d *download) commit() error {
	if d.check != nil {
		head := make([]byte, min(d.off, 512))
		if _, err := d.f.ReadAt(head, 0); err != nil && err != io.EOF {
			return err
		}
		if err := d.check(d.res.ContentType, head); err != nil {
			d.cleanup()
			return permanent{err}
		}
	}
	if err := d.f.Sync(); err != nil {
		return err
	}
	if err := d.f.Close(); err != nil {
		return err
	}
	if err := os.Rename(d.part, d.dst); err != nil {
		return err
	}
	os.Remove(d.part + ".json")
	d.res.Size = d.off
	d.res.SHA256 = hex.EncodeToString(d.sum.Sum(nil))
	return SyncDir(filepath.Dir(d.dst))
}

// fail removes the .part when keeping it serves nothing.
func (d *download) fail(err error) {
	if d.ctx.Err() == nil && (d.off == 0 || isPermanent(err) || errors.Is(err, ErrTooLarge)) {
		d.cleanup()
		return
	}
	if errors.Is(err, syscall.ENOSPC) {
		d.cleanup()
	}
}

func (d *download) cleanup() {
	d.f.Close()
	os.Remove(d.part)
	os.Remove(d.part + ".json")
}

// WriteFileAtomic writes b to name so that name holds either its old
// content or all of b: a temporary file in the same directory is written,
// fsynced, renamed over name, and the directory fsynced.
func WriteFileAtomic(name string, b []byte) error {
	dir := filepath.Dir(name)
	f, err := os.CreateTemp(dir, "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	n, err := f.Write(b)
	if err == nil && n != len(b) {
		err = io.ErrShortWrite
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return SyncDir(dir)
}

// SyncDir fsyncs a directory so that a rename in it is durable.
func SyncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return err
	}
	return nil
}
