package trello

import (
	"encoding/json"
	"net/url"
	"strconv"

	"github.com/hookctl/hookctl/pkg/dialect/internal/jsonwire"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// wireWebhook is Trello's webhook object as the API sends it.
type wireWebhook struct {
	ID                  string `json:"id"`
	Description         string `json:"description"`
	IDModel             string `json:"idModel"`
	CallbackURL         string `json:"callbackURL"`
	Active              bool   `json:"active"`
	ConsecutiveFailures int    `json:"consecutiveFailures"`
}

func (w *wireWebhook) toModel(raw json.RawMessage) webhook.Webhook {
	return webhook.Webhook{
		ID:          w.ID,
		URL:         w.CallbackURL,
		Description: &w.Description,
		Model:       &w.IDModel,
		Active:      &w.Active,
		Failures:    &w.ConsecutiveFailures,
		Raw:         raw,
	}
}

// decodeOne decodes one webhook object.
func decodeOne(raw json.RawMessage) (webhook.Webhook, bool) {
	var w wireWebhook
	if err := json.Unmarshal(raw, &w); err != nil || w.ID == "" {
		return webhook.Webhook{}, false
	}
	return w.toModel(raw), true
}

// wireKeys are the keys wireWebhook decodes.
var wireKeys = []string{"id", "description", "idModel", "callbackURL", "active", "consecutiveFailures"}

// decodeList decodes a JSON array of webhook objects: in one pass when the
// answer is as Trello sends it, else with encoding/json.
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
	// The wire structs are kept in fixed-size chunks, so the pointers the
	// models take into them stay valid while the list grows.
	const chunk = 512
	out := make([]webhook.Webhook, 0, jsonwire.Objects(body))
	var wires []wireWebhook
	r.Array(func() {
		if len(wires) == cap(wires) {
			wires = make([]wireWebhook, 0, chunk)
		}
		wires = wires[:len(wires)+1]
		w := &wires[len(wires)-1]
		start := r.Offset()
		r.Object(func(key string) {
			switch key {
			case "id":
				r.StringInto(&w.ID)
			case "description":
				r.StringInto(&w.Description)
			case "idModel":
				r.StringInto(&w.IDModel)
			case "callbackURL":
				r.StringInto(&w.CallbackURL)
			case "active":
				r.BoolInto(&w.Active)
			case "consecutiveFailures":
				r.IntInto(&w.ConsecutiveFailures)
			default:
				r.Unknown(key, wireKeys...)
			}
		})
		if w.ID == "" {
			r.Fail()
		}
		out = append(out, w.toModel(r.Since(start)))
	})
	if !r.Done() || len(out) == 0 {
		return nil, false
	}
	return out, true
}

// decodeListSlow is decodeList with encoding/json, element by element.
func decodeListSlow(body []byte) ([]webhook.Webhook, bool) {
	var raws []json.RawMessage
	if err := json.Unmarshal(body, &raws); err != nil {
		return nil, false
	}
	out := make([]webhook.Webhook, 0, len(raws))
	for _, raw := range raws {
		w, ok := decodeOne(raw)
		if !ok {
			return nil, false
		}
		out = append(out, w)
	}
	return out, true
}

// params are the arguments of a create or update, under Trello's own names.
func params(c webhook.Changes) url.Values {
	p := url.Values{}
	if c.URL != nil {
		p.Set("callbackURL", *c.URL)
	}
	if c.Description != nil {
		p.Set("description", *c.Description)
	}
	if c.Model != nil {
		p.Set("idModel", *c.Model)
	}
	if c.Active != nil {
		p.Set("active", strconv.FormatBool(*c.Active))
	}
	return p
}
