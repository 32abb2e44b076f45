// Package spec holds the Descriptor type: everything hookctl and other Go
// programs need to know about one dialect (vendor), written once in the
// dialect's own package (pkg/dialect/<name>) and listed by the registry
// (pkg/dialect).
//
// It is a package of its own, not part of pkg/webhook or pkg/dialect,
// because of the import graph: a descriptor names the HTTP clients a backend
// uses (pkg/httpx, which itself imports pkg/webhook) and the dialect's
// sandbox emulator (pkg/sandbox), and the registry imports every dialect
// package, so the type must sit below the dialects and above pkg/webhook,
// pkg/httpx and pkg/sandbox. It imports none of internal/, viper or a
// keyring.
//
// Stability: the names exported here are part of hookctl's Go API;
// fields and methods are added, not renamed or removed, within a
// major version.
package spec

import (
	"net/http"
	"strings"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Key is one profile key of a dialect, as `profile add` asks for it, the
// config file holds it and Open reads it.
type Key struct {
	// Name is the key as written in the config file, e.g. "token".
	Name string
	// Label is the question asked for it in the guided form.
	Label string
	// Help is the longer explanation shown on `?` in the form.
	Help string
	// Secret marks a credential: kept in the keyring when one works, masked
	// by `profile show`, scrubbed from every output.
	Secret bool
	// Required marks a key the dialect cannot work without.
	Required bool
	// Default says what an empty answer means, for optional keys.
	Default string
	// Unless names another key whose presence makes this one optional
	// (SupportBee's company is not needed when base-url is set).
	Unless string
	// Excludes names another key that cannot be set with this one
	// (GitHub's repo and org: a profile names one owner). Setting this
	// key for one run (HOOKCTL_<KEY>) drops the other, as a flag does.
	Excludes string
	// Env lists environment variables read, in order, when neither the
	// profile nor HOOKCTL_<KEY> sets the key (GitHub's GH_TOKEN,
	// GITHUB_TOKEN).
	Env []string
	// Flag is the global flag that sets this key for one run ("repo" for
	// --repo), Short its one-letter form ("R"); other dialects refuse the
	// flag. Setting it clears the dialect's other flag keys (a repository
	// or an organization, not both).
	Flag, Short string
}

// Values are a profile's settings for one dialect, by key name. A missing
// key and an empty value mean the same.
type Values map[string]string

// Get returns the value of key, "" when unset.
func (v Values) Get(key string) string { return v[key] }

// Clients are the HTTP clients a backend uses: API for the vendor's API,
// Deliver for callback URLs (test deliveries), with no credentials. A nil
// client means a default one (httpx.New with zero Options: the same retry
// policy as hookctl's).
type Clients struct {
	API     *httpx.Client
	Deliver *httpx.Client
}

// Result is the outcome of checking a delivery's signature.
type Result string

// The four verification results.
const (
	// Verified: every signature present matched.
	Verified Result = "verified"
	// Failed: a signature did not match, or one was expected and missing.
	Failed Result = "failed"
	// Unsigned: the delivery carries no signature and none was expected
	// (SupportBee never signs; a receiver without a secret expects none).
	Unsigned Result = "unsigned"
	// NoSecret: the delivery is signed but there is no secret to check it.
	NoSecret Result = "no secret"
)

// Verification says whether a delivery's signature is genuine and why.
type Verification struct {
	Result Result
	// Schemes are the signature schemes found on the delivery (header
	// names, or "rfc9421").
	Schemes []string
	// Detail explains a failure or a missing secret, in a few words.
	Detail string
}

// Signer signs deliveries the way the vendor does and checks their
// signatures. callbackURL is the URL the webhook was registered with (some
// vendors sign it).
type Signer interface {
	// Sign adds the vendor's signature headers for body to h.
	Sign(h http.Header, body []byte, secret, callbackURL string)
	// Verify checks the signatures on a received delivery; body is its raw
	// body. With an empty secret it reports Unsigned or NoSecret.
	Verify(r *http.Request, body []byte, secret, callbackURL string) Verification
	// Signed reports whether h carries one of the vendor's signatures, to
	// guess the sender of a delivery of an unknown dialect.
	Signed(h http.Header) bool
}

// Signing says how a dialect's deliveries are signed.
type Signing struct {
	// Signer signs and verifies; nil means the vendor does not sign.
	Signer Signer
	// Schemes names what is checked, for messages ("X-Trello-Webhook").
	Schemes string
	// Method says how deliveries are signed, for help ("the HMAC-SHA1 of
	// the body and the callback URL"); it follows Schemes.
	Method string
	// Secret names the secret, for messages ("Trello app secret").
	Secret string
	// TokenOnly says the "signature" is the secret itself, sent as it is
	// (GitLab's X-Gitlab-Token): it proves the sender knows the secret but
	// does not cover the body.
	TokenOnly bool
	// ProfileKey is the profile key that holds the secret, "" when the
	// secret is per webhook and is passed to listen instead.
	ProfileKey string
}

// Samples are realistic deliveries of a dialect's events, in the vendor's
// own shape, for `hookctl trigger`; Signing.Signer signs them.
type Samples struct {
	// Events are the event names Sample knows, in the order completion
	// offers them; DefaultEvent is one of them.
	Events       []string
	DefaultEvent string
	// Shape outlines a delivery for help: its body's members, and the
	// headers that carry the event when the body does not.
	Shape string
	// Sample returns a delivery of event for hook (its URL the target; its
	// ID, model and description when known): the headers the vendor sends,
	// without a signature, and the body as generic JSON (maps, slices,
	// strings, float64s, bools, nil) so a field can be changed before it
	// is encoded. now stamps times.
	Sample func(event string, hook webhook.Webhook, now time.Time) (http.Header, map[string]any, error)
	// Event names the event of a delivery in the vendor's shape, as
	// `listen` shows it and `replay --event` matches it: one of Events, or
	// a finer name that starts with one and a dot ("issues.opened"). It
	// returns "" when the delivery does not look like the vendor's.
	Event func(h http.Header, body []byte) string
}

// Sandbox is what a dialect's built-in sandbox profile holds.
type Sandbox struct {
	// Emulator serves the vendor's API in the sandbox.
	Emulator sandbox.Emulator
	// Profile is the built-in profile's name ("sandbox-supportbee").
	Profile string
	// Values are the profile values the emulator accepts (credentials,
	// company), without base-url, which depends on where it is served.
	Values Values
}

// Descriptor is everything known about one dialect.
type Descriptor struct {
	// Name is the dialect's name in profiles, e.g. "trello".
	Name string
	// Title is the vendor's name for people, e.g. "Trello".
	Title string
	// Source says where the dialect comes from: "" for one written in Go,
	// else the vendor file it was read from ("built-in stripe.yaml", a
	// path).
	Source string
	// Schema is the dialect's field table.
	Schema *webhook.Schema
	// Keys are the dialect's profile keys, in the order `profile add` asks
	// for them (base-url included where it is one).
	Keys []Key
	// DefaultBaseURL is the API root when the profile sets none; "" when
	// there is no fixed one (see BaseURLFrom).
	DefaultBaseURL string
	// BaseURLFrom derives the API root from the profile's other values
	// (SupportBee's company); nil or "" means DefaultBaseURL.
	BaseURLFrom func(Values) string
	// RateLimit requests per RateWindow per credential is the documented
	// limit the client keeps under unless the profile sets rate-limit;
	// zero means none documented.
	RateLimit  int
	RateWindow time.Duration
	// RateLimitWait is how long to wait after a 429 without Retry-After;
	// zero means exponential backoff.
	RateLimitWait time.Duration
	// Signing says how deliveries are signed.
	Signing Signing
	// Sandbox is the dialect's emulator and built-in profile.
	Sandbox Sandbox
	// Samples are realistic deliveries of its events (`hookctl trigger`);
	// nil when there are none.
	Samples *Samples
	// Test says, for help, how `hookctl test` makes its delivery ("the
	// vendor's own test call", "hookctl signs a sample and sends it").
	Test string
	// Open returns a Backend for the profile's values.
	Open func(Values, Clients) (webhook.Backend, error)
}

// Key returns the dialect's profile key called name.
func (d *Descriptor) Key(name string) (Key, bool) {
	for _, k := range d.Keys {
		if k.Name == name {
			return k, true
		}
	}
	return Key{}, false
}

// BaseURL is the API root the values talk to: base-url when set, else the
// one derived from the other values, else the default ("" when none).
func (d *Descriptor) BaseURL(v Values) string {
	if u := v.Get(KeyBaseURL); u != "" {
		return u
	}
	if d.BaseURLFrom != nil {
		if u := d.BaseURLFrom(v); u != "" {
			return u
		}
	}
	return d.DefaultBaseURL
}

// Missing returns the required keys that v lacks.
func (d *Descriptor) Missing(v Values) []Key {
	var out []Key
	for _, k := range d.Keys {
		if k.Required && v.Get(k.Name) == "" && (k.Unless == "" || v.Get(k.Unless) == "") {
			out = append(out, k)
		}
	}
	return out
}

// Secrets returns v's credential values, for redaction.
func (d *Descriptor) Secrets(v Values) []string {
	var out []string
	for _, k := range d.Keys {
		if s := v.Get(k.Name); k.Secret && s != "" {
			out = append(out, s)
		}
	}
	return out
}

// SandboxValues returns the built-in sandbox profile's values with its
// base URL under root (e.g. "http://127.0.0.1:PORT").
func (d *Descriptor) SandboxValues(root string) Values {
	v := Values{}
	for k, s := range d.Sandbox.Values {
		v[k] = s
	}
	if d.Sandbox.Emulator != nil {
		v[KeyBaseURL] = strings.TrimRight(root, "/") + d.Sandbox.Emulator.Prefix()
	}
	return v
}

// KeyBaseURL is the profile key of the API root, common to every dialect.
const KeyBaseURL = "base-url"
