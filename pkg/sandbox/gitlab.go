package sandbox

import (
	"encoding/json"
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
func (gitlabEmulator) about() string {
	return "/projects/{id}/hooks  GitLab REST API v4 (project and group webhooks)"
}

func (gitlabEmulator) serve(s *Sandbox, w http.ResponseWriter, q *request) {
	in := q.Request.Clone(q.Context())
	in.URL.Path, in.URL.RawPath = q.rest, strings.TrimPrefix(q.Request.URL.EscapedPath(), gitlabPrefix)
	e, _ := s.instances.LoadOrStore(GitLab, sandboxgitlab.New(sandboxgitlab.Options{
		Prefix: gitlabPrefix, Store: partStore{s, GitLab}, Client: s.callback, Now: s.opts.Now}))
	e.(*sandboxgitlab.Emulator).Serve(w, in, q.body)
}

func (gitlabEmulator) credential(r *http.Request) string { return r.Header.Get("Private-Token") }

func (gitlabEmulator) rateLimited(w http.ResponseWriter, _ *http.Request, wait time.Duration) {
	w.Header().Set("Retry-After", retryAfter(wait))
	w.Header().Set("RateLimit-Remaining", "0")
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = w.Write([]byte("Retry later\n"))
}

func (gitlabEmulator) unavailable(w http.ResponseWriter) {
	writeJSON(w, http.StatusServiceUnavailable, "application/json", map[string]string{"message": "503 Service Unavailable"})
}

func (gitlabEmulator) tooLarge(w http.ResponseWriter) {
	writeJSON(w, http.StatusRequestEntityTooLarge, "application/json", map[string]string{"message": "413 Request Entity Too Large"})
}

func (gitlabEmulator) redactPath(rest string) string { return rest }

// partStore gives an emulator package its part of the state, under the
// sandbox's lock and in its state file.
type partStore struct {
	s    *Sandbox
	name string
}

func (p partStore) Update(fn func(json.RawMessage) (json.RawMessage, error)) error {
	return updatePart(p.s, p.name, func(raw *json.RawMessage) error {
		out, err := fn(*raw)
		if err == nil {
			*raw = out
		}
		return err
	})
}

func (p partStore) View(fn func(json.RawMessage) error) error {
	return viewPart(p.s, p.name, func(raw *json.RawMessage) error { return fn(*raw) })
}
