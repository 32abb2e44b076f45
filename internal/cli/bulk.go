package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync"
)

// bulkWorkers bounds concurrent requests of bulk commands; the profile's
// rate limiter paces them.
const bulkWorkers = 8

// bulkResults are the per-item outcomes of a bulk operation.
type bulkResults struct {
	errs []error
	// skipped counts the items never started because of Ctrl-C.
	skipped int
}

// errSkipped marks an item that Ctrl-C kept from starting.
var errSkipped = errors.New("not started: interrupted")

// runBulk runs op for every item with at most bulkWorkers at a time, showing
// a progress bar on a terminal. Ctrl-C (ctx ending) stops new items from
// starting and lets the ones in flight finish, so every item is either done
// or untouched; op's context is detached from ctx for that reason, and only a
// second Ctrl-C cancels it.
func runBulk[T any](ctx context.Context, f *Factory, verb string, items []T, op func(context.Context, T) error) *bulkResults {
	r := &bulkResults{errs: make([]error, len(items))}
	bar := newProgress(f, verb, len(items))
	defer bar.finish()
	work, abort := context.WithCancel(context.WithoutCancel(ctx))
	defer abort()
	stop := context.AfterFunc(ctx, func() {
		bar.note("hookctl: interrupted: finishing the requests in flight (Ctrl-C again to abort them)")
		again := make(chan os.Signal, 1)
		signal.Notify(again, os.Interrupt)
		go func() {
			defer signal.Stop(again)
			select {
			case <-again:
				abort()
			case <-work.Done():
			}
		}()
	})
	defer stop()

	sem := make(chan struct{}, bulkWorkers)
	var wg sync.WaitGroup
	for i, item := range items {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			for j := i; j < len(items); j++ {
				r.errs[j] = errSkipped
			}
			r.skipped = len(items) - i
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			err := op(work, item)
			r.errs[i] = err
			bar.add(err != nil)
		}()
	}
	wg.Wait()
	return r
}

// succeeded counts the items that were done.
func (r *bulkResults) succeeded() int {
	n := 0
	for _, err := range r.errs {
		if err == nil {
			n++
		}
	}
	return n
}

// failed counts the items that were tried and failed.
func (r *bulkResults) failed() int {
	return len(r.errs) - r.succeeded() - r.skipped
}

// err reports each failure on its own line and returns the error that
// decides the exit code: the only one when one item was asked for, an
// interruption when Ctrl-C left items untouched, else a silent error
// carrying the first failure's code.
func (r *bulkResults) err(f *Factory) error {
	var failed []error
	for _, err := range r.errs {
		if err != nil && !errors.Is(err, errSkipped) {
			failed = append(failed, err)
		}
	}
	if len(failed) == 1 && len(r.errs) == 1 {
		return failed[0]
	}
	for _, err := range failed {
		report(f, err, ExitCode(err))
	}
	switch {
	case r.skipped > 0:
		return errInterrupted
	case len(failed) == 0:
		return nil
	}
	fmt.Fprintf(f.IO.ErrOut, "hookctl: %d of %d failed\n", len(failed), len(r.errs))
	return &silentError{code: ExitCode(failed[0])}
}
