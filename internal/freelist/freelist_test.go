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
