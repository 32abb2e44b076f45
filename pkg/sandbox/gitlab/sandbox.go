package gitlab

import (
	"net/http"
	"time"

	"github.com/hookctl/hookctl/pkg/sandbox"
)

// Name is the name of GitLab's emulator (and dialect), and the key of its
// part of the sandbox state.
const Name = "gitlab"

// Prefix is the path the hookctl sandbox serves GitLab's API under.
const Prefix = "/gitlab/api/v4"

// Repo is the project the built-in sandbox-gitlab profile names.
const Repo = "sandbox/hooks"

var _ sandbox.Emulator = (*Emulator)(nil)

// Name is "gitlab", the emulator's name in a sandbox.
func (e *Emulator) Name() string { return Name }

// Prefix is the path a sandbox serves the emulator under: Options.Prefix.
func (e *Emulator) Prefix() string { return e.opts.Prefix }

// About is the line a sandbox's GET / shows.
func (e *Emulator) About() string {
	return "/projects/{id}/hooks  GitLab REST API v4 (project and group webhooks)"
}

// Serve answers one request of a sandbox, on an Emulator of the sandbox's
// own (its state, clock and loopback delivery client). The path after the
// prefix keeps its encoding: a project path is one %2F-encoded segment.
func (e *Emulator) Serve(h *sandbox.Host, w http.ResponseWriter, q *sandbox.Request) {
	in := q.Request.Clone(q.Context())
	in.URL.Path, in.URL.RawPath = q.Rest, q.Request.URL.EscapedPath()[len(e.opts.Prefix):]
	own := h.Instance(func() any {
		return New(Options{Prefix: e.opts.Prefix, Store: h, Client: h.Client(), Now: h.Now})
	}).(*Emulator)
	own.serve(w, in, q.Body)
}

// Credential is the access token: GitLab limits per user.
func (e *Emulator) Credential(r *http.Request) string { return r.Header.Get("Private-Token") }

// RateLimited answers GitLab's 429: "Retry later" with Retry-After.
func (e *Emulator) RateLimited(w http.ResponseWriter, _ *http.Request, wait time.Duration) {
	w.Header().Set("Retry-After", sandbox.RetryAfter(wait))
	w.Header().Set("RateLimit-Remaining", "0")
	sandbox.WriteText(w, http.StatusTooManyRequests, "Retry later\n")
}

// Unavailable answers an injected 503 in GitLab's error shape.
func (e *Emulator) Unavailable(w http.ResponseWriter) {
	reply(w, http.StatusServiceUnavailable, map[string]any{"message": "503 Service Unavailable"})
}

// TooLarge answers a body over the sandbox's limit in GitLab's error shape.
func (e *Emulator) TooLarge(w http.ResponseWriter) {
	reply(w, http.StatusRequestEntityTooLarge, map[string]any{"message": "413 Request Entity Too Large"})
}

// RedactPath keeps paths: GitLab's token is in a header, never logged.
func (e *Emulator) RedactPath(rest string) string { return rest }
