package filelock

import (
	"path/filepath"
	"testing"
	"time"
)

// Two holders of the same lock file take turns: the second waits until the
// first lets go.
func TestLockExcludesAnotherHolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := a.Lock(); err != nil {
		t.Fatal(err)
	}
	taken := make(chan error, 1)
	go func() { taken <- b.Lock() }()
	select {
	case <-taken:
		t.Fatal("the second holder took the lock while the first held it")
	case <-time.After(100 * time.Millisecond):
	}
	if err := a.Unlock(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-taken:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the second holder never got the lock after it was released")
	}
	if err := b.Unlock(); err != nil {
		t.Fatal(err)
	}
}
