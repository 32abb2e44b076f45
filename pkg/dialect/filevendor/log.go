package filevendor

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/vendorfile"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// logBackend is a Backend whose vendor keeps a log of its deliveries that
// the file describes (log:): `hookctl deliveries` reads it.
type logBackend struct{ *Backend }

var (
	_ webhook.DeliveryLogger       = logBackend{}
	_ webhook.DeliveryStatusFilter = logBackend{}
)

// Deliveries lists a page of the log, newest first; cursor is the next
// page's URL, as the previous page gave it ("" for the first).
func (b logBackend) Deliveries(ctx context.Context, id string, limit int, cursor string) ([]webhook.Delivery, string, error) {
	return b.DeliveriesByStatus(ctx, id, "", limit, cursor)
}

// DeliveriesByStatus is Deliveries with the vendor's filter for status, as
// the file's statuses: map it.
func (b logBackend) DeliveriesByStatus(ctx context.Context, id, status string, limit int, cursor string) ([]webhook.Delivery, string, error) {
	l := b.f.Log
	op := l.List
	u := cursor
	q := url.Values{}
	if status != "" {
		query, ok := l.Statuses[status]
		if !ok {
			return nil, "", webhook.Invalid("--status", "%s filters its log by %s, not %q", b.f.Title, webhook.And(statusNames(l)), status)
		}
		for k, v := range query {
			q.Set(k, v)
		}
	}
	if pg := op.Page; pg != nil && pg.SizeParam != "" && limit > 0 {
		q.Set(pg.SizeParam, strconv.Itoa(min(limit, max(pg.Size, 1))))
	}
	var err error
	if u == "" {
		u, err = b.url(op, map[string]string{"webhook": id}, q)
	} else {
		u, err = kit.SameOrigin(b.base, u)
	}
	if err != nil {
		return nil, "", err
	}
	resp, err := b.call(ctx, op.Method, u, nil, true)
	if err != nil {
		return nil, "", err
	}
	raw, err := at(resp.Body, op.Items)
	var items []json.RawMessage
	if err != nil || json.Unmarshal(raw, &items) != nil {
		return nil, "", resp.Unexpected()
	}
	out := make([]webhook.Delivery, 0, len(items))
	for _, it := range items {
		out = append(out, b.entry(it))
	}
	if len(out) == 0 {
		return out, "", nil
	}
	next, err := b.nextPage(op, resp, u, len(out), out[len(out)-1].ID)
	return out, next, err
}

// entry reads one log entry as a delivery: its id, event, time, and
// whether deliveries of it are still pending.
func (b logBackend) entry(raw json.RawMessage) webhook.Delivery {
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	_ = d.Decode(&v)
	f := b.f.Log.Fields
	out := webhook.Delivery{Raw: raw}
	out.ID, _ = vendorfile.String(v, f.ID)
	out.Event, _ = vendorfile.String(v, f.Event)
	if at, ok := vendorfile.String(v, f.At); ok && f.At != "" {
		if n, err := strconv.ParseInt(at, 10, 64); err == nil {
			out.DeliveredAt = time.Unix(n, 0).UTC()
		} else if t, err := time.Parse(time.RFC3339, at); err == nil {
			out.DeliveredAt = t
		}
	}
	if p, ok := vendorfile.String(v, f.Pending); ok && f.Pending != "" {
		if n, _ := strconv.Atoi(p); n > 0 {
			out.Status = fmt.Sprintf("pending (%d)", n)
		} else {
			out.Status = "delivered"
		}
	}
	return out
}

// Delivery reads one entry of the log.
func (b logBackend) Delivery(ctx context.Context, id, deliveryID string) (webhook.Delivery, error) {
	op := b.f.Log.Get
	if op == nil {
		return webhook.Delivery{}, webhook.Invalid("", "%s's log has no call that reads one entry: list it with hookctl deliveries", b.f.Title)
	}
	u, err := b.url(op, map[string]string{"webhook": id, "id": deliveryID}, nil)
	if err != nil {
		return webhook.Delivery{}, err
	}
	resp, err := b.call(ctx, op.Method, u, nil, true)
	if err != nil {
		return webhook.Delivery{}, err
	}
	raw, err := at(resp.Body, op.Item)
	if err != nil {
		return webhook.Delivery{}, resp.Unexpected()
	}
	return b.entry(raw), nil
}

// Redeliver: a vendor file describes no call that sends an entry again.
func (b logBackend) Redeliver(context.Context, string, string) error {
	return webhook.Invalid("--redeliver", "%s publishes no call that sends an event again: record deliveries with hookctl listen --record FILE and send them again with hookctl replay FILE", b.f.Title)
}

// statusNames are the --status values the file maps.
func statusNames(l *vendorfile.DeliveryLog) []string {
	var out []string
	for k := range l.Statuses {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
