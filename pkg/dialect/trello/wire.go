package trello

import (
	"encoding/json"

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

// decodeList decodes a JSON array of webhook objects.
func decodeList(body []byte) ([]webhook.Webhook, bool) {
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

// params is the form of a create or update: Trello's native names.
func params(c webhook.Changes) map[string]any {
	p := map[string]any{}
	if c.URL != nil {
		p["callbackURL"] = *c.URL
	}
	if c.Description != nil {
		p["description"] = *c.Description
	}
	if c.Model != nil {
		p["idModel"] = *c.Model
	}
	if c.Active != nil {
		p["active"] = *c.Active
	}
	return p
}
