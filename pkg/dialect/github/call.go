package github

import (
	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/httpx"
)

// rateLimit is how GitHub announces its limits: the primary one in
// X-RateLimit-Remaining and -Reset, the secondary one as a 403 whose body
// names it (wait a minute unless Retry-After says otherwise); its
// secondary limit on content-creating requests is kept by pacing them.
func rateLimit(cfg Config) *kit.RateLimit {
	return &kit.RateLimit{
		Name: "GitHub", Remaining: "X-Ratelimit-Remaining", Reset: "X-Ratelimit-Reset",
		Busy: "secondary rate limit", BusyText: "GitHub's secondary rate limit (too many requests in a short time)",
		MaxWait: cfg.MaxWait, Writes: httpx.NewLimiter(cfg.CreateLimit, cfg.CreateWindow),
		WritesText: "GitHub's secondary rate limit on creating content",
	}
}
