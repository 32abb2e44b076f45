package httpx

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limiter keeps a client under a backend's "N requests per window" limit.
// The backend counts a request when it arrives, which is somewhere between
// the moment it is sent and the moment its answer comes back; so the limiter
// counts each request from its answer, and lets a new one start only when
// fewer than N answers fall within the last window. A long bulk run then goes
// at nearly the full allowed rate without ever crossing it.
type Limiter struct {
	n      int
	window time.Duration
	mu     sync.Mutex
	// slots is a ring of the last n requests: when each was answered, or
	// the zero time while it is still in flight.
	slots []time.Time
	next  int
	now   func() time.Time
	sleep func(context.Context, time.Duration) error
}

// limiterMargin is added to the window to absorb clock granularity and the
// backend's own bookkeeping.
const limiterMargin = 50 * time.Millisecond

// inFlightPoll is how often a request waiting on a slot whose request has
// not been answered yet looks again.
const inFlightPoll = 10 * time.Millisecond

// NewLimiter allows n requests per window. n <= 0 means no limit (nil).
func NewLimiter(n int, window time.Duration) *Limiter {
	if n <= 0 || window <= 0 {
		return nil
	}
	return &Limiter{n: n, window: window, now: time.Now, sleep: Sleep}
}

// String is the limit as ParseRate reads it: "100 per 10s".
func (l *Limiter) String() string { return fmt.Sprintf("%d per %s", l.n, l.window) }

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

// Wait blocks until one more request fits in the window, or ctx ends. The
// caller must call done once the request is answered (or has failed).
func (l *Limiter) Wait(ctx context.Context) (done func(), err error) {
	return l.wait(ctx, nil)
}

// wait is Wait that calls long, once, before a pause of more than
// NoticeAfter, so the caller can say why it waits.
func (l *Limiter) wait(ctx context.Context, long func(time.Duration)) (done func(), err error) {
	if l == nil {
		return func() {}, nil
	}
	told := false
	for {
		l.mu.Lock()
		now := l.now()
		slot := -1
		var wait time.Duration
		switch {
		case len(l.slots) < l.n:
			l.slots = append(l.slots, time.Time{})
			slot = len(l.slots) - 1
		case l.slots[l.next].IsZero():
			wait = inFlightPoll // the oldest request is still out
		default:
			if free := l.slots[l.next].Add(l.window + limiterMargin); now.Before(free) {
				wait = free.Sub(now)
			} else {
				slot = l.next
				l.slots[slot] = time.Time{}
				l.next = (l.next + 1) % l.n
			}
		}
		l.mu.Unlock()
		if slot >= 0 {
			return func() { l.answered(slot) }, nil
		}
		if long != nil && !told && wait > NoticeAfter {
			told = true
			long(wait)
		}
		if err := l.sleep(ctx, wait); err != nil {
			return func() {}, err
		}
	}
}

func (l *Limiter) answered(slot int) {
	l.mu.Lock()
	l.slots[slot] = l.now()
	l.mu.Unlock()
}

// Sleep waits for d, or until ctx is done (then it returns ctx's error):
// the one context-aware wait of the client, its limiter, the dialects and
// the sandbox.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
