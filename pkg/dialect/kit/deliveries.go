package kit

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// CursorPage GETs one page of a cursor-paged listing (a delivery log):
// path with the query q and, unless cursor is "", the cursor under param.
// It returns the answer and the next page's cursor, read from the query
// of the answer's Link rel="next" ("" on the last page).
func (a *API) CursorPage(ctx context.Context, path string, q url.Values, param, cursor string) (*httpx.Response, string, error) {
	if cursor != "" {
		q.Set(param, cursor)
	}
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	resp, err := a.Do(ctx, http.MethodGet, path, nil)
	if err != nil {
		return resp, "", err
	}
	next := ""
	if link := LinkNext(resp.Header.Get("Link")); link != "" {
		if u, err := url.Parse(link); err == nil {
			next = u.Query().Get(param)
		}
	}
	return resp, next, nil
}

// DeliveryMessage is a delivery's request or response as a vendor's log
// keeps it: headers whose values are strings or lists of them, and a
// payload that is JSON, or a string (kept as JSON when it holds JSON).
func DeliveryMessage(headers map[string]any, payload json.RawMessage) *webhook.DeliveryMessage {
	out := &webhook.DeliveryMessage{Headers: http.Header{}}
	for k, v := range headers {
		switch v := v.(type) {
		case string:
			out.Headers.Add(k, v)
		case []any:
			for _, e := range v {
				if s, ok := e.(string); ok {
					out.Headers.Add(k, s)
				}
			}
		}
	}
	switch {
	case len(payload) == 0 || string(payload) == "null":
	case payload[0] == '"':
		var s string
		if json.Unmarshal(payload, &s) == nil && json.Valid([]byte(s)) && s != "" {
			out.Body = json.RawMessage(s)
		} else {
			out.Body = payload
		}
	default:
		out.Body = payload
	}
	return out
}
