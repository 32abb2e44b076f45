package gitlab

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// testable are the events GitLab sends on request (POST …/test/{event}_events).
var testable = []string{"push", "tag_push", "issues", "confidential_issues", "note", "merge_requests", "job",
	"pipeline", "wiki_page", "releases", "emoji", "resource_access_token"}

// Test asks GitLab to send a test of event (push by default) and reports the
// receiver's answer from the hook's event log. With a bare URL, hookctl
// sends a sample itself, with X-Gitlab-Token when the profile has a secret.
func (b *Backend) Test(ctx context.Context, req webhook.TestRequest) (webhook.TestResult, error) {
	event := req.Event
	if event == "" {
		event = Schema.DefaultEvent
	}
	if req.ID == "" {
		return b.sendSample(ctx, req.URL, event)
	}
	if !slices.Contains(testable, event) {
		return webhook.TestResult{}, webhook.Invalid("--event", "GitLab tests %s, not %q", strings.Join(testable, ", "), event)
	}
	w, err := b.Get(ctx, req.ID)
	if err != nil {
		return webhook.TestResult{}, err
	}
	var present struct {
		Token bool `json:"token_present"`
	}
	_ = json.Unmarshal(w.Raw, &present)
	before, _ := b.latest(ctx, req.ID)
	start := time.Now()
	resp, err := b.call(ctx, http.MethodPost, b.hookURL(req.ID)+"/test/"+event+"_events", nil)
	var apiErr *webhook.APIError
	if err != nil && !(errors.As(err, &apiErr) && apiErr.Status == http.StatusUnprocessableEntity) {
		return webhook.TestResult{}, err
	}
	res := webhook.TestResult{URL: w.URL, Event: event, Signed: present.Token, Elapsed: time.Since(start),
		Message: "GitLab accepted the test; see hookctl deliveries " + req.ID}
	if resp != nil {
		res.Status = resp.Status
	}
	if d, ok := b.latest(ctx, req.ID); ok && d.ID != before.ID {
		res.Message, res.Status, res.Elapsed = "event "+d.ID+": "+d.Status, d.StatusCode, d.Duration
		if d.StatusCode == 0 {
			why := d.Status // "internal error"; GitLab says what failed in the response body
			if body := ""; json.Unmarshal(d.Response.Body, &body) == nil && body != "" {
				why += ": " + httpx.Snippet([]byte(body))
			}
			return res, fmt.Errorf("GitLab's test %s to %s got no answer: %s (see hookctl deliveries %s %s)", event, w.URL, why, req.ID, d.ID)
		}
	} else if err != nil {
		return res, err
	}
	return res, nil
}

// latest is the newest entry of a hook's event log.
func (b *Backend) latest(ctx context.Context, id string) (webhook.Delivery, bool) {
	d, _, err := b.Deliveries(ctx, id, 1, "")
	if err != nil || len(d) == 0 {
		return webhook.Delivery{}, false
	}
	return d[0], true
}

// sendSample sends event's sample to a bare URL as GitLab would.
func (b *Backend) sendSample(ctx context.Context, target, event string) (webhook.TestResult, error) {
	res := webhook.TestResult{URL: target, Event: event, Signed: b.cfg.Secret != ""}
	h, body, err := Samples.Sample(event, webhook.Webhook{URL: target}, time.Now())
	if err != nil {
		return res, err
	}
	data, err := json.Marshal(body)
	if err != nil {
		return res, err
	}
	Signer{}.Sign(h, data, b.cfg.Secret, target)
	res, err = kit.SendSample(ctx, b.cfg.Deliver, target, h, data, res)
	if err != nil {
		return res, fmt.Errorf("delivery: %w", err)
	}
	return res, nil
}

// wireEvent is one entry of a hook's event log (GET …/hooks/{id}/events).
type wireEvent struct {
	ID                int64             `json:"id"`
	Trigger           string            `json:"trigger"`
	RequestHeaders    map[string]string `json:"request_headers"`
	RequestData       json.RawMessage   `json:"request_data"`
	ResponseHeaders   map[string]string `json:"response_headers"`
	ResponseBody      string            `json:"response_body"`
	ExecutionDuration float64           `json:"execution_duration"`
	ResponseStatus    json.RawMessage   `json:"response_status"`
	CreatedAt         time.Time         `json:"created_at"`
}

