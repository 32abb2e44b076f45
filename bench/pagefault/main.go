//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

// Command pagefault touches N fresh pages of memory and exits: timing
// `pagefault 0` beside `pagefault 1000` gives the cost of a page fault on
// the machine, which dominates a Go program's start-up where it is high
// (docs/performance.md, "The machine").
//
// Usage: pagefault N
package main

import (
	"fmt"
	"os"
	"strconv"
	"syscall"
)

func main() {
	n, err := strconv.Atoi(os.Args[len(os.Args)-1])
	if len(os.Args) != 2 || err != nil || n < 0 {
		fmt.Fprintln(os.Stderr, "usage: pagefault N")
		os.Exit(2)
	}
	page := os.Getpagesize()
	mem, err := syscall.Mmap(-1, 0, (n+1)*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pagefault:", err)
		os.Exit(1)
	}
	for i := range n {
		mem[i*page] = 1
	}
}
