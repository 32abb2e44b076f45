package cli

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"
)

// bulkWorkers bounds concurrent requests of bulk commands; the profile's
// rate limiter paces them.
const bulkWorkers = 8

// bulkResults are the per-item outcomes of a bulk operation.
type bulkResults struct {
	items []string
	errs  []error
}

// runBulk runs op for every item with bounded concurrency. It stops starting
// new items when ctx ends (Ctrl-C) and lets in-flight ones finish.
func runBulk(ctx context.Context, f *Factory, verb string, items []string, op func(string) error) *bulkResults {
	r := &bulkResults{items: items, errs: make([]error, len(items))}
	var g errgroup.Group
	g.SetLimit(bulkWorkers)
	var mu sync.Mutex
	for i, item := range items {
		if ctx.Err() != nil {
			r.errs[i] = ctx.Err()
			continue
		}
		g.Go(func() error {
			err := op(item)
			mu.Lock()
			r.errs[i] = err
			mu.Unlock()
			return nil
		})
	}
	_ = g.Wait()
	return r
}

func (r *bulkResults) succeeded() int {
	n := 0
	for _, err := range r.errs {
		if err == nil {
			n++
		}
	}
	return n
}

// err reports each failure on its own line and returns the error that
// decides the exit code: the only one when one item was asked for, else a
// silent error carrying the first failure's code.
func (r *bulkResults) err(f *Factory) error {
	var failed []error
	for _, err := range r.errs {
		if err != nil {
			failed = append(failed, err)
		}
	}
	switch {
	case len(failed) == 0:
		return nil
	case len(r.items) == 1:
		return failed[0]
	}
	for _, err := range failed {
		report(f, err, ExitCode(err))
	}
	fmt.Fprintf(f.IO.ErrOut, "hookctl: %d of %d failed\n", len(failed), len(r.items))
	return &silentError{code: ExitCode(failed[0])}
}
