package github

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Events GitHub itself sends on request: a ping to any hook, the latest push
// to a repository's hook (the tests endpoint).
const (
	EventPing = "ping"
	EventPush = "push"
)

// Test asks GitHub for a delivery: a ping (POST …/pings), or with event push
// the repository's latest push (POST …/tests). With a bare URL, hookctl sends
// a ping itself as GitHub would, signed with X-Hub-Signature-256 when the
// profile has a secret.
func (b *Backend) Test(ctx context.Context, req webhook.TestRequest) (webhook.TestResult, error) {
	event := req.Event
	if event == "" {
		event = EventPing
	}
	if req.ID == "" {
		return b.pingURL(ctx, req.URL, event)
	}
	endpoint := "/pings"
	switch event {
	case EventPing:
	case EventPush:
		if b.IsOrg() {
			return webhook.TestResult{}, webhook.Invalid("--event", "GitHub sends a test push to repository hooks only; an organization's hook takes a ping")
		}
		endpoint = "/tests"
	default:
		return webhook.TestResult{}, webhook.Invalid("--event", "GitHub sends %s or %s on request, not %q", EventPing, EventPush, event)
	}
	w, err := b.Get(ctx, req.ID)
	if err != nil {
		return webhook.TestResult{}, err
	}
	_, signed := settingValue(w.Raw, "secret") // GitHub shows a set secret as ********
	before := b.latest(ctx, req.ID).ID
	start := time.Now()
	resp, err := b.api.Do(ctx, http.MethodPost, b.hookURL(req.ID)+endpoint, nil)
	if err != nil {
		return webhook.TestResult{}, err
	}
	res := webhook.TestResult{URL: w.URL, Event: event, Status: resp.Status, Signed: signed, Elapsed: time.Since(start),
		Message: "GitHub accepted the " + event + "; see hookctl deliveries " + req.ID}
	// GitHub delivers in the background, usually at once: where its log
	// already has the delivery, report the receiver's answer.
	if d := b.latest(ctx, req.ID); d.ID != "" && d.ID != before && d.Event == event {
		res.Message = fmt.Sprintf("delivery %s: %s", d.ID, d.Status)
		if d.StatusCode == 0 {
			// Nothing answered (GitHub's "failed to connect to host"): the
			// test failed, whatever the API's own 204 said.
			return res, fmt.Errorf("GitHub accepted the %s, but its delivery %s to %s got no answer: %s (see hookctl deliveries %s %s)", event, d.ID, w.URL, d.Status, req.ID, d.ID)
		}
		res.Status, res.Elapsed = d.StatusCode, d.Duration
	}
	return res, nil
}

// latest is the newest delivery in a hook's log (its ID "" when none).
func (b *Backend) latest(ctx context.Context, id string) webhook.Delivery {
	d, _, err := b.Deliveries(ctx, id, 1, "")
	if err != nil || len(d) == 0 {
		return webhook.Delivery{}
	}
	return d[0]
}

// pingURL sends a ping to a bare URL the way GitHub sends one, signed
// with X-Hub-Signature-256 when the profile has a secret.
func (b *Backend) pingURL(ctx context.Context, target, event string) (webhook.TestResult, error) {
	if event != EventPing {
		return webhook.TestResult{}, webhook.Invalid("--event", "test --url sends a ping; for other events use hookctl trigger")
	}
	res := webhook.TestResult{URL: target, Event: event}
	h, v, err := sample(event, webhook.Webhook{URL: target}, time.Now())
	if err != nil {
		return res, err
	}
	return kit.SendSigned(ctx, b.cfg.Deliver, target, h, v, Signer, b.cfg.Secret, res)
}
