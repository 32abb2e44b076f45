package github

import (
	"bytes"
	"encoding/json"
	"fmt"
	mathrand "math/rand/v2"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	sandboxgithub "github.com/hookctl/hookctl/pkg/sandbox/github"
	"github.com/hookctl/hookctl/pkg/sandbox/github/payloads"
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
	if !bytes.Contains(body, []byte(`"action"`)) && !bytes.Contains(body, []byte(`\u`)) {
		// No action key (a push), not even spelt with escapes: no need
		// to read the whole body.
		return e
	}
	var v struct {
		Action string `json:"action"`
	}
	if json.Unmarshal(body, &v) == nil && v.Action != "" {
		return e + "." + v.Action
	}
	return e
}

// deliveryID is X-GitHub-Delivery, the delivery's GUID (a redelivery keeps
// it: GitHub advises receivers to use it against replays).
func deliveryID(h http.Header, _ []byte) string {
	if g := h.Get(signature.GitHubDeliveryHeader); g != "" {
		return "X-GitHub-Delivery " + g
	}
	return ""
}

const sampleHookID = 12345678

// freshID is a new id of GitHub's size for a sample's object.
func freshID() float64 { return float64(100_000_000 + mathrand.IntN(900_000_000)) }

// sampleRepo is the example's repository, OWNER/NAME.
func sampleRepo(p map[string]any) string {
	name, _ := payloads.Object(p, "repository")["full_name"].(string)
	return name
}

func asList(v any) []any { l, _ := v.([]any); return l }

func sample(event string, hook webhook.Webhook, now time.Time) (http.Header, map[string]any, error) {
	if err := kit.Known(SampleEvents, "GitHub", event); err != nil {
		return nil, nil, err
	}
	// GitHub's own example of the event, complete (every member its
	// schema requires), with fresh ids and times: two samples are two
	// deliveries, and a receiver that remembers bodies takes both.
	p, err := payloads.Example(event)
	if err != nil {
		return nil, nil, err
	}
	ts := now.UTC().Format(time.RFC3339)
	url, hookID := hook.URL, float64(sampleHookID)
	if hook.ID != "" {
		if _, err := fmt.Sscan(hook.ID, &hookID); err != nil {
			hookID = sampleHookID
		}
	}
	fresh := func(obj map[string]any, times ...string) {
		if obj == nil {
			return
		}
		if _, ok := obj["id"].(float64); ok {
			obj["id"] = freshID()
		}
		for _, k := range times {
			if _, ok := obj[k]; ok {
				obj[k] = ts
			}
		}
	}
	switch event {
	case "ping":
		self := fmt.Sprintf("https://api.github.com/repos/%s/hooks/%.0f", sampleRepo(p), hookID)
		p["zen"] = sandboxgithub.Zen[mathrand.IntN(len(sandboxgithub.Zen))]
		p["hook_id"] = hookID
		hk := payloads.Object(p, "hook")
		hk["id"], hk["created_at"], hk["updated_at"] = hookID, ts, ts
		hk["url"], hk["test_url"], hk["ping_url"], hk["deliveries_url"] = self, self+"/test", self+"/pings", self+"/deliveries"
		if cfg := payloads.Object(hk, "config"); cfg != nil {
			cfg["url"] = url
		}
	case "push":
		sha := webhook.RandomHex(20)
		p["after"] = sha
		for _, c := range append([]any{p["head_commit"]}, asList(p["commits"])...) {
			if c, ok := c.(map[string]any); ok {
				c["id"], c["timestamp"] = sha, ts
			}
		}
	case "pull_request":
		fresh(payloads.Object(p, "pull_request"), "created_at", "updated_at")
	case "issues":
		fresh(payloads.Object(p, "issue"), "created_at", "updated_at")
	case "issue_comment":
		fresh(payloads.Object(p, "comment"), "created_at", "updated_at")
	case "create", "delete":
		p["ref"] = fmt.Sprintf("v1.%d.0", mathrand.IntN(1_000_000))
	case "release":
		fresh(payloads.Object(p, "release"), "created_at", "published_at")
	case "star":
		p["starred_at"] = ts
		if repo := payloads.Object(p, "repository"); repo != nil {
			repo["stargazers_count"] = float64(1 + mathrand.IntN(100_000))
		}
	case "workflow_run":
		run := payloads.Object(p, "workflow_run")
		fresh(run, "created_at", "updated_at", "run_started_at")
		if run != nil {
			run["run_number"] = float64(1 + mathrand.IntN(100_000))
		}
	}
	h := http.Header{
		"Content-Type":                           {"application/json"},
		"User-Agent":                             {"GitHub-Hookshot/hookctl"},
		"X-Github-Event":                         {event},
		"X-Github-Delivery":                      {uuid.NewString()},
		"X-Github-Hook-Id":                       {fmt.Sprintf("%.0f", hookID)},
		"X-Github-Hook-Installation-Target-Type": {"repository"},
		"X-Github-Hook-Installation-Target-Id":   {fmt.Sprintf("%.0f", payloads.Object(p, "repository")["id"])},
	}
	return h, p, nil
}
