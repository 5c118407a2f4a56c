package fetch_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/gutcount/gutcount/fetch"
)

// A 206 whose Content-Range starts elsewhere than the .part ends is not
// spliced on: the part starts again from byte 0, and the book is whole.
func TestPartialContentAtAnotherOffset(t *testing.T) {
	const cut = 1000
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		switch {
		case n == 1:
			abortAfter(w, payload, cut, `"v1"`)
		case r.Header.Get("Range") != "" && n == 2:
			// Bytes from 10 on, whatever was asked: they must not land
			// at offset 1000.
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Content-Range", fmt.Sprintf("bytes 10-%d/%d", len(payload)-1, len(payload)))
			w.Header().Set("Content-Length", fmt.Sprint(len(payload)-10))
			w.WriteHeader(http.StatusPartialContent)
			w.Write(payload[10:])
		default:
			serveFile(w, r, payload, `"v1"`)
		}
	})
	dst, _, err := download(t, fastOptions(), s.URL+"/book.txt")
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, dst, payload)
}

// 501 Not Implemented is not retried (the package doc says so): one
// request, a *StatusError of 501.
func TestNotImplementedNotRetried(t *testing.T) {
	s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusNotImplemented)
	})
	_, _, err := download(t, fastOptions(), s.URL+"/book.txt")
	var se *fetch.StatusError
	if !errors.As(err, &se) || se.Code != http.StatusNotImplemented || s.requests() != 1 {
		t.Errorf("501: %v after %d requests; want a 501 StatusError after 1", err, s.requests())
	}
	// While 500 and 503 are.
	for _, code := range []int{http.StatusInternalServerError, http.StatusServiceUnavailable} {
		s := newServer(t, func(s *server, n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				http.Error(w, "later", code)
				return
			}
			serveFile(w, r, payload, `"v1"`)
		})
		if _, _, err := download(t, fastOptions(), s.URL+"/book.txt"); err != nil || s.requests() != 2 {
			t.Errorf("%d then 200: %v after %d requests; want the book after 2", code, err, s.requests())
		}
	}
}
