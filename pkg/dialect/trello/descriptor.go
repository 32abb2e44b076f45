package trello

import (
	"net/http"
	"time"

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
		Signer:     Signer{},
		Schemes:    signature.TrelloHeader,
		Method:     "the HMAC-SHA1 of the body and the callback URL",
		Secret:     "Trello app secret",
		ProfileKey: KeySecret,
	},
	Samples: Samples,
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
// app secret.
type Signer struct{}

// Sign sets X-Trello-Webhook.
func (Signer) Sign(h http.Header, body []byte, secret, callbackURL string) {
	h.Set(signature.TrelloHeader, signature.TrelloSign(secret, body, callbackURL))
}

// Signed reports whether h carries X-Trello-Webhook.
func (Signer) Signed(h http.Header) bool { return h.Get(signature.TrelloHeader) != "" }

// Verify checks X-Trello-Webhook against callbackURL.
func (Signer) Verify(r *http.Request, body []byte, secret, callbackURL string) spec.Verification {
	header := r.Header.Get(signature.TrelloHeader)
	out := spec.Verification{}
	if header != "" {
		out.Schemes = []string{signature.TrelloHeader}
	}
	switch {
	case header == "" && secret == "":
		out.Result = spec.Unsigned
	case header == "":
		out.Result, out.Detail = spec.Failed, "no "+signature.TrelloHeader+" header"
	case secret == "":
		out.Result, out.Detail = spec.NoSecret, "set the profile's secret (the Trello app secret) to verify"
	case signature.TrelloVerify(secret, body, callbackURL, header):
		out.Result = spec.Verified
	default:
		out.Result, out.Detail = spec.Failed, signature.TrelloHeader+" does not match (wrong secret, or the webhook's callback URL is not "+callbackURL+": see --callback-url)"
	}
	return out
}
