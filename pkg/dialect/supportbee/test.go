package supportbee

import (
	"context"
	"encoding/json"
	"errors"
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
	// The answer's shape is not published; where it says what the URL
	// answered, that is the test's status, not the API's own 200; where it
	// says nothing was delivered, the test failed.
	var report struct {
		Test *struct {
			Delivered    *bool  `json:"delivered"`
			ResponseCode int    `json:"response_code"`
			Note         string `json:"note"`
		} `json:"web_hook_test"`
	}
	if json.Unmarshal(resp.Body, &report) == nil && report.Test != nil {
		switch {
		case report.Test.ResponseCode > 0:
			res.Status = report.Test.ResponseCode
		case report.Test.Delivered != nil && !*report.Test.Delivered:
			why := "supportbee did not deliver it"
			if report.Test.Note != "" {
				why += ": " + b.cfg.Client.Redactor().String(report.Test.Note)
			}
			return res, errors.New(why)
		}
	}
	return res, nil
}
