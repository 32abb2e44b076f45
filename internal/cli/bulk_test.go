package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

func bulkFactory() (*Factory, *strings.Builder) {
	var errOut strings.Builder
	return &Factory{IO: &IOStreams{ErrOut: &syncBuilder{b: &errOut}}, Opts: &GlobalOptions{}, Redactor: httpx.NewRedactor()}, &errOut
}

// syncBuilder lets concurrent workers and the test share a strings.Builder.
type syncBuilder struct {
	mu sync.Mutex
	b  *strings.Builder
}

func (s *syncBuilder) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func TestRunBulkBoundsConcurrency(t *testing.T) {
	f, _ := bulkFactory()
	var running, peak, calls atomic.Int32
	items := make([]int, 50)
	r := runBulk(context.Background(), f, "testing", items, func(context.Context, int) error {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(2 * time.Millisecond)
		running.Add(-1)
		calls.Add(1)
		return nil
	})
	if calls.Load() != 50 || r.succeeded() != 50 || r.err(f) != nil {
		t.Fatalf("calls %d, succeeded %d", calls.Load(), r.succeeded())
	}
	if p := peak.Load(); p > bulkWorkers || p < 2 {
		t.Errorf("peak concurrency %d, want 2..%d", p, bulkWorkers)
	}
}

func TestRunBulkReportsEachFailure(t *testing.T) {
	f, errOut := bulkFactory()
	items := []string{"a", "b", "c", "d"}
	r := runBulk(context.Background(), f, "testing", items, func(_ context.Context, s string) error {
		switch s {
		case "b":
			return fmt.Errorf("create %s: %w", s, webhook.ErrNotFound)
		case "d":
			return fmt.Errorf("create %s: %w", s, webhook.ErrConflict)
		}
		return nil
	})
	err := r.err(f)
	if got := ExitCode(err); got != ExitNotFound {
		t.Errorf("exit code %d, want the first failure's (%d)", got, ExitNotFound)
	}
	out := errOut.String()
	for _, want := range []string{"hookctl: create b: not found\n", "hookctl: create d: conflict\n", "hookctl: 2 of 4 failed\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("stderr %q lacks %q", out, want)
		}
	}
	if r.failed() != 2 || r.skipped != 0 {
		t.Errorf("failed %d skipped %d", r.failed(), r.skipped)
	}
}

func TestRunBulkSingleItemReturnsItsError(t *testing.T) {
	f, errOut := bulkFactory()
	boom := errors.New("boom")
	r := runBulk(context.Background(), f, "testing", []int{1}, func(context.Context, int) error { return boom })
	if err := r.err(f); err != boom || errOut.Len() != 0 {
		t.Errorf("err = %v, stderr %q: want the error itself, unreported", err, errOut.String())
	}
}

// TestRunBulkInterrupt: Ctrl-C stops new items from starting, lets the ones
// in flight finish with a live context, and exits 130.
func TestRunBulkInterrupt(t *testing.T) {
	f, errOut := bulkFactory()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started := make(chan struct{}, 100)
	release := make(chan struct{})
	var finished atomic.Int32
	items := make([]int, 100)
	done := make(chan *bulkResults)
	go func() {
		done <- runBulk(ctx, f, "testing", items, func(opCtx context.Context, _ int) error {
			started <- struct{}{}
			<-release
			if opCtx.Err() != nil {
				return opCtx.Err() // an in-flight request would have been cut off
			}
			finished.Add(1)
			return nil
		})
	}()
	for range bulkWorkers {
		<-started
	}
	cancel() // Ctrl-C while bulkWorkers items are in flight
	time.Sleep(20 * time.Millisecond)
	close(release)
	r := <-done
	if got := finished.Load(); got != bulkWorkers {
		t.Errorf("%d items finished, want the %d in flight", got, bulkWorkers)
	}
	if r.skipped != len(items)-bulkWorkers || r.failed() != 0 || r.succeeded() != bulkWorkers {
		t.Errorf("skipped %d failed %d succeeded %d", r.skipped, r.failed(), r.succeeded())
	}
	if err := r.err(f); ExitCode(err) != ExitInterrupted {
		t.Errorf("err = %v, want an interruption (exit 130)", err)
	}
	if !strings.Contains(errOut.String(), "finishing the requests in flight") {
		t.Errorf("stderr %q should say what happens after Ctrl-C", errOut.String())
	}
}
