package manifest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
)

// manyKeys is a file whose one entry has n distinct unknown keys.
func manyKeys(n int) []byte {
	var b strings.Builder
	b.WriteString("webhooks:\n- url: https://example.com/h\n")
	for i := range n {
		fmt.Fprintf(&b, "  k%d: x\n", i)
	}
	return []byte(b.String())
}

// TestParseManyKeys: 100,000 distinct keys in one entry are each reported
// once (unknown field) and none as a duplicate. Before, each key was
// looked up among all the keys before it: 100,000 keys took 10 s.
func TestParseManyKeys(t *testing.T) {
	const n = 100_000
	_, err := Parse(manyKeys(n))
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("err = %v, want problems", err)
	}
	if len(ps) != n {
		t.Fatalf("%d problems, want %d", len(ps), n)
	}
	for _, p := range ps {
		if strings.Contains(p.Message, "twice") {
			t.Fatalf("a distinct key reported as a duplicate: %s", p.Message)
		}
	}
}

// cancelAfter is a context that is done once Err has been asked n times:
// the test stops the parse in the middle without a clock.
type cancelAfter struct {
	context.Context
	left atomic.Int64
}

func (c *cancelAfter) Err() error {
	if c.left.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// TestParseStopsWhenCancelled: Ctrl-C in the middle of a large file stops
// the walk, and Parse says why.
func TestParseStopsWhenCancelled(t *testing.T) {
	for _, data := range [][]byte{manyKeys(100_000), manyEntries(100_000)} {
		ctx := &cancelAfter{Context: context.Background()}
		ctx.left.Store(3)
		f, err := ParseContext(ctx, data)
		if !errors.Is(err, context.Canceled) || f != nil {
			t.Errorf("got %v, %v; want context.Canceled and no file", f != nil, err)
		}
		if n := ctx.left.Load(); n > 0 {
			t.Errorf("the context was asked only %d times", 3-n)
		}
	}
}

func manyEntries(n int) []byte {
	var b strings.Builder
	b.WriteString("webhooks:\n")
	for i := range n {
		fmt.Fprintf(&b, "- url: https://example.com/h%d\n", i)
	}
	return []byte(b.String())
}
