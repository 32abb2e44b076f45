package github

import (
	"context"
	"encoding/json"
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
// requests of a run: the primary limit's reset while it is exhausted, and
// how much of the run's waiting budget is left.
type limits struct {
	mu     sync.Mutex
	reset  time.Time // when Remaining hit 0: wait until then
	budget time.Duration
}

// take spends d of the waiting budget, or reports that it would be overspent.
func (l *limits) take(d time.Duration) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if d < 0 || d > l.budget {
		return false
	}
	l.budget -= d
	return true
}

// call sends one request with GitHub's headers and turns error answers into
// typed errors. Content-creating requests pass the secondary-limit limiter;
// an exhausted primary limit is waited out before sending; rate-limit
// answers (403/429 with Retry-After, X-RateLimit-Remaining: 0, or a body
// naming the secondary limit) are waited out and retried by the HTTP client
// (rateLimitWait), with its notices and its run-wide cap on waiting, and are
// never taken for a permission error.
func (b *Backend) call(ctx context.Context, method, u string, body any) (*httpx.Response, error) {
	req := &httpx.Request{
		Method: method,
		URL:    u,
		Header: http.Header{
			"Authorization":        {"Bearer " + b.cfg.Token},
			"Accept":               {"application/vnd.github+json"},
			"X-Github-Api-Version": {APIVersion},
		},
		Idempotent:  method != http.MethodPost,
		RateLimited: func(resp *httpx.Response) (time.Duration, bool) { return rateLimitWait(resp, time.Now()) },
	}
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		req.Body = data
		req.Header.Set("Content-Type", "application/json")
	}
	if err := b.waitPrimary(ctx); err != nil {
		return nil, err
	}
	done := func() {}
	if method != http.MethodGet && method != http.MethodHead {
		var err error
		if done, err = b.cfg.Client.Pace(ctx, b.creates, "GitHub's secondary rate limit on creating content"); err != nil {
			return nil, err
		}
	}
	resp, err := b.cfg.Client.Do(ctx, req)
	done()
	if err != nil {
		return nil, err
	}
	b.notePrimary(resp)
	if resp.OK() {
		return resp, nil
	}
	if wait, limited := rateLimitWait(resp, time.Now()); limited {
		return resp, b.limitError(resp, wait) // the client gave up waiting
	}
	return resp, b.redact(apiError(resp))
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
	wait = plusSecond(wait) // GitHub's reset is in whole seconds
	if !b.limits.take(wait) {
		return &webhook.APIError{Status: http.StatusForbidden, Kind: webhook.ErrRateLimited,
			Message: "GitHub's rate limit for this token is used up until " + reset.Local().Format("15:04:05 MST")}
	}
	b.cfg.Client.AnnounceWait("github's rate limit for this token is used up until "+reset.Local().Format("15:04:05 MST"), wait, 0, 0)
	return httpx.Sleep(ctx, wait)
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

// redact scrubs credentials from an API error's message (a backend may echo
// what it was sent).
func (b *Backend) redact(e *webhook.APIError) error {
	e.Message = b.cfg.Client.Redactor().String(e.Message)
	return e
}
