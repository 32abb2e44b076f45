package sandbox

import (
	"encoding/json"
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
func (githubEmulator) about() string {
	return "/  GitHub REST API (repository and organization webhooks)"
}

// ownsRateLimit: GitHub's emulator answers X-RateLimit-* itself and applies
// Options.RateLimit as GitHub's secondary limit on content-creating
// requests (403 with Retry-After).
func (githubEmulator) ownsRateLimit() bool { return true }

func (githubEmulator) serve(s *Sandbox, w http.ResponseWriter, q *request) {
	in := q.Request.Clone(q.Context())
	in.URL.Path, in.URL.RawPath = q.rest, ""
	githubInstance(s).Serve(w, in, q.body)
}

// githubInstance is the Sandbox's GitHub emulator, made on first use.
func githubInstance(s *Sandbox) *sandboxgithub.Emulator {
	if e, ok := s.instances.Load(GitHub); ok {
		return e.(*sandboxgithub.Emulator)
	}
	e, _ := s.instances.LoadOrStore(GitHub, sandboxgithub.New(sandboxgithub.Options{
		Prefix: githubPrefix, Store: githubStore{s}, Client: s.callback, Now: s.opts.Now,
		SecondaryLimit: s.opts.RateLimit, SecondaryWindow: s.opts.RateWindow,
	}))
	return e.(*sandboxgithub.Emulator)
}

func (githubEmulator) credential(r *http.Request) string { return r.Header.Get("Authorization") }

func (githubEmulator) rateLimited(w http.ResponseWriter, _ *http.Request, wait time.Duration) {
	w.Header().Set("Retry-After", retryAfter(wait))
	writeJSON(w, http.StatusForbidden, githubJSON, map[string]string{
		"message":           "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
		"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
		"status":            "403",
	})
}

func (githubEmulator) unavailable(w http.ResponseWriter) {
	writeJSON(w, http.StatusServiceUnavailable, githubJSON, map[string]string{"message": "Service Unavailable", "documentation_url": "https://docs.github.com/rest", "status": "503"})
}

func (githubEmulator) tooLarge(w http.ResponseWriter) {
	writeJSON(w, http.StatusRequestEntityTooLarge, githubJSON, map[string]string{"message": "Payload Too Large", "documentation_url": "https://docs.github.com/rest", "status": "413"})
}

func (githubEmulator) redactPath(rest string) string { return rest }

// githubStore gives the GitHub emulator its part of the state, under the
// same lock and in the same file as the other emulators'.
type githubStore struct{ s *Sandbox }

func (g githubStore) Update(fn func(json.RawMessage) (json.RawMessage, error)) error {
	return updatePart(g.s, GitHub, func(raw *json.RawMessage) error {
		out, err := fn(*raw)
		if err != nil {
			return err
		}
		*raw = out
		return nil
	})
}

func (g githubStore) View(fn func(json.RawMessage) error) error {
	return viewPart(g.s, GitHub, func(raw *json.RawMessage) error { return fn(*raw) })
}
