package fsx

import (
	"os"

	"golang.org/x/sys/unix"
)

// adviseChunk is how much of a file one POSIX_FADV_WILLNEED asks for:
// Linux reads at most the larger of the device's readahead window
// (read_ahead_kb) and its largest request (max_sectors_kb) a call and
// silently drops the rest, so a whole file is asked for a default window
// (128 KiB) at a time.
const adviseChunk = 128 << 10

// WillNeed asks the system to read the open file f, of size bytes (the
// caller has stat'ed it), into the page cache in the background
// (posix_fadvise POSIX_FADV_WILLNEED), so that reading or mapping it soon
// after does not wait for the disk. It returns at once, before the reads
// are done; the file's pages already cached cost a look-up each.
func WillNeed(f *os.File, size int64) error {
	fd := int(f.Fd())
	if cached(fd, size) {
		// Nothing to read: a fadvise a window would only look up the
		// pages (a batch's feeder asked this of each book it lined up:
		// 3% of a warm 400-book run's CPU).
		return nil
	}
	for off := int64(0); off < size; off += adviseChunk {
		if err := unix.Fadvise(fd, off, min(adviseChunk, size-off), unix.FADV_WILLNEED); err != nil {
			return err
		}
	}
	return nil
}

// cached reports whether every page of the file at fd, of size bytes, is
// in the page cache: one cachestat(2) call (Linux 6.5); false where the
// system has none.
func cached(fd int, size int64) bool {
	var cs unix.Cachestat_t
	// A range of length 0 runs to the end of the file.
	if unix.Cachestat(uint(fd), &unix.CachestatRange{}, &cs, 0) != nil {
		return false
	}
	page := int64(os.Getpagesize())
	return int64(cs.Cache) >= (size+page-1)/page
}
