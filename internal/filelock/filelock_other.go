//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

// Package filelock is an exclusive advisory lock between processes, held on
// a lock file (flock where the system has it, an exclusively created file
// elsewhere), and SyncDir, which makes a rename done under it durable.
package filelock

import (
	"errors"
	"io/fs"
	"os"
	"time"
)

// Lock is a portable fallback for systems without flock: the lock is held
// by creating path exclusively and released by removing it. A lock file
// older than stale is taken to belong to a crashed process.
type Lock struct {
	path string
}

const stale = 30 * time.Second

// Open prepares the lock at path; nothing is created until Lock.
func Open(path string) (*Lock, error) { return &Lock{path: path}, nil }

// Lock waits for the lock and takes it.
func (l *Lock) Lock() error {
	deadline := time.Now().Add(2 * stale)
	for {
		f, err := os.OpenFile(l.path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			return f.Close()
		}
		if !errors.Is(err, fs.ErrExist) {
			return err
		}
		if fi, err := os.Stat(l.path); err == nil && time.Since(fi.ModTime()) > stale {
			_ = os.Remove(l.path)
			continue
		}
		if time.Now().After(deadline) {
			return errors.New("timed out waiting for the lock " + l.path)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Unlock releases the lock.
func (l *Lock) Unlock() error { return os.Remove(l.path) }

// Close does nothing here: Unlock already removed the file.
func (l *Lock) Close() error { return nil }

// SyncDir is a no-op where directories cannot be opened for syncing.
func SyncDir(string) {}
