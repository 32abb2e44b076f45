package cli

import (
	"context"
	"os"
	"os/signal"
	"sync"

	"github.com/spf13/cobra"
)

// annotationQuick marks a command that only prints and exits, so Ctrl-C
// need not be caught for it (see interruptible).
const annotationQuick = "hookctl/quick"

// quick returns the annotations that mark such a command.
func quick() map[string]string { return map[string]string{annotationQuick: "true"} }

// interruptible returns a context that Ctrl-C cancels once watch has been
// called, and stop, which ends the watch and the context. The watch is left
// until a command starts and wants it: asking Go for signals starts a
// signal-handling thread, about 1.5 ms of every run, which --version, --help,
// completion scripts and TAB do not need.
func interruptible(parent context.Context) (ctx context.Context, watch, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	var (
		once sync.Once
		ch   chan os.Signal
	)
	watch = func() {
		once.Do(func() {
			ch = make(chan os.Signal, 1)
			signal.Notify(ch, os.Interrupt)
			go func() {
				select {
				case <-ch:
					cancel()
				case <-ctx.Done():
				}
			}()
		})
	}
	stop = func() {
		once.Do(func() {}) // no watch may start after this
		if ch != nil {
			signal.Stop(ch)
		}
		cancel()
	}
	return ctx, watch, stop
}

// wantsInterruptWatch reports whether cmd can wait on something a user may
// Ctrl-C: everything but a TAB and the commands marked quick.
func wantsInterruptWatch(f *Factory, cmd *cobra.Command) bool {
	return !f.completing && cmd.Annotations[annotationQuick] == ""
}
