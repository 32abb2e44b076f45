package github

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Events are the event names GitHub documents for repository and
// organization hooks, "*" (all) first: what the emulator accepts, and the
// list the github dialect offers (one list for client and emulator).
var Events = strings.Fields(`* branch_protection_configuration branch_protection_rule check_run
		check_suite code_scanning_alert commit_comment create custom_property_values delete
		dependabot_alert deploy_key deployment deployment_protection_rule deployment_review
		deployment_status discussion discussion_comment fork gollum issue_comment issues label
		member membership merge_group meta milestone organization package page_build ping project
		project_card project_column projects_v2_item public pull_request pull_request_review
		pull_request_review_comment pull_request_review_thread push registry_package release
		repository repository_advisory repository_dispatch repository_import repository_ruleset
		repository_vulnerability_alert secret_scanning_alert secret_scanning_alert_location
		security_advisory security_and_analysis sponsorship star status team team_add watch
		workflow_dispatch workflow_job workflow_run`)

// knownEvents are the event names GitHub accepts on a hook.
var knownEvents = func() map[string]bool {
	m := map[string]bool{}
	for _, e := range Events {
		m[e] = true
	}
	return m
}()

// zen are GitHub's ping sayings.
var zen = []string{
	"Keep it logically awesome.", "Design for failure.", "Anything added dilutes everything else.",
	"Approachable is better than simple.", "Mind your words, they are important.",
	"Speak like a human.", "Half measures are as bad as nothing at all.",
	"Encourage flow.", "Non-blocking is better than blocking.", "Favor focus over features.",
	"Avoid administrative distraction.", "Practicality beats purity.", "It's not fully shipped until it's fast.",
	"Responsive is better than fast.",
}

// samplePayload is the body GitHub sends for event: a ping with the hook,
// or the repository's latest push.
func samplePayload(root string, h *hook, event string) json.RawMessage {
	owner := strings.Split(h.Owner, "/")
	sender := map[string]any{"login": "sandbox-user", "id": 583231, "type": "User", "site_admin": false}
	var where map[string]any
	if h.isOrg() {
		where = map[string]any{"organization": map[string]any{"login": owner[1], "id": ownerID(h.Owner),
			"url": root + "/orgs/" + owner[1], "hooks_url": root + "/orgs/" + owner[1] + "/hooks"}}
	} else {
		full := owner[1] + "/" + owner[2]
		where = map[string]any{"repository": map[string]any{"id": ownerID(h.Owner), "name": owner[2], "full_name": full,
			"private": false, "owner": map[string]any{"login": owner[1], "type": "User"},
			"html_url": "https://github.com/" + full, "url": root + "/repos/" + full, "default_branch": "main"}}
	}
	p := map[string]any{"sender": sender}
	for k, v := range where {
		p[k] = v
	}
	switch event {
	case "ping":
		self := fmt.Sprintf("%s/%s/hooks/%d", root, h.Owner, h.ID)
		hk := map[string]any{
			"type": "Repository", "id": h.ID, "name": h.Name, "active": h.Active, "events": h.Events,
			"config":     renderConfig(h.Config),
			"updated_at": h.UpdatedAt.UTC().Format(time.RFC3339), "created_at": h.CreatedAt.UTC().Format(time.RFC3339),
			"url": self, "ping_url": self + "/pings", "deliveries_url": self + "/deliveries",
			"last_response": h.LastResponse,
		}
		if h.isOrg() {
			hk["type"] = "Organization"
		} else {
			hk["test_url"] = self + "/test"
		}
		p["zen"] = zen[int(h.ID)%len(zen)]
		p["hook_id"] = h.ID
		p["hook"] = hk
	case "push":
		sha := "6dcb09b5b57875f334f61aebed695e2e4193db5e"
		commit := map[string]any{"id": sha, "tree_id": "f9d2a07e9488b91af2641b26b9407fe22a451433", "distinct": true,
			"message": "Update README.md", "timestamp": "2026-01-15T10:00:00Z",
			"author": map[string]any{"name": "Sandbox User", "email": "sandbox@example.com", "username": "sandbox-user"},
			"added":  []string{}, "removed": []string{}, "modified": []string{"README.md"}}
		p["ref"] = "refs/heads/main"
		p["before"] = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"
		p["after"] = sha
		p["created"], p["deleted"], p["forced"] = false, false, false
		p["base_ref"] = nil
		p["compare"] = "https://github.com/" + strings.Join(owner[1:], "/") + "/compare/0d1a26e67d8f...6dcb09b5b578"
		p["commits"] = []any{commit}
		p["head_commit"] = commit
		p["pusher"] = map[string]any{"name": "sandbox-user", "email": "sandbox@example.com"}
	}
	b, _ := json.Marshal(p)
	return b
}