func (e *wireEvent) toModel(raw json.RawMessage) webhook.Delivery {
	status := strings.Trim(string(e.ResponseStatus), `"`)
	code, _ := strconv.Atoi(status)
	d := webhook.Delivery{ID: strconv.FormatInt(e.ID, 10), GUID: e.RequestHeaders[HeaderIdempotency],
		Event: eventOf(e.RequestHeaders[HeaderEvent], ""), Status: status, StatusCode: code, DeliveredAt: e.CreatedAt,
		Duration: time.Duration(e.ExecutionDuration * float64(time.Second)), Raw: raw,
		Request:  &webhook.DeliveryMessage{Headers: http.Header{}, Body: e.RequestData},
		Response: &webhook.DeliveryMessage{Headers: http.Header{}}}
	if code > 0 {
		d.Status = http.StatusText(code)
	}
	for k, v := range e.RequestHeaders {
		d.Request.Headers.Set(k, v)
	}
	for k, v := range e.ResponseHeaders {
		d.Response.Headers.Set(k, v)
	}
	if json.Valid([]byte(e.ResponseBody)) {
		d.Response.Body = json.RawMessage(e.ResponseBody)
	} else {
		d.Response.Body, _ = json.Marshal(e.ResponseBody)
	}
	return d
}

// Deliveries lists a hook's event log, newest first; the cursor is GitLab's
// page number.
func (b *Backend) Deliveries(ctx context.Context, id string, limit int, cursor string) ([]webhook.Delivery, string, error) {
	return b.DeliveriesByStatus(ctx, id, "", limit, cursor)
}

// DeliveriesByStatus is Deliveries with GitLab's status filter: a code, or
// successful, client_failure or server_failure.
func (b *Backend) DeliveriesByStatus(ctx context.Context, id, status string, limit int, cursor string) ([]webhook.Delivery, string, error) {
	if err := Schema.ValidateID(id); err != nil {
		return nil, "", err
	}
	q := url.Values{"per_page": {strconv.Itoa(min(max(limit, 1), 100))}}
	if cursor != "" {
		q.Set("page", cursor)
	}
	if status != "" {
		q.Set("status", status)
	}
	resp, err := b.call(ctx, http.MethodGet, b.hookURL(id)+"/events?"+q.Encode(), nil)
	if err != nil {
		return nil, "", err
	}
	var raws []json.RawMessage
	if json.Unmarshal(resp.Body, &raws) != nil {
		return nil, "", resp.Unexpected()
	}
	out := make([]webhook.Delivery, 0, len(raws))
	for _, raw := range raws {
		var e wireEvent
		if json.Unmarshal(raw, &e) != nil || e.ID <= 0 {
			return nil, "", resp.Unexpected()
		}
		out = append(out, e.toModel(raw))
	}
	next := resp.Header.Get("X-Next-Page")
	if !isID(next) {
		next = ""
	}
	return out, next, nil
}

// Delivery finds one entry of the event log (GitLab has no single-event read).
func (b *Backend) Delivery(ctx context.Context, id, deliveryID string) (webhook.Delivery, error) {
	if !isID(deliveryID) {
		return webhook.Delivery{}, webhook.Invalid("", "invalid gitlab event id %q: expected digits", deliveryID)
	}
	for page := ""; ; {
		ds, next, err := b.Deliveries(ctx, id, 100, page)
		if err != nil {
			return webhook.Delivery{}, err
		}
		for _, d := range ds {
			if d.ID == deliveryID {
				return d, nil
			}
		}
		if next == "" || next == page {
			return webhook.Delivery{}, &webhook.APIError{Status: http.StatusNotFound, Kind: webhook.ErrNotFound,
				Message: "hook " + id + " has no event " + deliveryID + " (GitLab keeps 7 days of events)"}
		}
		page = next
	}
}

// Redeliver asks GitLab to resend an event (POST …/events/{id}/resend).
func (b *Backend) Redeliver(ctx context.Context, id, deliveryID string) error {
	if err := Schema.ValidateID(id); err != nil {
		return err
	}
	if !isID(deliveryID) {
		return webhook.Invalid("", "invalid gitlab event id %q: expected digits", deliveryID)
	}
	_, err := b.call(ctx, http.MethodPost, b.hookURL(id)+"/events/"+deliveryID+"/resend", nil)
	return err
}
