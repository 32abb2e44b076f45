// Package dialect is the registry of backend dialects: it opens the right
// Backend for a profile and gives each dialect's schema by name.
package dialect

import (
	"os"
	"strings"
	"time"

	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/pkg/dialect/entrust"
	"github.com/hookctl/hookctl/pkg/dialect/github"
	"github.com/hookctl/hookctl/pkg/dialect/supportbee"
	"github.com/hookctl/hookctl/pkg/dialect/trello"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Names lists the dialects, in the order help and completion show them.
var Names = []string{trello.Dialect, supportbee.Dialect, entrust.Dialect, github.Dialect}

// Schema returns a dialect's field table.
func Schema(name string) (*webhook.Schema, error) {
	switch name {
	case trello.Dialect:
		return trello.Schema, nil
	case supportbee.Dialect:
		return supportbee.Schema, nil
	case entrust.Dialect:
		return entrust.Schema, nil
	case github.Dialect:
		return github.Schema, nil
	}
	return nil, unknown(name)
}

// Clients are the HTTP clients a backend uses: API for the vendor's API,
// Deliver for callback URLs (test deliveries), with no credentials.
type Clients struct {
	API     *httpx.Client
	Deliver *httpx.Client
}

// Open returns the Backend for a resolved profile.
func Open(p config.Profile, c Clients) (webhook.Backend, error) {
	switch p.Dialect {
	case trello.Dialect:
		return trello.New(trello.Config{BaseURL: p.BaseURL, Key: p.Key, Token: p.Token, Secret: p.Secret, Client: c.API, Deliver: c.Deliver})
	case supportbee.Dialect:
		return supportbee.New(supportbee.Config{BaseURL: p.BaseURL, Company: p.Company, AuthToken: p.AuthToken, Client: c.API})
	case entrust.Dialect:
		return entrust.New(entrust.Config{BaseURL: p.BaseURL, ApplicationID: p.ApplicationID, SharedSecret: p.SharedSecret, Client: c.API})
	case github.Dialect:
		token := p.Token
		for _, env := range github.TokenEnv {
			if token == "" {
				token = os.Getenv(env)
			}
		}
		cfg := github.Config{BaseURL: p.BaseURL, Token: token, Repo: p.Repo, Org: p.Org, Secret: p.Secret, Client: c.API, Deliver: c.Deliver}
		if p.RateLimit != "" {
			// The profile's limit replaces GitHub's 80 content-creating
			// requests a minute (a proxy's, or the sandbox's shortened one).
			cfg.CreateLimit, cfg.CreateWindow, _ = httpx.ParseRate(p.RateLimit)
		}
		return github.New(cfg)
	}
	return nil, unknown(p.Dialect)
}

// RateLimit is a dialect's documented request limit (per token or
// credential), which the client-side limiter keeps under unless the profile
// sets rate-limit. Zero means none documented.
func RateLimit(name string) (n int, window time.Duration) {
	switch name {
	case trello.Dialect:
		return 100, 10 * time.Second
	case supportbee.Dialect, entrust.Dialect:
		return 0, 0 // neither documents a limit; 429s are still retried
	}
	return 0, 0
}

// RateLimitWait is how long to wait after a 429 without Retry-After.
func RateLimitWait(name string) time.Duration {
	switch name {
	case trello.Dialect:
		return 10 * time.Second // Trello counts in 10 s windows
	case supportbee.Dialect, entrust.Dialect:
		return 0 // no documented window: exponential backoff
	}
	return 0
}

func unknown(name string) error {
	if name == "" {
		return webhook.Invalid("", "the profile has no dialect (set dialect: to one of %s)", strings.Join(Names, ", "))
	}
	return webhook.Invalid("", "unknown dialect %q (dialects: %s)", name, strings.Join(Names, ", "))
}

// Deliveries returns how a dialect's deliveries look and are signed (what
// `trigger` sends and `replay --resign` re-signs).
func Deliveries(name string) (*webhook.DeliveryShape, error) {
	switch name {
	case trello.Dialect:
		return trello.Deliveries, nil
	case supportbee.Dialect:
		return supportbee.Deliveries, nil
	case entrust.Dialect:
		return entrust.Deliveries, nil
	case github.Dialect:
		return github.Deliveries, nil
	}
	return nil, unknown(name)
}

// DeliveryShapes are every dialect's delivery shapes, by dialect name.
func DeliveryShapes() map[string]*webhook.DeliveryShape {
	m := make(map[string]*webhook.DeliveryShape, len(Names))
	for _, n := range Names {
		m[n], _ = Deliveries(n)
	}
	return m
}
