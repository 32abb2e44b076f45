package entrust

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/internal/jsonwire"
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
		Token:       w.Token,
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
var wireKeys = []string{"id", "name", "callbackUrl", "events", "enabled", "token"}

// decodeList decodes a JSON array of webhook objects: in one pass when the
// answer is as Entrust sends it, else with encoding/json.
func decodeList(body []byte) ([]webhook.Webhook, bool) {
	if ws, ok := decodeListFast(body); ok {
		return ws, true
	}
	return decodeListSlow(body)
}

// decodeListFast reads the list without reflection: strings share the
// body's memory, event lists share a few arrays, and each Raw is a slice of
// the body. It fails (and decodeListSlow decides) on anything encoding/json
// might read differently.
func decodeListFast(body []byte) ([]webhook.Webhook, bool) {
	// flat holds one webhook's fields without pointers; the models point
	// into it. Fixed-size chunks keep those pointers valid as the list grows.
	type flat struct {
		w               wireWebhook
		name            string
		enabled         bool
		hasName, hasEna bool
	}
	const chunk = 512
	r := jsonwire.NewReader(body)
	out := make([]webhook.Webhook, 0, jsonwire.Objects(body))
	var list []flat
	var events []string
	r.Array(func() {
		if len(list) == cap(list) {
			list = make([]flat, 0, chunk)
		}
		list = list[:len(list)+1]
		f := &list[len(list)-1]
		start := r.Offset()
		r.Object(func(key string) {
			switch key {
			case "id":
				r.StringInto(&f.w.ID)
			case "name":
				f.hasName = !r.Null()
				if f.hasName {
					f.name = r.String()
				}
			case "callbackUrl":
				r.StringInto(&f.w.CallbackURL)
			case "events":
				r.StringsInto(&f.w.Events, &events)
			case "enabled":
				f.hasEna = !r.Null()
				if f.hasEna {
					r.BoolInto(&f.enabled)
				}
			case "token":
				r.StringInto(&f.w.Token)
			default:
				r.Unknown(key, wireKeys...)
			}
		})
		if f.w.ID == "" {
			r.Fail()
		}
		if f.hasName {
			f.w.Name = &f.name
		}
		if f.hasEna {
			f.w.Enabled = &f.enabled
		}
		out = append(out, f.w.toModel(r.Since(start)))
	})
	if !r.Done() || len(out) == 0 {
		return nil, false
	}
	return out, true
}

// decodeListSlow is decodeList with encoding/json, element by element.
func decodeListSlow(body []byte) ([]webhook.Webhook, bool) {
	var raws []json.RawMessage
	if err := json.Unmarshal(body, &raws); err != nil || raws == nil {
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
