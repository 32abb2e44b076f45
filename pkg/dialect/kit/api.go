package kit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/internal/wire"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/vendorfile"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// API is the request skeleton of a dialect written in Go: every call is
// built with the vendor's headers, sent through httpx (timeouts, retries,
// rate limits, redaction), and a non-2xx answer becomes the vendor's
// webhook.APIError, its message read by the vendor's function and
// scrubbed of credentials. The dialect says only what is its own.
type API struct {
	// Base is the API root; a call's path follows it.
	Base string
	// Client sends the calls.
	Client *httpx.Client
	// Header sets the vendor's headers and credentials on one call.
	Header func(ctx context.Context, h http.Header) error
	// Message reads the vendor's error body, "" when it is not one.
	Message func(body []byte) string
	// Error, when set, refines the error of a non-2xx answer (a conflict,
	// advice) or replaces it.
	Error func(resp *httpx.Response, e *webhook.APIError) error
	// Unauthorized, when set, is told of a 401 with the headers that were
	// sent; when it says so (a session renewed), the call is sent once
	// more: a 401 was never processed, so even a POST is safe to resend.
	Unauthorized func(ctx context.Context, sent http.Header) (bool, error)
	// Prepare, when set, tunes each request before it is sent (a vendor's
	// rate-limit answers) and may return a function to call once it is
	// answered; its error stops the call.
	Prepare func(ctx context.Context, req *httpx.Request) (done func(*httpx.Response), err error)
}

// Do sends one call to Base+path (or to path itself when it is an
// absolute URL, a page link already checked with SameOrigin). body is
// sent as JSON ([]byte as it is; nil: no body). It returns a 2xx answer,
// else the answer and the vendor's error.
func (a *API) Do(ctx context.Context, method, path string, body any) (*httpx.Response, error) {
	return a.Send(ctx, method, path, body, httpx.Idempotent(method))
}

// Send is Do for a call that says itself whether it is safe to retry (an
// update by POST is; a create with an idempotency key is too).
func (a *API) Send(ctx context.Context, method, path string, body any, idempotent bool) (*httpx.Response, error) {
	var data []byte
	switch b := body.(type) {
	case nil:
	case []byte:
		data = b
	default:
		var err error
		if data, err = json.Marshal(body); err != nil {
			return nil, err
		}
	}
	u := path
	if !strings.Contains(path, "://") {
		u = a.Base + path
	}
	resp, sent, err := a.send(ctx, method, u, data, idempotent)
	if err == nil && resp.Status == http.StatusUnauthorized && a.Unauthorized != nil {
		again, uerr := a.Unauthorized(ctx, sent)
		if uerr != nil {
			return nil, uerr
		}
		if again {
			resp, _, err = a.send(ctx, method, u, data, idempotent)
		}
	}
	if err != nil {
		return resp, err
	}
	if resp.OK() {
		return resp, nil
	}
	return resp, a.Fail(resp)
}

// Fail is the vendor's error for a non-2xx answer, redacted.
func (a *API) Fail(resp *httpx.Response) error {
	msg := http.StatusText(resp.Status)
	if a.Message != nil {
		msg = resp.ErrorText(a.Message)
	}
	e := webhook.NewAPIError(resp.Status, a.Client.Redactor().String(msg))
	if a.Error != nil {
		return a.Error(resp, e)
	}
	return e
}

func (a *API) send(ctx context.Context, method, u string, data []byte, idempotent bool) (*httpx.Response, http.Header, error) {
	req := &httpx.Request{Method: method, URL: u, Header: http.Header{"Accept": {"application/json"}}, Body: data, Idempotent: idempotent}
	if data != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if a.Header != nil {
		if err := a.Header(ctx, req.Header); err != nil {
			return nil, nil, err
		}
	}
	done := func(*httpx.Response) {}
	if a.Prepare != nil {
		d, err := a.Prepare(ctx, req)
		if err != nil {
			return nil, nil, err
		}
		if d != nil {
			done = d
		}
	}
	resp, err := a.Client.Do(ctx, req)
	done(resp)
	return resp, req.Header, err
}

// One sends a call whose answer is one webhook, read by decode.
func (a *API) One(ctx context.Context, method, path string, body any, decode func([]byte) (webhook.Webhook, bool)) (webhook.Webhook, error) {
	resp, err := a.Do(ctx, method, path, body)
	if err != nil {
		return webhook.Webhook{}, err
	}
	w, ok := decode(resp.Body)
	if !ok {
		return webhook.Webhook{}, resp.UnexpectedAfter(method)
	}
	return w, nil
}

