package entrust

import (
	"encoding/json"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
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
	yes := true
	return fullParms(c.Apply(webhook.Webhook{Active: &yes}))
}

// fullParms is the whole WebhookParms of w, as Entrust's PUT wants it.
func fullParms(w webhook.Webhook) wireParms {
	return wireParms{Name: w.Description, CallbackURL: &w.URL, Events: w.Events, Enabled: w.Active}
}

var wireHook kit.Wire[wireWebhook] = func(w *wireWebhook, raw json.RawMessage) (webhook.Webhook, bool) {
	events := w.Events
	if events == nil {
		events = []string{}
	}
	return webhook.Webhook{ID: w.ID, URL: w.CallbackURL, Description: w.Name, Events: events, Active: w.Enabled,
		Secret: w.Token, Raw: raw}, w.ID != ""
}
