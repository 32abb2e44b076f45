package supportbee

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Test asks SupportBee to send a sample event with POST /web_hooks/test.json.
// By id it sends to that web hook's URL; by --url to that URL. The event
// defaults to ticket.created and must be one SupportBee documents.
func (b *Backend) Test(ctx context.Context, req webhook.TestRequest) (webhook.TestResult, error) {
	event := req.Event
	if event == "" {
		event = Schema.DefaultEvent
	}
	if !slices.Contains(Schema.Events, event) {
		return webhook.TestResult{}, webhook.Invalid("--event", "unknown supportbee event %q (events: %s)", event, strings.Join(Schema.Events, ", "))
	}
	target := req.URL
	switch {
	case req.ID != "":
		w, err := b.Get(ctx, req.ID)
		if err != nil {
			return webhook.TestResult{}, err
		}
		target = w.URL
	case target == "":
		return webhook.TestResult{}, webhook.Invalid("", "test needs a webhook id or --url")
	default:
		if err := Schema.ValidateURL("--url", target); err != nil {
			return webhook.TestResult{}, err
		}
	}
	res := webhook.TestResult{URL: target, Event: event}
	start := time.Now()
	resp, err := b.call(ctx, http.MethodPost, "/web_hooks/test.json", testParams{ActionType: event, URL: target})
	if err != nil {
		return res, err
	}
	res.Elapsed = time.Since(start)
	res.Status = resp.Status
	if len(strings.TrimSpace(string(resp.Body))) > 0 {
		res.Message = b.cfg.Client.Redactor().String(httpx.Snippet(resp.Body))
	}
	return res, nil
}
