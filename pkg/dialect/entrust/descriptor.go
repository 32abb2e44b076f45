package entrust

import (
	"errors"
	"net/http"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/spec"
	sandboxentrust "github.com/hookctl/hookctl/pkg/sandbox/entrust"
	"github.com/hookctl/hookctl/pkg/signature"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Profile keys of an Entrust profile.
const (
	KeyApplicationID = "application-id"
	KeySharedSecret  = "shared-secret"
)

// schemeRFC9421 names RFC 9421 signatures in Verification.Schemes.
const schemeRFC9421 = "rfc9421"

// Descriptor is everything hookctl knows about the Entrust IDaaS dialect.
// Entrust documents no rate limit (429s are still retried, with exponential
// backoff) and has no default address: every tenant has its own.
var Descriptor = &spec.Descriptor{
	Name:   Dialect,
	Title:  "Entrust",
	Schema: Schema,
	Keys: []spec.Key{
		{Name: spec.KeyBaseURL, Label: "Base URL (https://TENANT.us.trustedauth.com)", Required: true, Help: "your Entrust IDaaS tenant's URL"},
		{Name: KeyApplicationID, Label: "Application ID", Required: true, Help: "the Administration API application's id"},
		{Name: KeySharedSecret, Label: "Shared secret", Required: true, Secret: true, Help: "the Administration API application's shared secret"},
	},
	Signing: spec.Signing{
		Signer:  Signer{},
		Schemes: "x-sha2-signature and RFC 9421 signatures",
		Method:  "the HMAC-SHA256 of the body, and one of the request with created and expires honoured",
		Secret:  "webhook token",
	},
	Samples: Samples,
	Test:    "Entrust's own test call (POST …/webhooks/test/{id}), which sends its dummy payload to a registered webhook",
	Sandbox: spec.Sandbox{
		Emulator: sandboxentrust.Emulator{},
		Profile:  "sandbox-entrust",
		Values:   spec.Values{"dialect": Dialect, KeyApplicationID: sandboxentrust.AppID, KeySharedSecret: sandboxentrust.Secret},
	},
	Open: func(v spec.Values, c spec.Clients) (webhook.Backend, error) {
		return New(Config{BaseURL: v.Get(spec.KeyBaseURL), ApplicationID: v.Get(KeyApplicationID), SharedSecret: v.Get(KeySharedSecret), Client: c.API})
	},
}

// Signer signs and verifies Entrust deliveries: x-sha2-signature (hex
// HMAC-SHA256 of the body) and an RFC 9421 signature over the method, the
// target URI and Content-Digest, both keyed with the webhook's token.
type Signer struct{}

// Sign sets x-sha2-signature, Content-Digest, Signature-Input and
// Signature, created now.
func (Signer) Sign(h http.Header, body []byte, secret, callbackURL string) {
	h.Set(signature.EntrustSHA2Header, signature.EntrustSHA2Sign(secret, body))
	signature.RFC9421Sign(h, http.MethodPost, signature.TargetURI(callbackURL), body, "hookctl", secret, time.Now())
}

// Signed reports whether h carries an Entrust signature.
func (Signer) Signed(h http.Header) bool {
	return h.Get(signature.EntrustSHA2Header) != "" || h.Get("Signature-Input") != "" || h.Get("Signature") != ""
}

// Verify checks every Entrust signature present; all must match.
func (Signer) Verify(r *http.Request, body []byte, secret, callbackURL string) spec.Verification {
	sha2 := r.Header.Get(signature.EntrustSHA2Header)
	rfc := r.Header.Get("Signature-Input") != "" || r.Header.Get("Signature") != ""
	out := spec.Verification{}
	if sha2 != "" {
		out.Schemes = append(out.Schemes, signature.EntrustSHA2Header)
	}
	if rfc {
		out.Schemes = append(out.Schemes, schemeRFC9421)
	}
	switch {
	case sha2 == "" && !rfc && secret == "":
		out.Result = spec.Unsigned
	case sha2 == "" && !rfc:
		out.Result, out.Detail = spec.Failed, "no "+signature.EntrustSHA2Header+" or Signature header"
	case secret == "":
		out.Result, out.Detail = spec.NoSecret, "pass the webhook token with --secret-file, --secret-stdin or HOOKCTL_WEBHOOK_SECRET (or set the profile's secret) to verify"
	case sha2 != "" && !signature.EntrustSHA2Verify(secret, body, sha2):
		out.Result, out.Detail = spec.Failed, signature.EntrustSHA2Header+" does not match (wrong webhook token?)"
	default:
		out.Result = spec.Verified
		if !rfc {
			break
		}
		if err := signature.RFC9421Verify(r.Header, r.Method, callbackURL, body, secret); err != nil {
			out.Result, out.Detail = spec.Failed, "RFC 9421 signature: "+err.Error()
			if errors.Is(err, signature.ErrSignatureMismatch) {
				out.Detail = "RFC 9421 signature does not match (wrong webhook token, or see --callback-url)"
			}
		}
	}
	return out
}
