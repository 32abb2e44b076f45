package github

import (
	"net/http"

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
		{Name: KeyRepo, Label: "Repository (OWNER/NAME; empty for an organization)", Required: true, Unless: KeyOrg, Excludes: KeyOrg, Help: "the repository whose hooks to manage; leave it empty to give an organization"},
		{Name: KeyOrg, Label: "Organization (instead of a repository)", Excludes: KeyRepo, Help: "the organization whose hooks to manage"},
		{Name: KeyToken, Label: "Token (empty: GH_TOKEN, else GITHUB_TOKEN)", Secret: true, Env: TokenEnv, Help: "a token with admin:repo_hook (admin:org_hook for an organization's hooks)"},
		{Name: KeySecret, Label: "Webhook secret (set on the webhooks you create)", Secret: true, Help: "the secret that signs deliveries (X-Hub-Signature-256): create and apply set it on the webhooks they make (--no-secret: not), listen verifies with it"},
		{Name: spec.KeyBaseURL, Label: "Base URL", Default: DefaultBaseURL, Help: "GitHub Enterprise Server: https://HOST/api/v3"},
	},
	DefaultBaseURL: DefaultBaseURL,
	Signing: spec.Signing{
		Signer:     Signer{},
		Schemes:    signature.GitHubHeader,
		Method:     "the HMAC-SHA256 of the body",
		Secret:     "webhook secret",
		ProfileKey: KeySecret,
	},
	Samples: Samples,
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
// HMAC-SHA256 of the body keyed with the webhook's secret (and the legacy
// SHA-1 X-Hub-Signature when signing).
type Signer struct{}

// Sign sets X-Hub-Signature-256 and, as GitHub does, the SHA-1
// X-Hub-Signature.
func (Signer) Sign(h http.Header, body []byte, secret, _ string) {
	h.Set(signature.GitHubHeader, signature.GitHubSign(secret, body))
	h.Set(signature.GitHubSHA1Header, signature.GitHubSignSHA1(secret, body))
}

// Signed reports whether h carries X-Hub-Signature-256.
func (Signer) Signed(h http.Header) bool { return h.Get(signature.GitHubHeader) != "" }

// Verify checks X-Hub-Signature-256 in constant time.
func (Signer) Verify(r *http.Request, body []byte, secret, _ string) spec.Verification {
	header := r.Header.Get(signature.GitHubHeader)
	out := spec.Verification{}
	if header != "" {
		out.Schemes = []string{signature.GitHubHeader}
	}
	switch {
	case header == "" && secret == "":
		out.Result = spec.Unsigned
	case header == "":
		out.Result, out.Detail = spec.Failed, "no "+signature.GitHubHeader+" header"
	case secret == "":
		out.Result, out.Detail = spec.NoSecret, "set the profile's secret (the webhook's secret) to verify"
	case !signature.GitHubVerify(secret, body, header):
		out.Result, out.Detail = spec.Failed, signature.GitHubHeader+" does not match (wrong secret?)"
	case r.Header.Get(signature.GitHubSHA1Header) != "" && !signature.GitHubVerifySHA1(secret, body, r.Header.Get(signature.GitHubSHA1Header)):
		// Every signature present must match: a receiver that checks
		// only the SHA-1 one would take a stale copy.
		out.Result, out.Detail = spec.Failed, signature.GitHubSHA1Header+" does not match the body (X-Hub-Signature-256 does)"
	default:
		out.Result = spec.Verified
	}
	return out
}
