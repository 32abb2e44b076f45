package github

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// secondaryWait is how long to wait after a secondary-limit answer without
// Retry-After: GitHub says at least a minute.
const secondaryWait = time.Minute

// limits is what GitHub's answers said about its limits, shared by the
// requests of a run: the primary limit's reset while it is exhausted.
type limits struct {
	mu    sync.Mutex
	reset time.Time // when Remaining hit 0: wait until then
}

// prepare is GitHub's part of every call (kit.API.Prepare).
// Content-creating requests pass the secondary-limit limiter; an exhausted
// primary limit is waited out before sending; rate-limit answers (403/429
// with Retry-After, X-RateLimit-Remaining: 0, or a body naming the
// secondary limit) are waited out and retried by the HTTP client
// (rateLimitWait), with its notices and its run-wide cap on waiting, and
// are never taken for a permission error.
func (b *Backend) prepare(ctx context.Context, req *httpx.Request) (func(*httpx.Response), error) {
	req.RateLimited = func(resp *httpx.Response) (time.Duration, bool) { return rateLimitWait(resp, time.Now()) }
	if err := b.waitPrimary(ctx); err != nil {
		return nil, err
	}
	done := func() {}
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		var err error
		if done, err = b.cfg.Client.Pace(ctx, b.creates, "GitHub's secondary rate limit on creating content"); err != nil {
			return nil, err
		}
	}
	return func(resp *httpx.Response) {
		done()
		if resp != nil {
			b.notePrimary(resp)
		}
	}, nil
}

// fail is GitHub's error for an answer that is not 2xx (kit.API.Error): a
// rate limit the client gave up waiting for, else the answer's own.
func (b *Backend) fail(resp *httpx.Response, e *webhook.APIError) error {
	if wait, limited := rateLimitWait(resp, time.Now()); limited {
		return b.limitError(resp, wait)
	}
	return apiError(resp, e)
}

// rateLimitWait reads a rate-limit answer: how long to wait, and whether
// resp is one at all. A 403 or 429 is one when it has Retry-After, when
// X-RateLimit-Remaining is 0 (the primary limit, until X-RateLimit-Reset),
// or when its body names the secondary rate limit.
func rateLimitWait(resp *httpx.Response, now time.Time) (time.Duration, bool) {
	if resp.Status != http.StatusForbidden && resp.Status != http.StatusTooManyRequests {
		return 0, false
	}
	// A huge Retry-After or reset saturates (never a negative wait, which
	// would retry at once): the budget then refuses it, exit 6.
	if d, ok := httpx.ParseRetryAfter(resp.Header.Get("Retry-After")); ok {
		return d, true
	}
	if resp.Header.Get("X-Ratelimit-Remaining") == "0" {
		if reset, ok := resetTime(resp.Header); ok {
			return plusSecond(max(reset.Sub(now), 0)), true
		}
		return secondaryWait, true
	}
	if strings.Contains(strings.ToLower(string(resp.Body)), "secondary rate limit") {
		return secondaryWait, true
	}
	if resp.Status == http.StatusTooManyRequests {
		return secondaryWait, true
	}
	return 0, false
}

// farReset is a reset time far enough off (the year 36812) to be beyond any
// budget, and near enough for time.Time's arithmetic.
const farReset = 1 << 40

func resetTime(h http.Header) (time.Time, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-Ratelimit-Reset")), 10, 64)
	if err != nil || n <= 0 {
		if errors.Is(err, strconv.ErrRange) {
			n = farReset
		} else {
			return time.Time{}, false
		}
	}
	// Beyond what time.Time subtracts correctly a reset is simply far off.
	return time.Unix(min(n, farReset), 0), true
}

// notePrimary remembers an exhausted primary limit, so that the next
// request waits for its reset instead of being refused.
func (b *Backend) notePrimary(resp *httpx.Response) {
	if resp.Header.Get("X-Ratelimit-Remaining") != "0" {
		return
	}
	if reset, ok := resetTime(resp.Header); ok {
		b.limits.mu.Lock()
		b.limits.reset = reset
		b.limits.mu.Unlock()
	}
}

// waitPrimary waits for the primary limit's reset when the last answer said
// it was exhausted, or fails naming the reset when that is beyond the run's
// waiting budget.
func (b *Backend) waitPrimary(ctx context.Context) error {
	b.limits.mu.Lock()
	reset := b.limits.reset
	b.limits.reset = time.Time{}
	b.limits.mu.Unlock()
	wait := time.Until(reset)
	if reset.IsZero() || wait <= 0 {
		return nil
	}
	why := "GitHub's rate limit for this token is used up until " + reset.Local().Format("15:04:05 MST")
	wait = plusSecond(wait) // GitHub's reset is in whole seconds
	ok, err := false, error(nil)
	if wait <= b.cfg.MaxWait {
		ok, err = b.cfg.Client.WaitOut(ctx, strings.Replace(why, "GitHub", "github", 1), wait)
	}
	if !ok {
		return &webhook.APIError{Status: http.StatusForbidden, Kind: webhook.ErrRateLimited, Message: why}
	}
	return err
}

// plusSecond adds GitHub's rounding second to d without overflowing.
func plusSecond(d time.Duration) time.Duration {
	if d > math.MaxInt64-time.Second {
		return d
	}
	return d + time.Second
}

// limitError is the error for a rate limit that outlasted the tries or the
// waiting budget: exit 6, naming when it resets where GitHub said.
func (b *Backend) limitError(resp *httpx.Response, wait time.Duration) error {
	msg := "GitHub's secondary rate limit (too many requests in a short time); retry in " + wait.Round(time.Second).String()
	if resp.Header.Get("X-Ratelimit-Remaining") == "0" {
		msg = "GitHub's rate limit for this token is used up"
		if reset, ok := resetTime(resp.Header); ok {
			msg += " until " + reset.Local().Format("15:04:05 MST")
		}
	}
	return &webhook.APIError{Status: resp.Status, Kind: webhook.ErrRateLimited, Message: msg}
}
