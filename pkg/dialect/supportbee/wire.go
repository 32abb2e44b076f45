package supportbee

import (
	"encoding/json"

	"github.com/hookctl/hookctl/pkg/dialect/internal/jsonwire"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// wireWebhook is SupportBee's web hook object as the API sends it.
type wireWebhook struct {
	// ID is a string in the docs; a number is accepted too.
	ID  json.RawMessage `json:"id"`
	URL string          `json:"url"`
}

// listEnvelope is the answer of GET /web_hooks.json.
type listEnvelope struct {
	WebHooks *[]json.RawMessage `json:"web_hooks"`
}

// oneEnvelope wraps one web hook, in requests and answers.
type oneEnvelope struct {
	WebHook json.RawMessage `json:"web_hook"`
}

// params is the body of a create or update.
type params struct {
	WebHook paramsHook `json:"web_hook"`
}

type paramsHook struct {
	URL string `json:"url"`
}

// testParams is the body of POST /web_hooks/test.json.
type testParams struct {
	ActionType string `json:"action_type"`
	URL        string `json:"url"`
}

// decodeHook decodes one web hook object; raw becomes the Webhook's Raw.
func decodeHook(raw json.RawMessage) (webhook.Webhook, bool) {
	var w wireWebhook
	if err := json.Unmarshal(raw, &w); err != nil {
		return webhook.Webhook{}, false
	}
	id, ok := idText(w.ID)
	if !ok {
		return webhook.Webhook{}, false
	}
	return webhook.Webhook{ID: id, URL: w.URL, Raw: raw}, true
}

// idText reads an id that is a JSON string or number.
func idText(raw json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, s != ""
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil && n != "" {
		return n.String(), true
	}
	return "", false
}

// decodeOne decodes a {"web_hook":{…}} answer.
func decodeOne(body []byte) (webhook.Webhook, bool) {
	var env oneEnvelope
	if err := json.Unmarshal(body, &env); err != nil || len(env.WebHook) == 0 {
		return webhook.Webhook{}, false
	}
	return decodeHook(env.WebHook)
}

// decodeList decodes a {"web_hooks":[…]} answer: in one pass when it is as
// SupportBee sends it, else with encoding/json.
func decodeList(body []byte) ([]webhook.Webhook, bool) {
	if ws, ok := decodeListFast(body); ok {
		return ws, true
	}
	return decodeListSlow(body)
}

// decodeListFast reads the list without reflection: strings share the
// body's memory and each Raw is a slice of it. It fails (and decodeListSlow
// decides) on anything encoding/json might read differently.
func decodeListFast(body []byte) ([]webhook.Webhook, bool) {
	r := jsonwire.NewReader(body)
	out := make([]webhook.Webhook, 0, jsonwire.Objects(body))
	seen := false
	r.Object(func(key string) {
		if key != "web_hooks" {
			r.Unknown(key, "web_hooks")
			return
		}
		if seen {
			r.Fail() // a repeated key: leave it to encoding/json
			return
		}
		seen = true
		r.Array(func() {
			start := r.Offset()
			var w webhook.Webhook
			r.Object(func(key string) {
				switch key {
				case "id":
					if r.Null() {
						r.Fail()
					} else if r.Offset() < len(body) && body[r.Offset()] == '"' {
						w.ID = r.String()
					} else {
						w.ID = r.Number()
					}
				case "url":
					r.StringInto(&w.URL)
				default:
					r.Unknown(key, "id", "url")
				}
			})
			if w.ID == "" {
				r.Fail()
			}
			w.Raw = r.Since(start)
			out = append(out, w)
		})
	})
	if !r.Done() || len(out) == 0 {
		return nil, false
	}
	return out, true
}

// decodeListSlow is decodeList with encoding/json, hook by hook.
func decodeListSlow(body []byte) ([]webhook.Webhook, bool) {
	var env listEnvelope
	if err := json.Unmarshal(body, &env); err != nil || env.WebHooks == nil {
		return nil, false
	}
	out := make([]webhook.Webhook, 0, len(*env.WebHooks))
	for _, raw := range *env.WebHooks {
		w, ok := decodeHook(raw)
		if !ok {
			return nil, false
		}
		out = append(out, w)
	}
	return out, true
}
