package github

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/signature"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// SampleEvents are the events `trigger` builds a sample of.
var SampleEvents = []string{
	"ping", "push", "pull_request", "issues", "issue_comment", "create", "delete",
	"release", "star", "workflow_run",
}

// Samples are GitHub deliveries: the event payload with X-GitHub-Event,
// X-GitHub-Delivery (a GUID), X-GitHub-Hook-ID, the installation target
// headers and User-Agent GitHub-Hookshot; Signer adds X-Hub-Signature-256.
var Samples = &spec.Samples{
	Events:       SampleEvents,
	DefaultEvent: "ping",
	Shape:        "the event's payload, named by X-GitHub-Event, with X-GitHub-Delivery",
	Sample:       sample,
	Event:        event,
}

// event is X-GitHub-Event, with the body's action when it has one
// ("issues.opened").
func event(h http.Header, body []byte) string {
	e := h.Get(signature.GitHubEventHeader)
	if e == "" {
		return ""
	}
	var v struct {
		Action string `json:"action"`
	}
	if json.Unmarshal(body, &v) == nil && v.Action != "" {
		return e + "." + v.Action
	}
	return e
}

// DeliveryID is X-GitHub-Delivery, the delivery's GUID (a redelivery keeps
// it: GitHub advises receivers to use it against replays).
func (Signer) DeliveryID(h http.Header, _ []byte) string {
	if g := h.Get(signature.GitHubDeliveryHeader); g != "" {
		return "X-GitHub-Delivery " + g
	}
	return ""
}

const (
	sampleRepoID = 1296269
	sampleHookID = 12345678
	sampleSHA    = "6dcb09b5b57875f334f61aebed695e2e4193db5e"
	sampleBefore = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"
)

