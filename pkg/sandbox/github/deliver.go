package github

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/fnv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hookctl/hookctl/pkg/sandbox"
)

// deliveryTimeout is how long GitHub waits for a receiver's answer.
const deliveryTimeout = 10 * time.Second

// send delivers event to a hook's URL as GitHub does and records the
// delivery in the hook's log and last_response. payload nil builds the
// event's sample; a redelivery (of) resends a logged delivery's payload
// under its GUID.
func (e *Emulator) send(r *http.Request, root, owner string, id int64, event string, payload json.RawMessage, of *delivery) {
	var h hook
	found := false
	_ = e.view(func(s *state) error {
		if i := s.find(owner, id); i >= 0 {
			h, found = s.Hooks[i], true
		}
		return nil
	})
	if !found {
		return
	}
	guid := uuid.NewString()
	var action *string
	if of != nil {
		guid, event, action, payload = of.GUID, of.Event, of.Action, of.Request.Payload
	}
	if payload == nil {
		payload = samplePayload(root, &h, event)
	}
	body := []byte(payload)
	contentType := "application/json"
	if h.Config.ContentType == "form" {
		body = []byte("payload=" + url.QueryEscape(string(payload)))
		contentType = "application/x-www-form-urlencoded"
	}
	target := "repository"
	if h.isOrg() {
		target = "organization"
	}
	hdr := http.Header{
		"Accept":                                 {"*/*"},
		"Content-Type":                           {contentType},
		"User-Agent":                             {"GitHub-Hookshot/sandbox"},
		"X-GitHub-Delivery":                      {guid},
		"X-GitHub-Event":                         {event},
		"X-GitHub-Hook-ID":                       {strconv.FormatInt(h.ID, 10)},
		"X-GitHub-Hook-Installation-Target-ID":   {strconv.FormatInt(ownerID(owner), 10)},
		"X-GitHub-Hook-Installation-Target-Type": {target},
	}
	if h.Config.Secret != "" {
		hdr.Set("X-Hub-Signature", "sha1="+mac(sha1.New, h.Config.Secret, body))
		hdr.Set("X-Hub-Signature-256", "sha256="+mac(sha256.New, h.Config.Secret, body))
	}
	start := e.opts.Now()
	code, respHeader, respBody, err := e.post(r.Context(), h.Config.URL, hdr, body)
	d := delivery{
		GUID: guid, DeliveredAt: start.UTC().Truncate(time.Second), Redelivery: of != nil,
		Duration: float64(e.opts.Now().Sub(start).Milliseconds()) / 1000, Event: event, Action: action,
		URL: h.Config.URL, StatusCode: code,
		Request:  message{Headers: flat(hdr), Payload: payload},
		Response: message{Headers: flat(respHeader)},
	}
	resp, _ := json.Marshal(string(respBody))
	d.Response.Payload = resp
	last := lastResponse{}
	active := "active"
	switch {
	case errors.Is(err, errNotLoopback):
		// Honest about why nothing reached the URL: the sandbox never
		// calls the network (GitHub itself says "failed to connect").
		d.Status = err.Error()
		d.Response.Payload = json.RawMessage("null")
		msg, failed := d.Status, "failed"
		last = lastResponse{Status: &failed, Message: &msg}
	case err != nil:
		d.Status = "failed to connect to host"
		d.Response.Payload = json.RawMessage("null")
		msg, failed := d.Status, "failed"
		last = lastResponse{Status: &failed, Message: &msg}
	case code >= 200 && code < 300:
		d.Status = "OK"
		msg := "OK"
		last = lastResponse{Code: &code, Status: &active, Message: &msg}
	default:
		d.Status = fmt.Sprintf("Invalid HTTP Response: %d", code)
		msg := d.Status
		last = lastResponse{Code: &code, Status: &active, Message: &msg}
	}
	_ = e.update(func(s *state) error {
		i := s.find(owner, id)
		if i < 0 {
			return errHandled // deleted meanwhile
		}
		if s.NextDelivery == 0 {
			s.NextDelivery = firstDeliveryID
		}
		d.ID = s.NextDelivery
		s.NextDelivery++
		hk := &s.Hooks[i]
		hk.Deliveries = append(hk.Deliveries, d)
		if n := len(hk.Deliveries); n > maxDeliveries {
			hk.Deliveries = hk.Deliveries[n-maxDeliveries:]
		}
		hk.LastResponse = last
		return nil
	})
}

// errNotLoopback is a delivery the sandbox did not make: it sends only to
// loopback addresses.
var errNotLoopback = errors.New("not delivered: the sandbox sends only to loopback addresses (localhost, 127.0.0.0/8, ::1)")

// firstDeliveryID is the first delivery id, of GitHub's size.
const firstDeliveryID = 12000000001

