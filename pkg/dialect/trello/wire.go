package trello

import (
	"encoding/json"
	"net/url"
	"strconv"

	"github.com/hookctl/hookctl/pkg/dialect/internal/wire"
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
	if err := wire.Unmarshal(raw, &w); err != nil || w.ID == "" {
		return webhook.Webhook{}, false
	}
	return w.toModel(raw), true
}

// decodeList decodes a JSON array of webhook objects. Anything else, null
// included, is not a list: a bad answer, never an empty one.
func decodeList(body []byte) ([]webhook.Webhook, bool) {
	items, err := wire.UnmarshalList[wireWebhook](body)
	if err != nil || items == nil {
		return nil, false
	}
	out := make([]webhook.Webhook, len(items))
	for i := range items {
		w := &items[i].V
		if w.ID == "" {
			return nil, false
		}
		out[i] = w.toModel(items[i].Raw)
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
