//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

// Package mapfile reads a whole file by mapping it into memory where the
// system allows: its pages come from the page cache as they are touched,
// several per page fault, instead of being copied into fresh memory that
// faults once per page. For a file read once and scanned (the completion
// id cache) that is most of the cost of reading it.
package mapfile

import (
	"fmt"
	"os"
	"syscall"
)

// Read returns the contents of the file at path and a function that gives
// them back; they must not be used after that. The file must be replaced by
// rename, not truncated, while it is mapped (reading a page past a new end
// of file is a fault).
func Read(path string) (data []byte, release func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close() // the mapping outlives the descriptor
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := fi.Size()
	switch {
	case !fi.Mode().IsRegular():
		return nil, nil, fmt.Errorf("%s is not a regular file", path)
	case size == 0:
		return []byte{}, func() {}, nil
	case size != int64(int(size)):
		return nil, nil, fmt.Errorf("%s is too large to map", path)
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, &os.PathError{Op: "mmap", Path: path, Err: err}
	}
	return data, func() { _ = syscall.Munmap(data) }, nil
}