// post sends one delivery and reads the answer (at most 64 KiB of it).
func (e *Emulator) post(ctx context.Context, target string, h http.Header, body []byte) (int, http.Header, []byte, error) {
	if e.opts.Client == nil || !sandbox.IsLoopbackURL(target) {
		return 0, nil, nil, errNotLoopback
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), deliveryTimeout)
	defer cancel()
	code, hdr, b, err := sandbox.Post(ctx, e.opts.Client, target, h, body, 64<<10)
	return code, hdr, bytes.ToValidUTF8(b, []byte("\uFFFD")), err
}

func mac(h func() hash.Hash, secret string, body []byte) string {
	m := hmac.New(h, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// flat is a header as GitHub's log shows it: one string per name.
func flat(h http.Header) map[string]string {
	out := map[string]string{}
	for k, v := range h {
		out[k] = strings.Join(v, ", ")
	}
	return out
}

// ownerID is a stable numeric id for a repository or organization.
func ownerID(owner string) int64 {
	f := fnv.New32a()
	f.Write([]byte(owner))
	return int64(f.Sum32()%900000000) + 100000000
}

// renderItem is a delivery as the list shows it (hook-delivery-item).
func renderItem(owner string, d *delivery) map[string]any {
	var repo any
	if strings.HasPrefix(owner, "repos/") {
		repo = ownerID(owner)
	}
	return map[string]any{
		"id": d.ID, "guid": d.GUID, "delivered_at": d.DeliveredAt.UTC().Format(time.RFC3339),
		"redelivery": d.Redelivery, "duration": d.Duration, "status": d.Status, "status_code": d.StatusCode,
		"event": d.Event, "action": d.Action, "installation_id": nil, "repository_id": repo, "throttled_at": nil,
	}
}

// deliveries lists a hook's deliveries, newest first, with cursor
// pagination: the cursor names the first delivery of a page.
func (q *call) deliveries(id int64) {
	v := q.r.URL.Query()
	perPage, ok := q.intParam("per_page", 30)
	if !ok {
		return
	}
	perPage = min(max(perPage, 1), 100)
	var from int64
	if c := v.Get("cursor"); c != "" {
		n, err := strconv.ParseInt(strings.TrimPrefix(c, "v1_"), 10, 64)
		if err != nil || !strings.HasPrefix(c, "v1_") {
			writeError(q.w, http.StatusBadRequest, "Invalid cursor", q.doc())
			return
		}
		from = n
	}
	status := v.Get("status")
	if status != "" && status != "success" && status != "failure" {
		writeValidation(q.w, q.doc(), validationError{Resource: "HookDelivery", Code: "invalid", Field: "status"})
		return
	}
	q.withHook(id, false, func(_ *state, h *hook) error {
		items := []map[string]any{}
		next := int64(0)
		for i := len(h.Deliveries) - 1; i >= 0; i-- {
			d := &h.Deliveries[i]
			if from != 0 && d.ID > from {
				continue
			}
			ok := d.StatusCode >= 200 && d.StatusCode < 400
			if status == "success" && !ok || status == "failure" && ok {
				continue
			}
			if len(items) == perPage {
				next = d.ID
				break
			}
			items = append(items, renderItem(q.owner, d))
		}
		if next != 0 {
			q.w.Header().Set("Link", fmt.Sprintf(`<%s/%s/hooks/%d/deliveries?per_page=%d&cursor=v1_%d>; rel="next"`, q.root(), q.owner, id, perPage, next))
		}
		writeJSON(q.w, http.StatusOK, items)
		return nil
	})
}

// findDelivery reads a delivery id and finds it in the hook's log.
func findDelivery(h *hook, raw string) *delivery {
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil
	}
	for i := range h.Deliveries {
		if h.Deliveries[i].ID == n {
			return &h.Deliveries[i]
		}
	}
	return nil
}

// delivery answers one delivery with its request and response.
func (q *call) delivery(id int64, raw string) {
	q.withHook(id, false, func(_ *state, h *hook) error {
		d := findDelivery(h, raw)
		if d == nil {
			q.notFound()
			return nil
		}
		out := renderItem(q.owner, d)
		out["url"] = d.URL
		out["request"] = d.Request
		out["response"] = d.Response
		writeJSON(q.w, http.StatusOK, out)
		return nil
	})
}

// redeliver answers 202 and sends the delivery again, logged as a
// redelivery under the same GUID.
func (q *call) redeliver(id int64, raw string) {
	var d *delivery
	q.withHook(id, false, func(_ *state, h *hook) error {
		if d = findDelivery(h, raw); d == nil {
			q.notFound()
			return nil
		}
		cp := *d
		d = &cp
		writeJSON(q.w, http.StatusAccepted, map[string]any{})
		return nil
	})
	if d != nil {
		q.e.send(q.r, q.root(), q.owner, id, d.Event, nil, d)
	}
}
