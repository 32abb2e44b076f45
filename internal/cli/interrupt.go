package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
)

// interruptible returns a context that Ctrl-C (SIGINT) cancels, and stop,
// which ends the watch and the context. Every run watches from its start: a
// deferred watch saved about 3 % of --version's page faults and
// instructions, under the 10 % a hand-made start-up piece must gain
// (docs/performance.md).
func interruptible(parent context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(parent, os.Interrupt)
}

// readingHint says, when stdin is a terminal, that what is read now is
// typed there ("ids, one a line"), and how to end: a bare wait looks like
// a hang.
func readingHint(f *Factory, what string) {
	if f.IO.inTTY {
		fmt.Fprintln(f.IO.ErrOut, "hookctl: reading "+what+" from stdin; end with Ctrl-D (Ctrl-C to cancel)")
	}
}

// untilDone runs read on its own goroutine and gives up when ctx is done:
// a read from a terminal, a pipe or a FIFO that never ends, or a parse of
// a large file, must not hold Ctrl-C back. An abandoned read finishes on
// its own while the run ends.
func untilDone[T any](ctx context.Context, read func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := read()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
