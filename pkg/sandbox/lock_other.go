//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package sandbox

import (
	"errors"
	"io/fs"
	"os"
	"time"
)

// fileLock is a portable fallback for systems without flock: the lock is
// held by creating path exclusively and released by removing it. A lock
// file older than staleLock is taken to belong to a crashed process.
type fileLock struct {
	path string
}

const staleLock = 30 * time.Second

func openFileLock(path string) (*fileLock, error) { return &fileLock{path: path}, nil }

func (l *fileLock) lock() error {
	deadline := time.Now().Add(2 * staleLock)
	for {
		f, err := os.OpenFile(l.path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			return f.Close()
		}
		if !errors.Is(err, fs.ErrExist) {
			return err
		}
		if fi, err := os.Stat(l.path); err == nil && time.Since(fi.ModTime()) > staleLock {
			_ = os.Remove(l.path)
			continue
		}
		if time.Now().After(deadline) {
			return errors.New("timed out waiting for the state lock " + l.path)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (l *fileLock) unlock() error { return os.Remove(l.path) }

func (l *fileLock) close() error { return nil }

// syncDir is a no-op where directories cannot be opened for syncing.
func syncDir(string) {}
