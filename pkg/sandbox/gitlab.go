package sandbox

import (
	"net/http"
	"strings"
	"time"

	sandboxgitlab "github.com/hookctl/hookctl/pkg/sandbox/gitlab"
)

// GitLab is the name of GitLab's emulator (project and group webhooks),
// implemented in package pkg/sandbox/gitlab.
const GitLab = "gitlab"

const gitlabPrefix = "/gitlab/api/v4"

// GitLabToken is the access token the sandbox accepts for any project or group.
const GitLabToken = sandboxgitlab.Token

// GitLabRepo is the project the built-in sandbox-gitlab profile names.
const GitLabRepo = "sandbox/hooks"

// GitLabEmulator serves GitLab's REST API v4 webhooks under /gitlab/api/v4.
var GitLabEmulator = register(gitlabEmulator{})

type gitlabEmulator struct{}

func (gitlabEmulator) Name() string   { return GitLab }
func (gitlabEmulator) Prefix() string { return gitlabPrefix }
func (gitlabEmulator) About() string {
	return "/projects/{id}/hooks  GitLab REST API v4 (project and group webhooks)"
}

func (gitlabEmulator) Serve(h *Host, w http.ResponseWriter, q *Request) {
	in := q.Request.Clone(q.Context())
	in.URL.Path, in.URL.RawPath = q.Rest, strings.TrimPrefix(q.Request.URL.EscapedPath(), gitlabPrefix)
	e := h.Instance(func() any {
		return sandboxgitlab.New(sandboxgitlab.Options{Prefix: gitlabPrefix, Store: h, Client: h.Client(), Now: h.Now})
	}).(*sandboxgitlab.Emulator)
	e.Serve(w, in, q.Body)
}

func (gitlabEmulator) Credential(r *http.Request) string { return r.Header.Get("Private-Token") }

func (gitlabEmulator) RateLimited(w http.ResponseWriter, _ *http.Request, wait time.Duration) {
	w.Header().Set("Retry-After", retryAfter(wait))
	w.Header().Set("RateLimit-Remaining", "0")
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = w.Write([]byte("Retry later\n"))
}

func (gitlabEmulator) Unavailable(w http.ResponseWriter) {
	writeJSON(w, http.StatusServiceUnavailable, "application/json", map[string]string{"message": "503 Service Unavailable"})
}

func (gitlabEmulator) TooLarge(w http.ResponseWriter) {
	writeJSON(w, http.StatusRequestEntityTooLarge, "application/json", map[string]string{"message": "413 Request Entity Too Large"})
}

func (gitlabEmulator) RedactPath(rest string) string { return rest }
