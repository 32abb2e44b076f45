package httpx

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limiter keeps a client under a backend's "N requests per window" limit. It
// remembers when its last N requests started and makes the next one wait
// until the oldest has left the window, so a long bulk run goes at the full
// allowed rate without ever crossing it.
type Limiter struct {
	n      int
	window time.Duration
	mu     sync.Mutex
	starts []time.Time // ring of the last n start times
	next   int
	now    func() time.Time
	sleep  func(context.Context, time.Duration) error
}

// limiterMargin is added to the window to absorb the delay between a request
// leaving here and reaching the backend's counter.
const limiterMargin = 50 * time.Millisecond

// NewLimiter allows n requests per window. n <= 0 means no limit (nil).
func NewLimiter(n int, window time.Duration) *Limiter {
	if n <= 0 || window <= 0 {
		return nil
	}
	return &Limiter{n: n, window: window, now: time.Now, sleep: sleepCtx}
}

// ParseRate reads "N/DURATION", e.g. "100/10s".
func ParseRate(s string) (n int, window time.Duration, err error) {
	num, dur, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return 0, 0, fmt.Errorf("rate %q: want N/DURATION, e.g. 100/10s", s)
	}
	n, err = strconv.Atoi(num)
	if err != nil || n < 0 {
		return 0, 0, fmt.Errorf("rate %q: %q is not a whole number", s, num)
	}
	if !strings.ContainsAny(dur, "0123456789") {
		dur = "1" + dur
	}
	window, err = time.ParseDuration(dur)
	if err != nil || window <= 0 {
		return 0, 0, fmt.Errorf("rate %q: %q is not a duration", s, dur)
	}
	return n, window, nil
}

// Wait blocks until one more request fits in the window, or ctx ends.
func (l *Limiter) Wait(ctx context.Context) error {
	if l == nil {
		return nil
	}
	for {
		l.mu.Lock()
		now := l.now()
		if len(l.starts) < l.n {
			l.starts = append(l.starts, now)
			l.mu.Unlock()
			return nil
		}
		oldest := l.starts[l.next]
		free := oldest.Add(l.window + limiterMargin)
		if !now.Before(free) {
			l.starts[l.next] = now
			l.next = (l.next + 1) % l.n
			l.mu.Unlock()
			return nil
		}
		l.mu.Unlock()
		if err := l.sleep(ctx, free.Sub(now)); err != nil {
			return err
		}
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
