package trello

import (
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	sandboxtrello "github.com/hookctl/hookctl/pkg/sandbox/trello"
	"github.com/hookctl/hookctl/pkg/signature"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Profile keys of a Trello profile.
const (
	KeyKey    = "key"
	KeyToken  = "token"
	KeySecret = "secret"
)

// Trello documents 100 requests per 10 s per token and counts in 10 s
// windows, so a 429 waits for the next one.
const (
	rateLimit     = 100
	rateWindow    = 10 * time.Second
	rateLimitWait = 10 * time.Second
)

// Descriptor is everything hookctl knows about the Trello dialect.
var Descriptor = &spec.Descriptor{
	Name:   Dialect,
	Title:  "Trello",
	Schema: Schema,
	Keys: []spec.Key{
		{Name: KeyKey, Label: "API key", Required: true, Secret: true, Help: "your Trello API key, from https://trello.com/power-ups/admin"},
		{Name: KeyToken, Label: "API token", Required: true, Secret: true, Help: "a Trello token authorised for that key"},
		{Name: KeySecret, Label: "App secret", Secret: true, Help: "the app secret that signs deliveries (X-Trello-Webhook); only needed to sign or verify them"},
		{Name: spec.KeyBaseURL, Label: "Base URL", Default: DefaultBaseURL, Help: "only for a proxy or the sandbox"},
	},
	DefaultBaseURL: DefaultBaseURL,
	RateLimit:      rateLimit,
	RateWindow:     rateWindow,
	RateLimitWait:  rateLimitWait,
	Signing: spec.Signing{
		Signer:     Signer,
		Schemes:    signature.TrelloHeader,
		Method:     "the HMAC-SHA1 of the body and the callback URL",
		Secret:     "Trello app secret",
		ProfileKey: KeySecret,
	},
	Samples: Samples,
	Test:    "hookctl checks that the callback answers HEAD with 200, as Trello does, then POSTs a sample action, signed when the profile has the app secret",
	Sandbox: spec.Sandbox{
		Emulator: sandboxtrello.Emulator{},
		Profile:  "sandbox",
		Values:   spec.Values{"dialect": Dialect, KeyKey: sandboxtrello.Key, KeyToken: sandboxtrello.Token, KeySecret: "sandbox-secret"},
	},
	Open: func(v spec.Values, c spec.Clients) (webhook.Backend, error) {
		return New(Config{BaseURL: v.Get(spec.KeyBaseURL), Key: v.Get(KeyKey), Token: v.Get(KeyToken), Secret: v.Get(KeySecret), Client: c.API, Deliver: c.Deliver})
	},
}

// Signer signs and verifies Trello deliveries: X-Trello-Webhook, the
// base64 HMAC-SHA1 of the body followed by the callback URL, keyed with the
// app secret; a delivery is named by its action's id.
var Signer = kit.HeaderSigner{
	Header: signature.TrelloHeader,
	Make:   func(secret string, body []byte, url string) string { return signature.TrelloSign(secret, body, url) },
	Check: func(secret string, body []byte, url, value string) bool {
		return signature.TrelloVerify(secret, body, url, value)
	},
	Secret:   "Trello app secret",
	Mismatch: "wrong secret, or the webhook's callback URL is not {url}: see --callback-url",
	ID:       deliveryID,
}
