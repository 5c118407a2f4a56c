package freelist

import (
	"sync"
	"testing"
)

func TestList(t *testing.T) {
	var l List[*int]
	if v, ok := l.Get(); ok || v != nil {
		t.Fatalf("Get of an empty list = %v, %v; want nil, false", v, ok)
	}
	a, b, c := new(int), new(int), new(int)
	if !l.Put(a, 2) || !l.Put(b, 2) {
		t.Fatal("Put refused a value below the limit")
	}
	if l.Put(c, 2) {
		t.Fatal("Put kept a third value with a limit of two")
	}
	// Last in, first out: the value put last is the one still warm.
	for _, want := range []*int{b, a} {
		if v, ok := l.Get(); !ok || v != want {
			t.Fatalf("Get = %p, %v; want %p, true", v, ok, want)
		}
	}
	if _, ok := l.Get(); ok {
		t.Fatal("Get found a value in a list emptied")
	}
	for range 5 {
		if !l.Put(c, 0) {
			t.Fatal("Put with no limit refused a value")
		}
	}
	n := 0
	for {
		if _, ok := l.Get(); !ok {
			break
		}
		n++
	}
	if n != 5 {
		t.Fatalf("got %d values back from 5 put", n)
	}
}

func TestListConcurrent(t *testing.T) {
	var l List[int]
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 1000 {
				l.Put(g*1000+i, 0)
				l.Get()
			}
		})
	}
	wg.Wait()
	// Each goroutine took one value after each it put, so none is left.
	if v, ok := l.Get(); ok {
		t.Fatalf("a value (%d) left after as many Gets as Puts", v)
	}
}

func TestBytes(t *testing.T) {
	var l Bytes
	if b := l.Get(10); len(b) != 0 || cap(b) < 10 {
		t.Fatalf("Get(10) of an empty list: len %d cap %d", len(b), cap(b))
	}
	small, mid, big := make([]byte, 5, 100), make([]byte, 0, 1000), make([]byte, 0, 10000)
	for _, b := range [][]byte{big, small, mid} {
		if !l.Put(b, 3) {
			t.Fatalf("Put of a buffer of %d below the limit refused", cap(b))
		}
	}
	// The smallest with room, whatever order they were put in.
	for _, c := range []struct{ n, want int }{{500, 1000}, {50, 100}, {5000, 10000}} {
		b := l.Get(c.n)
		if cap(b) != c.want || len(b) != 0 {
			t.Fatalf("Get(%d): len %d cap %d; want len 0 cap %d", c.n, len(b), cap(b), c.want)
		}
		l.Put(b, 3)
	}
	if b := l.Get(20000); cap(b) < 20000 {
		t.Fatalf("Get(20000) with none large enough kept: cap %d", cap(b))
	}
	// Full: a larger buffer takes the smallest's place, a smaller one is not kept.
	if l.Put(make([]byte, 0, 50), 3) {
		t.Fatal("Put kept a buffer smaller than all three kept, at the limit")
	}
	if !l.Put(make([]byte, 0, 5000), 3) {
		t.Fatal("Put refused a buffer larger than the smallest kept, at the limit")
	}
	if b := l.Get(150); cap(b) != 1000 {
		t.Fatalf("Get(150) after the 100 was replaced: cap %d; want 1000", cap(b))
	}
	if l.Put(nil, 0) {
		t.Fatal("Put kept a buffer of no room")
	}
}