func sample(event string, hook webhook.Webhook, now time.Time) (http.Header, map[string]any, error) {
	known := false
	for _, e := range SampleEvents {
		known = known || e == event
	}
	if !known {
		return nil, nil, fmt.Errorf("no sample of GitHub event %q", event)
	}
	ts := now.UTC().Format(time.RFC3339)
	url, hookID := hook.URL, float64(sampleHookID)
	if hook.ID != "" {
		if _, err := fmt.Sscan(hook.ID, &hookID); err != nil {
			hookID = sampleHookID
		}
	}
	owner := map[string]any{"login": "octocat", "id": 1.0, "type": "User", "site_admin": false, "html_url": "https://github.com/octocat"}
	sender := map[string]any{"login": "octocat", "id": 1.0, "type": "User", "site_admin": false}
	repo := map[string]any{
		"id": float64(sampleRepoID), "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5", "name": "Hello-World",
		"full_name": "octocat/Hello-World", "private": false, "owner": owner,
		"html_url": "https://github.com/octocat/Hello-World", "url": "https://api.github.com/repos/octocat/Hello-World",
		"default_branch": "main", "created_at": "2011-01-26T19:01:12Z", "pushed_at": ts, "stargazers_count": 80.0,
	}
	user := map[string]any{"login": "octocat", "id": 1.0, "type": "User"}
	issue := map[string]any{
		"id": 1.0, "number": 1347.0, "title": "Found a bug", "state": "open", "user": user,
		"body": "I'm having a problem with this.", "labels": []any{}, "comments": 0.0,
		"html_url": "https://github.com/octocat/Hello-World/issues/1347", "created_at": ts, "updated_at": ts,
	}
	p := map[string]any{"repository": repo, "sender": sender}
	switch event {
	case "ping":
		self := fmt.Sprintf("https://api.github.com/repos/octocat/Hello-World/hooks/%.0f", hookID)
		p["zen"] = "Design for failure."
		p["hook_id"] = hookID
		p["hook"] = map[string]any{
			"type": "Repository", "id": hookID, "name": "web", "active": true,
			"events":     []any{"push", "pull_request"},
			"config":     map[string]any{"content_type": "json", "insecure_ssl": "0", "url": url},
			"created_at": ts, "updated_at": ts, "url": self, "test_url": self + "/test",
			"ping_url": self + "/pings", "deliveries_url": self + "/deliveries",
			"last_response": map[string]any{"code": nil, "status": "unused", "message": nil},
		}
	case "push":
		commit := map[string]any{
			"id": sampleSHA, "tree_id": "f9d2a07e9488b91af2641b26b9407fe22a451433", "distinct": true,
			"message": "Update README.md", "timestamp": ts, "url": "https://github.com/octocat/Hello-World/commit/" + sampleSHA,
			"author":    map[string]any{"name": "The Octocat", "email": "octocat@github.com", "username": "octocat"},
			"committer": map[string]any{"name": "The Octocat", "email": "octocat@github.com", "username": "octocat"},
			"added":     []any{}, "removed": []any{}, "modified": []any{"README.md"},
		}
		p["ref"], p["before"], p["after"] = "refs/heads/main", sampleBefore, sampleSHA
		p["created"], p["deleted"], p["forced"], p["base_ref"] = false, false, false, nil
		p["compare"] = "https://github.com/octocat/Hello-World/compare/0d1a26e67d8f...6dcb09b5b578"
		p["commits"], p["head_commit"] = []any{commit}, commit
		p["pusher"] = map[string]any{"name": "octocat", "email": "octocat@github.com"}
	case "pull_request":
		p["action"], p["number"] = "opened", 1348.0
		p["pull_request"] = map[string]any{
			"id": 279147437.0, "number": 1348.0, "state": "open", "title": "Amazing new feature", "user": user,
			"body": "Please pull these awesome changes in!", "draft": false, "merged": false,
			"html_url": "https://github.com/octocat/Hello-World/pull/1348", "created_at": ts, "updated_at": ts,
			"head":    map[string]any{"label": "octocat:new-topic", "ref": "new-topic", "sha": sampleSHA, "repo": repo},
			"base":    map[string]any{"label": "octocat:main", "ref": "main", "sha": sampleBefore, "repo": repo},
			"commits": 1.0, "additions": 100.0, "deletions": 3.0, "changed_files": 5.0,
		}
	case "issues":
		p["action"], p["issue"] = "opened", issue
	case "issue_comment":
		p["action"], p["issue"] = "created", issue
		p["comment"] = map[string]any{
			"id": 1.0, "body": "Me too", "user": user, "created_at": ts, "updated_at": ts,
			"html_url": "https://github.com/octocat/Hello-World/issues/1347#issuecomment-1",
		}
	case "create", "delete":
		p["ref"], p["ref_type"], p["pusher_type"] = "simple-tag", "tag", "user"
		if event == "create" {
			p["master_branch"], p["description"] = "main", nil
		}
	case "release":
		p["action"] = "published"
		p["release"] = map[string]any{
			"id": 1.0, "tag_name": "v1.0.0", "target_commitish": "main", "name": "v1.0.0", "draft": false,
			"prerelease": false, "author": user, "created_at": ts, "published_at": ts,
			"html_url": "https://github.com/octocat/Hello-World/releases/tag/v1.0.0", "body": "Description of the release",
			"assets": []any{},
		}
	case "star":
		p["action"], p["starred_at"] = "created", ts
	case "workflow_run":
		p["action"] = "completed"
		p["workflow_run"] = map[string]any{
			"id": 30433642.0, "name": "Build", "head_branch": "main", "head_sha": sampleSHA, "run_number": 562.0,
			"event": "push", "status": "completed", "conclusion": "success", "workflow_id": 159038.0,
			"html_url": "https://github.com/octocat/Hello-World/actions/runs/30433642", "created_at": ts, "updated_at": ts,
		}
		p["workflow"] = map[string]any{"id": 159038.0, "name": "Build", "path": ".github/workflows/build.yml", "state": "active"}
	}
	h := http.Header{
		"Content-Type":                           {"application/json"},
		"User-Agent":                             {"GitHub-Hookshot/hookctl"},
		"X-Github-Event":                         {event},
		"X-Github-Delivery":                      {webhook.RandomUUID()},
		"X-Github-Hook-Id":                       {fmt.Sprintf("%.0f", hookID)},
		"X-Github-Hook-Installation-Target-Type": {"repository"},
		"X-Github-Hook-Installation-Target-Id":   {fmt.Sprint(sampleRepoID)},
	}
	return h, p, nil
}