// List GETs path, and each page its Link header names (RFC 8288
// rel="next", on the API's own origin), within a Pager's bounds; decode
// reads one page.
func (a *API) List(ctx context.Context, path string, decode func([]byte) ([]webhook.Webhook, bool)) ([]webhook.Webhook, error) {
	var pager Pager
	out := []webhook.Webhook{}
	for next := path; next != ""; {
		if err := pager.Next(next); err != nil {
			return nil, err
		}
		resp, err := a.Do(ctx, http.MethodGet, next, nil)
		if err != nil {
			return nil, err
		}
		if err := pager.Read(len(resp.Body)); err != nil {
			return nil, err
		}
		ws, ok := decode(resp.Body)
		if !ok {
			return nil, resp.Unexpected()
		}
		out = append(out, ws...)
		if next = LinkNext(resp.Header.Get("Link")); next != "" {
			if next, err = SameOrigin(a.Base, next); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// Wire reads a vendor's webhook object, decoded into T by the fast JSON
// decoder of the dialects: ToModel maps it onto the common model, false
// when it is not a webhook (no id).
type Wire[T any] func(t *T, raw json.RawMessage) (webhook.Webhook, bool)

// One reads one webhook object; raw becomes the Webhook's Raw.
func (f Wire[T]) One(raw []byte) (webhook.Webhook, bool) {
	var t T
	if err := wire.Unmarshal(raw, &t); err != nil {
		return webhook.Webhook{}, false
	}
	return f(&t, bytes.Clone(raw))
}

// List reads a JSON array of webhook objects in one pass. Anything else,
// null included, is not a list: a bad answer, never an empty one.
func (f Wire[T]) List(body []byte) ([]webhook.Webhook, bool) { return DecodeList(body, f) }

// DecodeList reads a JSON array of T in one pass (the dialects' fast
// decoder), each mapped by toModel (false: not one of them, a bad
// answer). Anything else, null included, is not a list.
func DecodeList[T, M any](body []byte, toModel func(*T, json.RawMessage) (M, bool)) ([]M, bool) {
	items, err := wire.UnmarshalList[T](body)
	if err != nil || items == nil {
		return nil, false
	}
	out := make([]M, len(items))
	for i := range items {
		m, ok := toModel(&items[i].V, items[i].Raw)
		if !ok {
			return nil, false
		}
		out[i] = m
	}
	return out, true
}

// Report says where a vendor's answer to its test call tells how the
// delivery went: the receiver's status, the event sent, whether it was
// delivered and why not (dotted paths; an empty one is not read). Who
// names the vendor in "… did not deliver it".
type Report struct{ Status, Event, Delivered, Note, Who string }

// Test sends the vendor's test call and reads its answer into res: the
// API's status and time, the answer's first bytes and, where the answer
// says so (r), the receiver's status and the event sent; an answer that
// says nothing was delivered is an error naming why.
func (a *API) Test(ctx context.Context, method, path string, body any, res webhook.TestResult, r Report) (webhook.TestResult, error) {
	start := time.Now()
	resp, err := a.Do(ctx, method, path, body)
	if err != nil {
		return res, err
	}
	res.Elapsed, res.Status = time.Since(start), resp.Status
	return ReadReport(resp.Body, res, r, a.Client.Redactor().String)
}

// ReadReport reads a test call's answer into res as Test does; redact
// scrubs what the vendor echoes.
func ReadReport(body []byte, res webhook.TestResult, r Report, redact func(string) string) (webhook.TestResult, error) {
	if len(bytes.TrimSpace(body)) > 0 {
		res.Message = redact(httpx.Snippet(body))
	}
	var v any
	if json.Unmarshal(body, &v) != nil {
		return res, nil
	}
	read := func(path string) string {
		if path == "" {
			return ""
		}
		s, _ := vendorfile.String(v, path)
		return s
	}
	if e := read(r.Event); e != "" {
		res.Event = e
	}
	if n, err := strconv.Atoi(read(r.Status)); err == nil && n >= 100 && n <= 599 {
		res.Status = n
	} else if read(r.Delivered) == "false" {
		why := r.Who + " did not deliver it"
		if note := read(r.Note); note != "" {
			why += ": " + redact(note)
		}
		return res, errors.New(why)
	}
	return res, nil
}

// Message returns an API.Message that reads an error body as "MESSAGE
// (CODE)": the string at msg with the one at code, either alone, else the
// first of more that the body has; "" when it has none.
func Message(msg, code string, more ...string) func(body []byte) string {
	return func(body []byte) string {
		var v any
		if json.Unmarshal(body, &v) != nil {
			return ""
		}
		m, _ := vendorfile.String(v, msg)
		c, _ := vendorfile.String(v, code)
		switch {
		case m != "" && c != "":
			return m + " (" + c + ")"
		case m != "" || c != "":
			return m + c
		}
		for _, p := range more {
			if s, _ := vendorfile.String(v, p); s != "" {
				return s
			}
		}
		return ""
	}
}

// Create sends a create and, when its outcome is unknown (the answer was
// lost), recovers it as webhook.RecoverCreate does: list first, and send
// again only when the webhook was not made. Another failure goes through
// conflict (nil: as it is), which names the webhook a refusal as a
// duplicate means.
func Create(ctx context.Context, b webhook.Backend, c webhook.Changes, create func() (webhook.Webhook, error), conflict func(error) error) (webhook.Webhook, error) {
	w, err := create()
	if webhook.CreateRetryable(err) {
		return webhook.RecoverCreate(ctx, b, c, create)
	}
	if err != nil && conflict != nil {
		err = conflict(err)
	}
	return w, err
}

// Clients returns the HTTP clients a dialect uses when its caller gave
// none: the API client made with hookctl's policy, the delivery client
// (callbacks) the API one. Given clients are returned as they are.
func Clients(api, deliver *httpx.Client) (*httpx.Client, *httpx.Client, error) {
	if api == nil {
		var err error
		if api, err = httpx.New(httpx.Options{}); err != nil {
			return nil, nil, err
		}
	}
	if deliver == nil {
		deliver = api
	}
	return api, deliver, nil
}
