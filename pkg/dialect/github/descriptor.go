package github

import (
	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/httpx"
	sandboxgithub "github.com/hookctl/hookctl/pkg/sandbox/github"
	"github.com/hookctl/hookctl/pkg/signature"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Profile keys of a GitHub profile.
const (
	KeyRepo      = "repo"
	KeyOrg       = "org"
	KeyToken     = "token"
	KeySecret    = "secret"
	keyRateLimit = "rate-limit"
)

// Descriptor is everything hookctl knows about the GitHub dialect. GitHub's
// primary limit (5,000 requests an hour) is read from its X-RateLimit-*
// headers, not kept by a fixed client-side window; its secondary limit on
// content-creating requests is kept by the backend itself (CreateLimit).
var Descriptor = &spec.Descriptor{
	Name:   Dialect,
	Title:  "GitHub",
	Schema: Schema,
	Keys: []spec.Key{
		{Name: KeyRepo, Label: "Repository (OWNER/NAME; empty for an organization)", Required: true, Unless: KeyOrg, Excludes: KeyOrg, Flag: "repo", Short: "R", Help: "the repository whose hooks to manage; leave it empty to give an organization"},
		{Name: KeyOrg, Label: "Organization (instead of a repository)", Excludes: KeyRepo, Flag: "org", Help: "the organization whose hooks to manage"},
		{Name: KeyToken, Label: "Token (empty: GH_TOKEN, else GITHUB_TOKEN)", Secret: true, Env: TokenEnv, Help: "a token with admin:repo_hook (admin:org_hook for an organization's hooks)"},
		{Name: KeySecret, Label: "Webhook secret (set on the webhooks you create)", Secret: true, Help: "the secret that signs deliveries (X-Hub-Signature-256): create and apply set it on the webhooks they make (--no-secret: not), listen verifies with it"},
		{Name: spec.KeyBaseURL, Label: "Base URL", Default: DefaultBaseURL, Help: "GitHub Enterprise Server: https://HOST/api/v3"},
	},
	DefaultBaseURL: DefaultBaseURL,
	Signing: spec.Signing{
		Signer:     Signer,
		Schemes:    signature.GitHubHeader,
		Method:     "the HMAC-SHA256 of the body",
		Secret:     "webhook secret",
		ProfileKey: KeySecret,
	},
	Samples: Samples,
	Test:    "GitHub pings the hook (--event push: sends the repository's latest push) and the receiver's answer is read from the hook's deliveries; --url sends a signed ping",
	Sandbox: spec.Sandbox{
		Emulator: sandboxgithub.New(sandboxgithub.Options{Prefix: sandboxgithub.Prefix}),
		Profile:  "sandbox-github",
		Values:   spec.Values{"dialect": Dialect, KeyToken: sandboxgithub.Token, KeyRepo: sandboxgithub.Repo},
	},
	Open: func(v spec.Values, c spec.Clients) (webhook.Backend, error) {
		cfg := Config{BaseURL: v.Get(spec.KeyBaseURL), Token: v.Get(KeyToken), Repo: v.Get(KeyRepo), Org: v.Get(KeyOrg),
			Secret: v.Get(KeySecret), Client: c.API, Deliver: c.Deliver}
		if r := v.Get(keyRateLimit); r != "" {
			// The profile's limit replaces GitHub's 80 content-creating
			// requests a minute (a proxy's, or a sandbox's shortened one).
			n, w, err := httpx.ParseRate(r)
			if err != nil {
				return nil, webhook.Invalid(keyRateLimit, "%v", err)
			}
			cfg.CreateLimit, cfg.CreateWindow = n, w
		}
		return New(cfg)
	},
}

// Signer signs and verifies GitHub deliveries: X-Hub-Signature-256, the hex
// HMAC-SHA256 of the body keyed with the webhook's secret, and, as GitHub
// sends it too, the legacy SHA-1 X-Hub-Signature, which must match as well
// where a delivery carries it; a delivery is named by X-GitHub-Delivery.
var Signer = kit.HeaderSigner{
	Header: signature.GitHubHeader,
	Make:   func(secret string, body []byte, _ string) string { return signature.GitHubSign(secret, body) },
	Check: func(secret string, body []byte, _, value string) bool {
		return signature.GitHubVerify(secret, body, value)
	},
	Secret:   "webhook's secret",
	Mismatch: "wrong secret?",
	ID:       deliveryID,
	Also: &kit.HeaderSigner{
		Header: signature.GitHubSHA1Header,
		Make:   func(secret string, body []byte, _ string) string { return signature.GitHubSignSHA1(secret, body) },
		Check: func(secret string, body []byte, _, value string) bool {
			return signature.GitHubVerifySHA1(secret, body, value)
		},
	},
}
