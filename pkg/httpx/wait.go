package httpx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// DefaultRetryBudget is how long one run may spend waiting on retries in
// all: the pauses between tries and the tries that failed.
const DefaultRetryBudget = 2 * time.Minute

// NoticeAfter is the shortest wait that is announced on stderr without
// --verbose (a wait of more than 2 s says so).
const NoticeAfter = 2 * time.Second

// forever is what a Retry-After too large for a time.Duration means.
const forever = time.Duration(math.MaxInt64)

// RetryBudget is the time a run may spend on retries, shared by every client
// and every worker of the run. It is safe for concurrent use.
type RetryBudget struct {
	mu    sync.Mutex
	total time.Duration
	spent time.Duration
	// lastWaiting is when the last "still waiting" notice was printed.
	lastWaiting time.Time
}

// NewRetryBudget allows total of retrying in all; total <= 0 means
// DefaultRetryBudget.
func NewRetryBudget(total time.Duration) *RetryBudget {
	if total <= 0 {
		total = DefaultRetryBudget
	}
	return &RetryBudget{total: total}
}

// Total is the whole budget.
func (b *RetryBudget) Total() time.Duration { return b.total }

// spend counts time already lost to a try that is to be retried.
func (b *RetryBudget) spend(d time.Duration) {
	b.mu.Lock()
	b.spent = min(b.spent+max(d, 0), b.total)
	b.mu.Unlock()
}

// reserve takes d for a wait if it fits in what is left, and reports what
// was left before.
func (b *RetryBudget) reserve(d time.Duration) (left time.Duration, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	left = b.total - b.spent
	if d > left {
		return left, false
	}
	b.spent += d
	return left, true
}

// ParseRetryAfter reads a Retry-After header for a dialect that waits on
// its own (GitHub's rate limits): as parseRetryAfter, never negative, a
// value too large for a duration saturating to the longest one.
func ParseRetryAfter(v string) (time.Duration, bool) { return parseRetryAfter(v) }

// AnnounceWait is for a dialect that waits on its own: it says why and how
// long on the notice stream when the wait is over NoticeAfter, or always
// under Verbose, as the client's own retries do ("rate limited by github;
// retrying in 1m0s (2/4)"); of <= 0 is a wait before a first try ("…;
// waiting 40s").
func (c *Client) AnnounceWait(why string, wait time.Duration, next, of int) {
	if !c.opts.Verbose && wait <= NoticeAfter {
		return
	}
	if of <= 0 {
		c.notice("%s; waiting %s", why, waitText(wait))
		return
	}
	c.notice("%s; retrying in %s (%d/%d)", why, waitText(wait), next, of)
}

