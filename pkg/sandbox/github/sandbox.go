package github

import (
	"net/http"
	"time"

	"github.com/hookctl/hookctl/pkg/sandbox"
)

// Name is the name of GitHub's emulator (and dialect), and the key of its
// part of the sandbox state.
const Name = "github"

// Prefix is the path the hookctl sandbox serves GitHub's API under.
const Prefix = "/github"

// Repo is the repository the built-in sandbox-github profile names.
const Repo = "sandbox/hooks"

var (
	_ sandbox.Emulator       = (*Emulator)(nil)
	_ sandbox.RateLimitOwner = (*Emulator)(nil)
)

// Name is "github", the emulator's name in a sandbox.
func (e *Emulator) Name() string { return Name }

// Prefix is the path a sandbox serves the emulator under: Options.Prefix.
func (e *Emulator) Prefix() string { return e.opts.Prefix }

// About is the line a sandbox's GET / shows.
func (e *Emulator) About() string {
	return "/  GitHub REST API (repository and organization webhooks)"
}

// OwnsRateLimit is true: GitHub's emulator answers X-RateLimit-* itself and
// applies the sandbox's Options.RateLimit as GitHub's secondary limit on
// content-creating requests (403 with Retry-After).
func (e *Emulator) OwnsRateLimit() bool { return true }

// Serve answers one request of a sandbox. e serves as a template: each
// sandbox gets an Emulator of its own, on the sandbox's state, clock and
// delivery client, with the sandbox's rate limit as the secondary limit.
func (e *Emulator) Serve(h *sandbox.Host, w http.ResponseWriter, q *sandbox.Request) {
	in := q.Request.Clone(q.Context())
	in.URL.Path, in.URL.RawPath = q.Rest, ""
	own := h.Instance(func() any {
		o := h.Options()
		return New(Options{
			Prefix: e.opts.Prefix, Store: h, Client: h.Client(), Now: h.Now,
			SecondaryLimit: o.RateLimit, SecondaryWindow: o.RateWindow,
		})
	}).(*Emulator)
	own.serve(w, in, q.Body)
}

// Credential is the token: GitHub limits per token.
func (e *Emulator) Credential(r *http.Request) string { return r.Header.Get("Authorization") }

// RateLimited answers GitHub's secondary-limit 403 with Retry-After.
func (e *Emulator) RateLimited(w http.ResponseWriter, _ *http.Request, wait time.Duration) {
	w.Header().Set("Retry-After", sandbox.RetryAfter(wait))
	writeError(w, http.StatusForbidden, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
		"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits")
}

// Unavailable answers an injected 503 in GitHub's error shape.
func (e *Emulator) Unavailable(w http.ResponseWriter) {
	writeError(w, http.StatusServiceUnavailable, "Service Unavailable", docsURL)
}

// TooLarge answers a body over the sandbox's limit in GitHub's error shape.
func (e *Emulator) TooLarge(w http.ResponseWriter) {
	writeError(w, http.StatusRequestEntityTooLarge, "Payload Too Large", docsURL)
}

// RedactPath keeps paths: GitHub's token is in a header, never logged.
func (e *Emulator) RedactPath(rest string) string { return rest }
