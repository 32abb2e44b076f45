package kit

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

// RateLimit keeps a dialect within the limits its vendor announces in
// rate-limit headers: how many requests are left (Remaining) and when the
// window starts again (Reset, in Unix seconds), as X-RateLimit-* or
// RateLimit-* headers say. Its Prepare and Error are an API's: an
// exhausted limit is waited out before the next request is sent (or
// refused, naming the reset, beyond the waiting cap); a limit answer (403
// or 429 with Retry-After, with nothing left, or with Busy in its body) is
// waited out and retried by the HTTP client, with its notices and its
// run-wide budget, and is never taken for a permission error; writes may
// be paced by a limiter of their own. One RateLimit serves one backend
// (it remembers the last reset), and is safe for concurrent use.
type RateLimit struct {
	// Name names the vendor in messages ("Acme's rate limit…").
	Name string
	// Remaining and Reset name the headers of the requests left and of the
	// reset time.
	Remaining, Reset string
	// Busy is a phrase (lower case) whose presence in a 403's body makes it
	// a limit answer; "" for none.
	Busy string
	// BusyText names the limit an answer without an exhausted count hit;
	// "" is "NAME's rate limit (too many requests in a short time)".
	BusyText string
	// Wait is how long to wait on a limit answer that says nothing of
	// when; 0 is a minute.
	Wait time.Duration
	// MaxWait caps the wait for an exhausted limit before a request; 0 is
	// two minutes.
	MaxWait time.Duration
	// Writes, when set, paces every request but GET and HEAD, a limit
	// WritesText names for people.
	Writes     *httpx.Limiter
	WritesText string

	mu    sync.Mutex
	reset time.Time // when Remaining hit 0: wait until then
}

// farReset is a reset time far enough off (the year 36812) to be beyond any
// budget, and near enough for time.Time's arithmetic.
const farReset = 1 << 40

// Prepare is an API.Prepare for a dialect whose client is c.
func (l *RateLimit) Prepare(c *httpx.Client) func(context.Context, *httpx.Request) (func(*httpx.Response), error) {
	return func(ctx context.Context, req *httpx.Request) (func(*httpx.Response), error) {
		req.RateLimited = func(resp *httpx.Response) (time.Duration, bool) { return l.Answer(resp, time.Now()) }
		if err := l.waitReset(ctx, c); err != nil {
			return nil, err
		}
		done := func() {}
		if l.Writes != nil && req.Method != http.MethodGet && req.Method != http.MethodHead {
			var err error
			if done, err = c.Pace(ctx, l.Writes, l.WritesText); err != nil {
				return nil, err
			}
		}
		return func(resp *httpx.Response) {
			done()
			if resp != nil {
				l.note(resp)
			}
		}, nil
	}
}

// Error is an API.Error: a limit answer the client gave up waiting for is
// webhook.ErrRateLimited (exit 6), naming the reset where the headers
// give it; any other answer goes through next.
func (l *RateLimit) Error(next func(*httpx.Response, *webhook.APIError) error) func(*httpx.Response, *webhook.APIError) error {
	return func(resp *httpx.Response, e *webhook.APIError) error {
		wait, limited := l.Answer(resp, time.Now())
		if !limited {
			return next(resp, e)
		}
		msg := l.BusyText
		if msg == "" {
			msg = l.Name + "'s rate limit (too many requests in a short time)"
		}
		msg += "; retry in " + wait.Round(time.Second).String()
		if l.exhausted(resp.Header) {
			msg = l.usedUp()
			if reset, ok := l.resetTime(resp.Header); ok {
				msg += until(reset)
			}
		}
		return &webhook.APIError{Status: resp.Status, Kind: webhook.ErrRateLimited, Message: msg}
	}
}

// Answer reads a limit answer: how long to wait, and whether resp is one
// at all. A 403 or 429 is one when it has Retry-After, when nothing is
// left (wait until the reset, plus the second the reset is rounded to),
// when its body names Busy; a 429 always is.
func (l *RateLimit) Answer(resp *httpx.Response, now time.Time) (time.Duration, bool) {
	if resp.Status != http.StatusForbidden && resp.Status != http.StatusTooManyRequests {
		return 0, false
	}
	// A huge Retry-After or reset saturates (never a negative wait, which
	// would retry at once): the budget then refuses it, exit 6.
	if d, ok := httpx.ParseRetryAfter(resp.Header.Get("Retry-After")); ok {
		return d, true
	}
	if l.exhausted(resp.Header) {
		if reset, ok := l.resetTime(resp.Header); ok {
			return plusSecond(max(reset.Sub(now), 0)), true
		}
		return l.wait(), true
	}
	if (l.Busy != "" && strings.Contains(strings.ToLower(string(resp.Body)), l.Busy)) || resp.Status == http.StatusTooManyRequests {
		return l.wait(), true
	}
	return 0, false
}

func (l *RateLimit) wait() time.Duration {
	if l.Wait > 0 {
		return l.Wait
	}
	return time.Minute
}

func (l *RateLimit) exhausted(h http.Header) bool {
	return l.Remaining != "" && strings.TrimSpace(h.Get(l.Remaining)) == "0"
}

func (l *RateLimit) usedUp() string { return l.Name + "'s rate limit for this token is used up" }

func until(reset time.Time) string { return " until " + reset.Local().Format("15:04:05 MST") }

// resetTime reads the Reset header; beyond what time.Time subtracts
// correctly a reset is simply far off.
func (l *RateLimit) resetTime(h http.Header) (time.Time, bool) {
	if l.Reset == "" {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(h.Get(l.Reset)), 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		n, err = farReset, nil
	}
	if err != nil || n <= 0 {
		return time.Time{}, false
	}
	return time.Unix(min(n, farReset), 0), true
}

// note remembers an exhausted limit, so that the next request waits for
// its reset instead of being refused.
func (l *RateLimit) note(resp *httpx.Response) {
	if !l.exhausted(resp.Header) {
		return
	}
	if reset, ok := l.resetTime(resp.Header); ok {
		l.mu.Lock()
		l.reset = reset
		l.mu.Unlock()
	}
}

// waitReset waits for the reset when the last answer said nothing was
// left, or fails naming the reset when that is beyond MaxWait or the run's
// waiting budget.
func (l *RateLimit) waitReset(ctx context.Context, c *httpx.Client) error {
	l.mu.Lock()
	reset := l.reset
	l.reset = time.Time{}
	l.mu.Unlock()
	wait := time.Until(reset)
	if reset.IsZero() || wait <= 0 {
		return nil
	}
	why := l.usedUp() + until(reset)
	wait = plusSecond(wait) // the reset is in whole seconds
	maxWait := l.MaxWait
	if maxWait <= 0 {
		maxWait = httpx.DefaultRetryBudget
	}
	ok, err := false, error(nil)
	if wait <= maxWait {
		ok, err = c.WaitOut(ctx, strings.Replace(why, l.Name, strings.ToLower(l.Name), 1), wait)
	}
	if !ok {
		return &webhook.APIError{Status: http.StatusForbidden, Kind: webhook.ErrRateLimited, Message: why}
	}
	return err
}

// plusSecond adds the reset's rounding second to d without overflowing.
func plusSecond(d time.Duration) time.Duration {
	if d > math.MaxInt64-time.Second {
		return d
	}
	return d + time.Second
}