// parseRetryAfter reads a Retry-After value: delta-seconds or an HTTP date.
// A number too large for a duration saturates to forever (never a negative
// wait); a date in the past is 0. ok is false for anything else.
func parseRetryAfter(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if isDigits(v) {
		s, err := strconv.ParseInt(v, 10, 64)
		if err != nil || s > int64(forever/time.Second) {
			return forever, true // only a range error is possible here
		}
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// waitText is a wait as a person reads it: "10s", "1m30s", "250ms".
func waitText(d time.Duration) string {
	switch {
	case d >= 24*time.Hour:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d >= time.Second:
		return d.Round(time.Second).String()
	}
	return d.Round(time.Millisecond).String()
}

// backendName is how notices name the backend: the client's Name, else the
// request's host.
func (c *Client) backendName(r *Request) string {
	if c.opts.Name != "" {
		return c.opts.Name
	}
	if u, err := url.Parse(r.URL); err == nil && u.Host != "" {
		return u.Host
	}
	return "the server"
}

// Notice writes one line for the user to the notice stream (stderr in
// hookctl), credentials redacted: a dialect's warning about what the
// vendor will do with a request.
func (c *Client) Notice(format string, args ...any) { c.notice(format, args...) }

// notice writes one line to the notice stream.
func (c *Client) notice(format string, args ...any) {
	if c.opts.Notices == nil {
		return
	}
	line := "hookctl: " + fmt.Sprintf(format, args...)
	c.noticeMu.Lock()
	defer c.noticeMu.Unlock()
	_, _ = io.WriteString(c.opts.Notices, c.Redactor().String(line)+"\n")
}

// announceRetry says why the next try comes and when, if the user has been
// (or will be) kept waiting for more than NoticeAfter, or always under
// Verbose. lost is the time the failed try took.
func (c *Client) announceRetry(r *Request, why string, wait, lost time.Duration, next int) {
	if !c.opts.Verbose && wait <= NoticeAfter && lost <= NoticeAfter {
		return
	}
	c.notice("%s; retrying in %s (%d/%d)", why, waitText(wait), next, c.opts.MaxTries)
}

// whyRetry describes an answer that will be retried.
func (c *Client) whyRetry(r *Request, status int) string {
	if status == http.StatusTooManyRequests {
		return "rate limited by " + c.backendName(r)
	}
	return fmt.Sprintf("%s answered %d %s", c.backendName(r), status, http.StatusText(status))
}

// budgetAllows counts lost (the failed try) against the run's budget and
// reserves wait from what is left. When it does not fit, it says so and the
// caller stops retrying.
func (c *Client) budgetAllows(why string, wait, lost time.Duration) bool {
	b := c.opts.Budget
	b.spend(lost)
	left, ok := b.reserve(wait)
	if ok {
		return true
	}
	if wait > b.Total() {
		c.notice("%s, which asks to wait %s: longer than the %s cap on retries; not retrying", why, waitText(wait), waitText(b.Total()))
	} else {
		c.notice("%s; not retrying: %s of the run's %s cap on retries is left", why, waitText(left), waitText(b.Total()))
	}
	return false
}

// whyFailed describes a try that got no answer, in a person's words.
func (c *Client) whyFailed(r *Request, err error) string {
	name := c.backendName(r)
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		return fmt.Sprintf("%s did not answer within %s", name, waitText(c.opts.Timeout))
	case errors.Is(err, syscall.ECONNREFUSED):
		return name + " refused the connection"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return name + " closed the connection before answering"
	}
	return fmt.Sprintf("%s did not answer (%s)", name, oneLineText(c.Redactor().String(NetworkReason(err))))
}

func oneLineText(s string) string { return strings.Join(strings.Fields(s), " ") }

// waitingNoticeEvery spaces the "still waiting" notices of one run.
const waitingNoticeEvery = 10 * time.Second

// watchSlowAnswer announces, once the try has gone unanswered for
// NoticeAfter, that hookctl is still waiting; the returned func stops it.
func (c *Client) watchSlowAnswer(r *Request) (stop func()) {
	if c.opts.Notices == nil || c.opts.Timeout <= NoticeAfter {
		return func() {}
	}
	// mu makes stop wait for a notice being written, so none is written
	// after the answer (or after the run) and stop happens after it.
	var mu sync.Mutex
	stopped := false
	t := time.AfterFunc(NoticeAfter, func() {
		mu.Lock()
		defer mu.Unlock()
		if !stopped && c.opts.Budget.claimWaitingNotice(time.Now()) {
			c.notice("still waiting for %s to answer (up to %s)", c.backendName(r), waitText(c.opts.Timeout))
		}
	})
	return func() {
		t.Stop()
		mu.Lock()
		stopped = true
		mu.Unlock()
	}
}

// claimWaitingNotice reports whether a "still waiting" notice may be
// printed now: at most one per waitingNoticeEvery in a run.
func (b *RetryBudget) claimWaitingNotice(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.lastWaiting.IsZero() && now.Sub(b.lastWaiting) < waitingNoticeEvery {
		return false
	}
	b.lastWaiting = now
	return true
}

// announcePacing says that a client-side rate limiter holds a request back
// for more than NoticeAfter: at most once per waitingNoticeEvery in a run
// (bulk workers all wait at once), every time under Verbose.
func (c *Client) announcePacing(limit string, l *Limiter, d time.Duration) {
	if c.opts.Notices == nil || (!c.opts.Verbose && !c.opts.Budget.claimWaitingNotice(time.Now())) {
		return
	}
	c.notice("keeping under %s (%s); waiting %s", limit, l, waitText(d))
}

// Pace waits until l lets one more request go, as Do does with the
// client's own Limiter, and says so on the notice stream when the wait is
// long; limit names the limit for people ("GitHub's limit on creating
// content"). A dialect uses it for a limit of its own on some requests.
// The caller must call done once the request is answered.
func (c *Client) Pace(ctx context.Context, l *Limiter, limit string) (done func(), err error) {
	return l.wait(ctx, func(d time.Duration) { c.announcePacing(limit, l, d) })
}

// WaitOut waits d for a limit the backend announced before a request was
// sent (GitHub's exhausted primary limit), out of the run's retry budget,
// with the client's notice; it reports false, without waiting, when d is
// negative or does not fit in what is left.
func (c *Client) WaitOut(ctx context.Context, why string, d time.Duration) (bool, error) {
	if d < 0 {
		return false, nil
	}
	if _, ok := c.opts.Budget.reserve(d); !ok {
		return false, nil
	}
	c.AnnounceWait(why, d, 0, 0)
	return true, Sleep(ctx, d)
}
