//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

// Package filelock is an exclusive advisory lock between processes, held on
// a lock file (flock where the system has it, an exclusively created file
// elsewhere), and SyncDir, which makes a rename done under it durable.
package filelock

import (
	"errors"
	"os"
	"syscall"
)

// Lock is an advisory lock on a lock file (flock), which excludes other
// processes and other open descriptions of the file in this process.
type Lock struct {
	f *os.File
}

// Open opens (creating it 0600 if needed) the lock file at path.
func Open(path string) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	return &Lock{f: f}, nil
}

// Lock waits for the lock and takes it.
func (l *Lock) Lock() error {
	for {
		err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}

// Unlock releases the lock.
func (l *Lock) Unlock() error { return syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN) }

// Close closes the lock file, releasing the lock if held.
func (l *Lock) Close() error { return l.f.Close() }

// SyncDir flushes a directory entry change (a rename) to disk; best effort.
func SyncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
