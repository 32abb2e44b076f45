package github

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
)

// Issue 15 item 7's sibling: a huge Retry-After or X-RateLimit-Reset never
// becomes a negative wait (an immediate retry), and the budget refuses it.
func TestRateLimitWaitNeverNegative(t *testing.T) {
	now := time.Now()
	for _, h := range []http.Header{
		{"Retry-After": {"9223372036854775807"}},
		{"Retry-After": {"18446744073"}},
		{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {strconv.FormatInt(1<<62, 10)}},
		{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {"9223372036854775807"}},
		{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {"99999999999999999999"}},
	} {
		wait, limited := rateLimit(Config{}).Answer(&httpx.Response{Status: http.StatusTooManyRequests, Header: h}, now)
		if !limited || wait < time.Hour {
			t.Errorf("%v: wait %v, limited %v; want a long positive wait", h, wait, limited)
		}
		c, _ := httpx.New(httpx.Options{})
		if ok, _ := c.WaitOut(context.Background(), "test", wait); ok {
			t.Errorf("%v: the budget took a %v wait", h, wait)
		}
	}
	c, _ := httpx.New(httpx.Options{})
	if ok, _ := c.WaitOut(context.Background(), "test", -time.Second); ok {
		t.Error("a negative wait was taken")
	}
}
