package github

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/signature"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// SampleEvents are the events `trigger` builds a sample of.
var SampleEvents = []string{
	"ping", "push", "pull_request", "issues", "issue_comment", "create", "delete",
	"release", "star", "workflow_run",
}

//go:embed samples.yaml
var samplesYAML []byte

var templates = kit.Samples(samplesYAML)

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
	if action := kit.BodyString("action")(h, body); e != "" && action != "" {
		return e + "." + action
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

// sampleHookID is the hook of a sample whose hook has no id of GitHub's.
const sampleHookID = 12345678

// sample is a delivery of event to hook, as GitHub sends one.
func sample(event string, hook webhook.Webhook, now time.Time) (http.Header, map[string]any, error) {
	if err := kit.Known(SampleEvents, "GitHub", event); err != nil {
		return nil, nil, err
	}
	id, err := strconv.ParseInt(hook.ID, 10, 64)
	if err != nil {
		id = sampleHookID
	}
	hook.ID = strconv.FormatInt(id, 10)
	p := kit.Sample(templates, event, hook, now)
	if h, ok := p["hook"].(map[string]any); ok {
		h["id"], p["hook_id"] = json.Number(hook.ID), json.Number(hook.ID)
	}
	return kit.Headers(templates, event, hook, now), p, nil
}
