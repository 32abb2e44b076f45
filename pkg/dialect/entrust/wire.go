package entrust

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/internal/wire"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// wireWebhook is Entrust's Webhook object as the API sends it.
type wireWebhook struct {
	ID          string   `json:"id"`
	Name        *string  `json:"name"`
	CallbackURL string   `json:"callbackUrl"`
	Events      []string `json:"events"`
	Enabled     *bool    `json:"enabled"`
	// Token is the signing secret, present only in the answer to a create.
	Token string `json:"token"`
}

// wireParms is Entrust's WebhookParms, the body of a create or update.
type wireParms struct {
	Name        *string  `json:"name,omitempty"`
	CallbackURL *string  `json:"callbackUrl,omitempty"`
	Events      []string `json:"events,omitempty"`
	Enabled     *bool    `json:"enabled,omitempty"`
}

// authRequest is the body of POST /api/web/v1/adminapi/authenticate.
type authRequest struct {
	ApplicationID string `json:"applicationId"`
	SharedSecret  string `json:"sharedSecret"`
}

// authResponse is its answer.
type authResponse struct {
	AuthToken      string          `json:"authToken"`
	ExpirationTime json.RawMessage `json:"expirationTime"`
}

// createParms is what a create sends: the given fields, enabled unless
// --active=false says otherwise.
func createParms(c webhook.Changes) wireParms {
	enabled := true
	if c.Active != nil {
		enabled = *c.Active
	}
	return wireParms{Name: c.Description, CallbackURL: c.URL, Events: c.Events, Enabled: &enabled}
}

// fullParms is the whole WebhookParms of w, as Entrust's PUT wants it.
func fullParms(w webhook.Webhook) wireParms {
	return wireParms{Name: w.Description, CallbackURL: &w.URL, Events: w.Events, Enabled: w.Active}
}

func (w *wireWebhook) toModel(raw json.RawMessage) webhook.Webhook {
	events := w.Events
	if events == nil {
		events = []string{}
	}
	return webhook.Webhook{
		ID:          w.ID,
		URL:         w.CallbackURL,
		Description: w.Name,
		Events:      events,
		Active:      w.Enabled,
		Secret:      w.Token,
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

// parseExpiry reads expirationTime: an RFC 3339 string as documented, or
// epoch seconds or milliseconds.
func parseExpiry(raw json.RawMessage) (time.Time, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t, true
		}
		return time.Time{}, false
	}
	var n json.Number
	if json.Unmarshal(raw, &n) != nil || n == "" {
		return time.Time{}, false
	}
	v, err := strconv.ParseInt(n.String(), 10, 64)
	if err != nil || v <= 0 {
		return time.Time{}, false
	}
	if v > 1e12 {
		return time.UnixMilli(v), true
	}
	return time.Unix(v, 0), true
}
