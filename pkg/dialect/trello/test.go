package trello

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Test sends a sample delivery the way Trello would: Trello has no test
// endpoint, so hookctl checks the callback answers HEAD with 200 (as Trello
// does on create) and then POSTs a realistic action, signed with
// X-Trello-Webhook when the profile has the app secret.
func (b *Backend) Test(ctx context.Context, req webhook.TestRequest) (webhook.TestResult, error) {
	target := req.URL
	hook := webhook.Webhook{ID: "5abbe4b7ddc1b351ef961414", URL: req.URL}
	if req.ID != "" {
		w, err := b.Get(ctx, req.ID)
		if err != nil {
			return webhook.TestResult{}, err
		}
		hook, target = w, w.URL
	}
	event := req.Event
	if event == "" {
		event = Schema.DefaultEvent
	}
	res := webhook.TestResult{URL: target, Event: event}
	head, err := b.cfg.Deliver.Do(ctx, &httpx.Request{Method: http.MethodHead, URL: target})
	if err != nil {
		return res, fmt.Errorf("callback check: %w", err)
	}
	if head.Status != http.StatusOK {
		// The callback's answer, not the backend's: a plain failure (exit 1).
		return res, fmt.Errorf("the callback answered HEAD with %d; Trello needs 200", head.Status)
	}
	body, err := json.Marshal(SampleDelivery(hook, event, time.Now()))
	if err != nil {
		return res, err
	}
	h := http.Header{"Content-Type": {"application/json"}, "User-Agent": {"Trello"}}
	if b.cfg.Secret != "" {
		Signer{}.Sign(h, body, b.cfg.Secret, target)
		res.Signed = true
	}
	start := time.Now()
	resp, err := b.cfg.Deliver.Do(ctx, &httpx.Request{Method: http.MethodPost, URL: target, Header: h, Body: body})
	if err != nil {
		return res, fmt.Errorf("delivery: %w", err)
	}
	res.Elapsed = time.Since(start)
	res.Status = resp.Status
	res.Message = httpx.Snippet(resp.Body)
	return res, nil
}
