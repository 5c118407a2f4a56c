//go:build linux && (amd64 || arm64)

package fsx

import (
	"runtime"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// A goroutine waiting for an operation of the ring is parked on a channel
// (holding no P), not in a system call: a read of an empty pipe, which
// completes only once the test writes into it. (Were the waiter to wait in
// a system call, it would never be seen parked: the test would hang until
// go test's timeout. There is no wall-clock limit here.)
func TestRingWaiterParks(t *testing.T) {
	rg := Uring().r
	if rg == nil {
		t.Skip("no io_uring here")
	}
	var p [2]int
	if err := syscall.Pipe(p[:]); err != nil { // blocking: the ring waits for data
		t.Fatal(err)
	}
	defer syscall.Close(p[0])
	defer syscall.Close(p[1])
	buf := make([]byte, 16)
	res := make(chan int32, 1)
	go func() {
		n, ok := rg.do(opRead, p[0], unsafe.Pointer(&buf[0]), uint32(len(buf)), ^uint64(0))
		runtime.KeepAlive(buf)
		if !ok {
			n = -1
		}
		res <- n
	}()
	stack := make([]byte, 1<<20)
	for parked := false; !parked; {
		runtime.Gosched()
		all := string(stack[:runtime.Stack(stack, true)])
		for _, g := range strings.Split(all, "\n\n") {
			if strings.Contains(g, "fsx.(*ring).do(") && strings.Contains(g, "TestRingWaiterParks") {
				head, _, _ := strings.Cut(g, "\n")
				parked = strings.Contains(head, "[chan receive")
			}
		}
	}
	if _, err := syscall.Write(p[1], []byte("hello")); err != nil {
		t.Fatal(err)
	}
	if n := <-res; n != 5 || string(buf[:5]) != "hello" {
		t.Errorf("read of the pipe = %d, %q; want 5, hello", n, buf[:max(n, 0)])
	}
}
