package cli

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// Ctrl-C cancels the run's context once a command has asked for the watch,
// and stop ends the context either way.
func TestInterruptibleCancelsOnSignalAfterWatch(t *testing.T) {
	ctx, watch, stop := interruptible(context.Background())
	defer stop()
	watch()
	watch() // a second call changes nothing
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("SIGINT did not cancel the context")
	}
}

func TestInterruptibleStopEndsContextWithoutWatch(t *testing.T) {
	ctx, watch, stop := interruptible(context.Background())
	stop()
	watch() // too late: must not start watching
	if ctx.Err() == nil {
		t.Fatal("stop left the context running")
	}
}

func TestWantsInterruptWatch(t *testing.T) {
	f := &Factory{}
	waits := &cobra.Command{Use: "list"}
	prints := &cobra.Command{Use: "version", Annotations: quick()}
	if !wantsInterruptWatch(f, waits) || wantsInterruptWatch(f, prints) {
		t.Fatal("only commands not marked quick should watch for Ctrl-C")
	}
	f.completing = true
	if wantsInterruptWatch(f, waits) {
		t.Fatal("a TAB must not watch for Ctrl-C")
	}
}
