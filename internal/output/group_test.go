package output

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// recordingWriter keeps what it is given and counts its writes.
type recordingWriter struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	writes int
}

func (c *recordingWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes++
	return c.buf.Write(p)
}

func (c *recordingWriter) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.String()
}

func (c *recordingWriter) Writes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.writes
}

// Every line arrives whole, each writer's in its order, and Close
// returns only once all are written.
func TestGroupWriterKeepsEveryLine(t *testing.T) {
	var cw recordingWriter
	g := NewGroupWriter(&cw, 1<<10, time.Millisecond)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				if _, err := fmt.Fprintf(g, "w%d %d\n", w, i); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	next := map[string]int{}
	lines := strings.Split(strings.TrimSuffix(cw.String(), "\n"), "\n")
	if len(lines) != 8*500 {
		t.Fatalf("%d lines, want %d", len(lines), 8*500)
	}
	for _, l := range lines {
		var w string
		var i int
		if _, err := fmt.Sscanf(l, "%s %d", &w, &i); err != nil || next[w] != i {
			t.Fatalf("line %q out of order or cut (want %s %d)", l, w, next[w])
		}
		next[w]++
	}
	if _, err := g.Write([]byte("late\n")); !errors.Is(err, os.ErrClosed) {
		t.Errorf("a Write after Close: %v, want os.ErrClosed", err)
	}
}

// Lines given together go out in one write, until max bytes wait.
func TestGroupWriterGathersLines(t *testing.T) {
	var cw recordingWriter
	g := NewGroupWriter(&cw, 1000, time.Hour)
	for i := range 100 {
		fmt.Fprintf(g, "line %02d\n", i) // 8 bytes: the 125th would fill it
	}
	if cw.Writes() != 0 {
		t.Fatalf("%d writes before the buffer was full or the time passed", cw.Writes())
	}
	for i := 100; i < 125; i++ {
		fmt.Fprintf(g, "line %02d\n", i)
	}
	if cw.Writes() != 1 {
		t.Fatalf("%d writes once max bytes waited, want 1", cw.Writes())
	}
	fmt.Fprintf(g, "last\n")
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(cw.String(), "\n"); n != 126 || cw.Writes() != 2 {
		t.Fatalf("%d lines in %d writes, want 126 in 2", n, cw.Writes())
	}
}

// A line alone goes out once linger has passed, without Close.
func TestGroupWriterWritesALineAlone(t *testing.T) {
	var cw recordingWriter
	g := NewGroupWriter(&cw, 1<<20, time.Millisecond)
	defer g.Close()
	fmt.Fprintf(g, "alone\n")
	for deadline := time.Now().Add(10 * time.Second); cw.String() != "alone\n"; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the line was not written: %q", cw.String())
		}
	}
}

type failingWriter struct{}

func (failingWriter) Write(p []byte) (int, error) { return 0, errors.New("broken pipe") }

// The first error is kept: later writes return it, and so does Close.
func TestGroupWriterKeepsTheFirstError(t *testing.T) {
	g := NewGroupWriter(failingWriter{}, 16, time.Hour)
	var err error
	for range 3 {
		_, err = g.Write([]byte("0123456789\n"))
	}
	if err == nil || err.Error() != "broken pipe" {
		t.Errorf("Write: %v, want the writer's error", err)
	}
	if err := g.Close(); err == nil || err.Error() != "broken pipe" {
		t.Errorf("Close: %v, want the writer's error", err)
	}
}
