package supportbee

import (
	"encoding/json"

	"github.com/hookctl/hookctl/pkg/dialect/internal/wire"
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
	WebHooks *[]wire.Item[wireWebhook] `json:"web_hooks"`
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
	if err := wire.Unmarshal(raw, &w); err != nil {
		return webhook.Webhook{}, false
	}
	return w.toModel(raw)
}

// toModel maps a decoded web hook; false when it has no id.
func (w *wireWebhook) toModel(raw json.RawMessage) (webhook.Webhook, bool) {
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
	if err := wire.Unmarshal(body, &env); err != nil || len(env.WebHook) == 0 {
		return webhook.Webhook{}, false
	}
	return decodeHook(env.WebHook)
}

// decodeList decodes a {"web_hooks":[…]} answer. A missing or null
// web_hooks is not a list: a bad answer, never an empty one.
func decodeList(body []byte) ([]webhook.Webhook, bool) {
	var env listEnvelope
	if err := wire.Unmarshal(body, &env); err != nil || env.WebHooks == nil {
		return nil, false
	}
	items := *env.WebHooks
	out := make([]webhook.Webhook, len(items))
	for i := range items {
		w, ok := items[i].V.toModel(items[i].Raw)
		if !ok {
			return nil, false
		}
		out[i] = w
	}
	return out, true
}
