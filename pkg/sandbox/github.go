package sandbox

import (
	"net/http"
	"time"

	sandboxgithub "github.com/hookctl/hookctl/pkg/sandbox/github"
)

// GitHub is the name of GitHub's emulator: repository and organization
// webhooks, implemented in package pkg/sandbox/github.
const GitHub = "github"

// githubPrefix is the path GitHub's API is served under.
const githubPrefix = "/github"

// githubJSON is the content type of GitHub's answers.
const githubJSON = "application/json; charset=utf-8"

// GitHubToken is the GitHub token the sandbox accepts, for any owner,
// repository or organization. GitHubToken+"-"+anything is another user;
// one ending in "-readonly" may administer nothing (GitHub's 404).
const GitHubToken = sandboxgithub.Token

// GitHubRepo is the repository the built-in sandbox-github profile names.
const GitHubRepo = "sandbox/hooks"

// GitHubEmulator serves GitHub's REST API for repository and organization
// webhooks under /github.
var GitHubEmulator = register(githubEmulator{})

type githubEmulator struct{}

func (githubEmulator) Name() string   { return GitHub }
func (githubEmulator) Prefix() string { return githubPrefix }
func (githubEmulator) About() string {
	return "/  GitHub REST API (repository and organization webhooks)"
}

// OwnsRateLimit: GitHub's emulator answers X-RateLimit-* itself and applies
// Options.RateLimit as GitHub's secondary limit on content-creating
// requests (403 with Retry-After).
func (githubEmulator) OwnsRateLimit() bool { return true }

func (githubEmulator) Serve(h *Host, w http.ResponseWriter, q *Request) {
	in := q.Request.Clone(q.Context())
	in.URL.Path, in.URL.RawPath = q.Rest, ""
	e := h.Instance(func() any {
		o := h.Options()
		return sandboxgithub.New(sandboxgithub.Options{
			Prefix: githubPrefix, Store: h, Client: h.Client(), Now: h.Now,
			SecondaryLimit: o.RateLimit, SecondaryWindow: o.RateWindow,
		})
	}).(*sandboxgithub.Emulator)
	e.Serve(w, in, q.Body)
}

func (githubEmulator) Credential(r *http.Request) string { return r.Header.Get("Authorization") }

func (githubEmulator) RateLimited(w http.ResponseWriter, _ *http.Request, wait time.Duration) {
	w.Header().Set("Retry-After", retryAfter(wait))
	writeJSON(w, http.StatusForbidden, githubJSON, map[string]string{
		"message":           "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
		"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
		"status":            "403",
	})
}

func (githubEmulator) Unavailable(w http.ResponseWriter) {
	writeJSON(w, http.StatusServiceUnavailable, githubJSON, map[string]string{"message": "Service Unavailable", "documentation_url": "https://docs.github.com/rest", "status": "503"})
}

func (githubEmulator) TooLarge(w http.ResponseWriter) {
	writeJSON(w, http.StatusRequestEntityTooLarge, githubJSON, map[string]string{"message": "Payload Too Large", "documentation_url": "https://docs.github.com/rest", "status": "413"})
}

func (githubEmulator) RedactPath(rest string) string { return rest }
