package github

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/hookctl/hookctl/pkg/sandbox/github/payloads"
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

// Zen are GitHub's ping sayings (the github dialect's samples say them
// too: one list).
var Zen = []string{
	"Keep it logically awesome.", "Design for failure.", "Anything added dilutes everything else.",
	"Approachable is better than simple.", "Mind your words, they are important.",
	"Speak like a human.", "Half measures are as bad as nothing at all.",
	"Encourage flow.", "Non-blocking is better than blocking.", "Favor focus over features.",
	"Avoid administrative distraction.", "Practicality beats purity.", "It's not fully shipped until it's fast.",
	"Responsive is better than fast.",
}

// samplePayload is the body GitHub sends for event: a ping with the hook,
// or the repository's latest push. It starts from GitHub's own example
// payload (complete, as GitHub's published schemas require) and puts this
// hook's owner, id and settings in it.
func samplePayload(root string, h *hook, event string) json.RawMessage {
	owner := strings.Split(h.Owner, "/")
	name := event
	if event == "ping" && h.isOrg() {
		name = "ping.organization"
	}
	p, err := payloads.Example(name)
	if err != nil {
		return json.RawMessage(`{}`)
	}
	if h.isOrg() {
		delete(p, "repository")
		if org := payloads.Object(p, "organization"); org != nil {
			org["login"], org["id"] = owner[1], ownerID(h.Owner)
			org["url"], org["hooks_url"] = root+"/orgs/"+owner[1], root+"/orgs/"+owner[1]+"/hooks"
		}
	} else if repo := payloads.Object(p, "repository"); repo != nil {
		full := owner[1] + "/" + owner[2]
		repo["id"], repo["name"], repo["full_name"] = ownerID(h.Owner), owner[2], full
		repo["html_url"], repo["url"] = "https://github.com/"+full, root+"/repos/"+full
		if o := payloads.Object(repo, "owner"); o != nil {
			o["login"] = owner[1]
		}
	}
	if sender := payloads.Object(p, "sender"); sender != nil {
		sender["login"], sender["id"] = "sandbox-user", 583231
	}
	switch event {
	case "ping":
		self := fmt.Sprintf("%s/%s/hooks/%d", root, h.Owner, h.ID)
		hk := payloads.Object(p, "hook")
		hk["id"], hk["name"], hk["active"], hk["events"] = h.ID, h.Name, h.Active, h.Events
		hk["config"] = renderConfig(h.Config)
		hk["updated_at"], hk["created_at"] = h.UpdatedAt.UTC().Format(time.RFC3339), h.CreatedAt.UTC().Format(time.RFC3339)
		hk["url"], hk["ping_url"], hk["deliveries_url"] = self, self+"/pings", self+"/deliveries"
		// A ping reports no earlier answer (GitHub's schema: code and
		// message null).
		hk["last_response"] = map[string]any{"code": nil, "status": "unused", "message": nil}
		if h.isOrg() {
			hk["type"] = "Organization"
			delete(hk, "test_url")
		} else {
			hk["type"], hk["test_url"] = "Repository", self+"/test"
		}
		// GitHub picks a saying at random; here the next one for each
		// delivery of the hook, so two pings are never the same body.
		p["zen"] = Zen[(int(h.ID)+len(h.Deliveries))%len(Zen)]
		p["hook_id"] = h.ID
	case "push":
		// Each test push is a new commit: a receiver that remembers
		// bodies takes every one.
		sha := fmt.Sprintf("%040x", h.ID*1_000_003+int64(len(h.Deliveries)))
		p["after"] = sha
		for _, c := range append([]any{p["head_commit"]}, listOf(p["commits"])...) {
			if c, ok := c.(map[string]any); ok {
				c["id"] = sha
			}
		}
		p["ref"] = "refs/heads/main"
		p["compare"] = "https://github.com/" + strings.Join(owner[1:], "/") + "/compare/0d1a26e67d8f...6dcb09b5b578"
	}
	b, _ := json.Marshal(p)
	return b
}

func listOf(v any) []any { l, _ := v.([]any); return l }
