package kit

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Any vendor's header names work: an exhausted RateLimit-Remaining waits
// until RateLimit-Reset (plus its rounding second), a 429 without headers
// waits Wait, a 403 that names no limit is the vendor's own error.
func TestRateLimitHeaders(t *testing.T) {
	l := &RateLimit{Name: "Acme", Remaining: "RateLimit-Remaining", Reset: "RateLimit-Reset", Wait: 5 * time.Second}
	now := time.Unix(1000, 0)
	for _, tc := range []struct {
		status  int
		h       http.Header
		wait    time.Duration
		limited bool
	}{
		{429, http.Header{"Ratelimit-Remaining": {"0"}, "Ratelimit-Reset": {"1020"}}, 21 * time.Second, true},
		{403, http.Header{"Ratelimit-Remaining": {"0"}}, 5 * time.Second, true},
		{429, http.Header{}, 5 * time.Second, true},
		{403, http.Header{"Ratelimit-Remaining": {"12"}}, 0, false},
		{500, http.Header{"Retry-After": {"3"}}, 0, false},
	} {
		wait, limited := l.Answer(&httpx.Response{Status: tc.status, Header: tc.h}, now)
		if wait != tc.wait || limited != tc.limited {
			t.Errorf("%d %v: %v, %v; want %v, %v", tc.status, tc.h, wait, limited, tc.wait, tc.limited)
		}
	}
	own := errors.New("own")
	fail := l.Error(func(*httpx.Response, *webhook.APIError) error { return own })
	if err := fail(&httpx.Response{Status: 403, Header: http.Header{}}, &webhook.APIError{}); err != own {
		t.Errorf("a 403 naming no limit: %v; want the vendor's error", err)
	}
	err := fail(&httpx.Response{Status: 429, Header: http.Header{"Ratelimit-Remaining": {"0"}}}, &webhook.APIError{})
	if !errors.Is(err, webhook.ErrRateLimited) || err.Error() == "" {
		t.Errorf("an exhausted limit: %v; want rate limited", err)
	}
}
