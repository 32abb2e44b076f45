package output

import (
	"io"
	"os"
	"sync"
	"time"
)

// GroupWriter writes what it is given together: Write copies p into a
// buffer and returns, and what has gathered is written in one write once
// linger has passed since the buffer was empty, or as soon as it holds
// max bytes (then by that Write, which holds the writer back as a direct
// write to a slow reader would). Under load, many lines go out in one
// write instead of one each; a line alone goes out after linger. The
// first error of the underlying writer is kept: later Writes return it
// and drop what they are given. Close writes the rest.
type GroupWriter struct {
	w      io.Writer
	max    int
	linger time.Duration

	wmu sync.Mutex // held while a batch is taken and written: batches keep their order

	mu     sync.Mutex
	buf    []byte // waiting to be written
	spare  []byte // the buffer last written, for reuse
	timer  *time.Timer
	err    error
	closed bool
}

// NewGroupWriter writes to w, holding at most about max bytes, each at
// most linger.
func NewGroupWriter(w io.Writer, max int, linger time.Duration) *GroupWriter {
	g := &GroupWriter{w: w, max: max, linger: linger}
	g.timer = time.AfterFunc(time.Hour, g.flush)
	g.timer.Stop()
	return g
}

// Write queues p to be written.
func (g *GroupWriter) Write(p []byte) (int, error) {
	g.mu.Lock()
	switch {
	case g.err != nil:
		g.mu.Unlock()
		return 0, g.err
	case g.closed:
		g.mu.Unlock()
		return 0, os.ErrClosed
	}
	if len(g.buf) == 0 {
		g.timer.Reset(g.linger)
	}
	g.buf = append(g.buf, p...)
	full := len(g.buf) >= g.max
	g.mu.Unlock()
	if full {
		g.flush()
	}
	return len(p), nil
}

// flush writes what is waiting.
func (g *GroupWriter) flush() {
	g.wmu.Lock()
	defer g.wmu.Unlock()
	g.mu.Lock()
	out := g.buf
	if len(out) == 0 {
		g.mu.Unlock()
		return
	}
	g.buf, g.spare = g.spare[:0], nil
	g.mu.Unlock()
	_, err := g.w.Write(out)
	g.mu.Lock()
	g.spare = out[:0]
	if err != nil && g.err == nil {
		g.err = err
	}
	g.mu.Unlock()
}

// Close writes what is waiting and returns the first error of every
// write; later Writes return os.ErrClosed.
func (g *GroupWriter) Close() error {
	g.mu.Lock()
	g.closed = true
	g.timer.Stop()
	g.mu.Unlock()
	g.flush()
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.err
}
