package gitlab

import (
	"crypto/subtle"
	"net/http"
	"strconv"

	"github.com/hookctl/hookctl/pkg/dialect/spec"
	sandboxgitlab "github.com/hookctl/hookctl/pkg/sandbox/gitlab"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Profile keys of a GitLab profile.
const (
	KeyRepo   = "repo"
	KeyGroup  = "group"
	KeyToken  = "token"
	KeySecret = "secret"
)

// TokenEnv are the variables the token is read from when the profile has
// none, in glab's order.
var TokenEnv = []string{"GITLAB_TOKEN", "GITLAB_ACCESS_TOKEN"}

// Descriptor is everything hookctl knows about the GitLab dialect.
var Descriptor = &spec.Descriptor{
	Name:   Dialect,
	Title:  "GitLab",
	Schema: Schema,
	Keys: []spec.Key{
		{Name: KeyRepo, Label: "Project (GROUP/PROJECT or its id; empty for a group)", Required: true, Unless: KeyGroup, Flag: "repo", Short: "R",
			Help: "the project whose hooks to manage: its path with namespace, or its numeric id"},
		{Name: KeyGroup, Label: "Group (instead of a project)", Flag: "group", Help: "the group whose hooks to manage (path or id)"},
		{Name: KeyToken, Label: "Access token (empty: GITLAB_TOKEN, else GITLAB_ACCESS_TOKEN)", Secret: true, Env: TokenEnv,
			Help: "a personal, project or group access token with the api scope, of a Maintainer (Owner for a group's hooks)"},
		{Name: KeySecret, Label: "Webhook secret token", Secret: true, Help: "the secret token set on new hooks and sent back as X-Gitlab-Token"},
		{Name: spec.KeyBaseURL, Label: "Base URL", Default: DefaultBaseURL, Help: "self-managed GitLab: https://HOST/api/v4"},
	},
	DefaultBaseURL: DefaultBaseURL,
	Signing: spec.Signing{
		Signer: Signer{}, Schemes: HeaderToken, Method: "the secret token itself, compared in constant time",
		Secret: "webhook secret token", ProfileKey: KeySecret, TokenOnly: true,
	},
	Samples: Samples,
	Test:    "GitLab's test call for the event (--event push, tag_push, …) and the receiver's answer read from the hook's event log; --url sends a signed sample",
	Sandbox: spec.Sandbox{
		Emulator: sandboxgitlab.New(sandboxgitlab.Options{Prefix: sandboxgitlab.Prefix}),
		Profile:  "sandbox-gitlab",
		Values:   spec.Values{"dialect": Dialect, KeyToken: sandboxgitlab.Token, KeyRepo: sandboxgitlab.Repo},
	},
	Open: func(v spec.Values, c spec.Clients) (webhook.Backend, error) {
		return New(Config{BaseURL: v.Get(spec.KeyBaseURL), Token: v.Get(KeyToken), Repo: v.Get(KeyRepo), Group: v.Get(KeyGroup),
			Secret: v.Get(KeySecret), Client: c.API, Deliver: c.Deliver})
	},
}

// Headers of GitLab's deliveries.
const (
	HeaderToken       = "X-Gitlab-Token"
	HeaderEvent       = "X-Gitlab-Event"
	HeaderEventUUID   = "X-Gitlab-Event-UUID"
	HeaderWebhookUUID = "X-Gitlab-Webhook-UUID"
	HeaderIdempotency = "Idempotency-Key"
)

// Signer "signs" GitLab deliveries the way GitLab does: X-Gitlab-Token
// carries the hook's secret token itself.
type Signer struct{}

// Sign sets X-Gitlab-Token.
func (Signer) Sign(h http.Header, _ []byte, secret, _ string) {
	if secret != "" {
		h.Set(HeaderToken, secret)
	}
}

// Signed reports whether h carries X-Gitlab-Token.
func (Signer) Signed(h http.Header) bool { return h.Get(HeaderToken) != "" }

// DeliveryID is the Idempotency-Key, which GitLab keeps when it resends.
func (Signer) DeliveryID(h http.Header, _ []byte) string {
	if k := h.Get(HeaderIdempotency); k != "" {
		return HeaderIdempotency + " " + k
	}
	return ""
}

// Verify compares X-Gitlab-Token with the secret in constant time.
func (Signer) Verify(r *http.Request, _ []byte, secret, _ string) spec.Verification {
	got := r.Header.Get(HeaderToken)
	out := spec.Verification{}
	if got != "" {
		out.Schemes = []string{HeaderToken}
	}
	switch {
	case got == "" && secret == "":
		out.Result = spec.Unsigned
	case got == "":
		out.Result, out.Detail = spec.Failed, "no "+HeaderToken+" header"
	case secret == "":
		out.Result, out.Detail = spec.NoSecret, "set the profile's secret (the hook's secret token) to verify"
	case subtle.ConstantTimeCompare([]byte(got), []byte(secret)) == 1:
		out.Result = spec.Verified
	default:
		out.Result, out.Detail = spec.Failed, HeaderToken+" does not match (wrong secret?)"
	}
	return out
}

// isID reports whether s is a positive integer id.
func isID(s string) bool {
	n, err := strconv.ParseInt(s, 10, 64)
	return err == nil && n > 0 && s[0] != '+' && s[0] != '0'
}
