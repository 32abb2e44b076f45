package cli

import (
	"context"
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
