package github

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// wireDelivery is a hook-delivery-item, or a hook-delivery with request and
// response.
type wireDelivery struct {
	ID          int64    `json:"id"`
	GUID        string   `json:"guid"`
	DeliveredAt string   `json:"delivered_at"`
	Redelivery  bool     `json:"redelivery"`
	Duration    float64  `json:"duration"`
	Status      string   `json:"status"`
	StatusCode  int      `json:"status_code"`
	Event       string   `json:"event"`
	Action      *string  `json:"action"`
	Request     *wireMsg `json:"request"`
	Response    *wireMsg `json:"response"`
}

type wireMsg struct {
	Headers map[string]any  `json:"headers"`
	Payload json.RawMessage `json:"payload"`
}

func (d *wireDelivery) toModel(raw json.RawMessage) webhook.Delivery {
	out := webhook.Delivery{
		ID: strconv.FormatInt(d.ID, 10), GUID: d.GUID, Event: d.Event, Status: d.Status,
		StatusCode: d.StatusCode, Redelivery: d.Redelivery,
		Duration: time.Duration(d.Duration * float64(time.Second)), Raw: raw,
	}
	if d.Action != nil {
		out.Action = *d.Action
	}
	out.DeliveredAt, _ = time.Parse(time.RFC3339, d.DeliveredAt)
	out.Request, out.Response = d.Request.toModel(), d.Response.toModel()
	return out
}

func (m *wireMsg) toModel() *webhook.DeliveryMessage {
	if m == nil {
		return nil
	}
	return kit.DeliveryMessage(m.Headers, m.Payload)
}

// Deliveries lists a hook's recent deliveries, newest first, with GitHub's
// cursor pagination: next is the cursor of the following page.
func (b *Backend) Deliveries(ctx context.Context, id string, limit int, cursor string) ([]webhook.Delivery, string, error) {
	if err := Schema.ValidateID(id); err != nil {
		return nil, "", err
	}
	q := url.Values{}
	if limit > 0 {
		q.Set("per_page", strconv.Itoa(min(limit, 100)))
	}
	resp, next, err := b.api.CursorPage(ctx, b.hookURL(id)+"/deliveries", q, "cursor", cursor)
	if err != nil {
		return nil, "", err
	}
	out, ok := kit.DecodeList(resp.Body, func(d *wireDelivery, raw json.RawMessage) (webhook.Delivery, bool) {
		return d.toModel(raw), d.ID > 0
	})
	if !ok {
		return nil, "", resp.Unexpected()
	}
	return out, next, nil
}

// Delivery returns one delivery with its request and response.
func (b *Backend) Delivery(ctx context.Context, id, deliveryID string) (webhook.Delivery, error) {
	if err := validIDs(id, deliveryID); err != nil {
		return webhook.Delivery{}, err
	}
	resp, err := b.api.Do(ctx, http.MethodGet, b.hookURL(id)+"/deliveries/"+deliveryID, nil)
	if err != nil {
		return webhook.Delivery{}, err
	}
	var d wireDelivery
	if err := json.Unmarshal(resp.Body, &d); err != nil || d.ID <= 0 {
		return webhook.Delivery{}, resp.Unexpected()
	}
	return d.toModel(resp.Body), nil
}

// Redeliver asks GitHub to send a delivery again (POST …/attempts → 202).
func (b *Backend) Redeliver(ctx context.Context, id, deliveryID string) error {
	if err := validIDs(id, deliveryID); err != nil {
		return err
	}
	_, err := b.api.Do(ctx, http.MethodPost, b.hookURL(id)+"/deliveries/"+deliveryID+"/attempts", nil)
	return err
}

func validIDs(id, deliveryID string) error {
	if err := Schema.ValidateID(id); err != nil {
		return err
	}
	if !isDigits(deliveryID) {
		return webhook.Invalid("", "invalid github delivery id %q: expected digits", deliveryID)
	}
	return nil
}
