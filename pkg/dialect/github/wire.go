package github

import (
	"encoding/json"
	"strconv"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// wireHookObject is GitHub's hook object (repository or organization) as
// the API sends it. Only what the common model needs is decoded; --raw
// prints the rest.
type wireHookObject struct {
	ID           int64         `json:"id"`
	Name         string        `json:"name"`
	Active       *bool         `json:"active"`
	Events       []string      `json:"events"`
	Config       wireConfig    `json:"config"`
	LastResponse *wireResponse `json:"last_response"`
}

// wireConfig is a hook's config. insecure_ssl is a string ("0") or, in
// older answers, a number.
type wireConfig struct {
	URL         string          `json:"url"`
	ContentType string          `json:"content_type,omitempty"`
	InsecureSSL json.RawMessage `json:"insecure_ssl,omitempty"`
	Secret      string          `json:"secret,omitempty"`
}

// wireResponse is a hook's last_response.
type wireResponse struct {
	Code    *int    `json:"code"`
	Status  *string `json:"status"`
	Message *string `json:"message"`
}

var wireHook kit.Wire[wireHookObject] = func(h *wireHookObject, raw json.RawMessage) (webhook.Webhook, bool) {
	w := webhook.Webhook{ID: strconv.FormatInt(h.ID, 10), URL: h.Config.URL, Events: h.Events, Active: h.Active, Raw: raw}
	if w.Events == nil {
		w.Events = []string{}
	}
	if r := h.LastResponse; r != nil {
		switch {
		case r.Code != nil:
			s := strconv.Itoa(*r.Code)
			w.LastStatus = &s
		case r.Status != nil && *r.Status != "":
			w.LastStatus = r.Status
		}
	}
	return w, h.ID > 0
}

// settingValue reads a setting (content_type, insecure_ssl) from a hook's
// raw JSON as text.
func settingValue(raw json.RawMessage, name string) (json.RawMessage, bool) {
	var h struct {
		Config map[string]json.RawMessage `json:"config"`
	}
	if json.Unmarshal(raw, &h) != nil {
		return nil, false
	}
	v, ok := h.Config[name]
	if !ok {
		return nil, false
	}
	if name == settingInsecureSSL && len(v) > 0 && v[0] != '"' {
		// A number: show it as GitHub documents the value, a string.
		v, _ = json.Marshal(string(v))
	}
	return v, true
}

// createBody is POST {base}/hooks.
type createBody struct {
	Name   string         `json:"name"`
	Config map[string]any `json:"config"`
	Events []string       `json:"events"`
	Active bool           `json:"active"`
}

// hookPatch is PATCH {base}/hooks/{id}: never with config, which would
// replace the whole config and drop the secret.
type hookPatch struct {
	Events []string `json:"events,omitempty"`
	Active *bool    `json:"active,omitempty"`
}

// configPatch is PATCH {base}/hooks/{id}/config, which merges the keys it is
// given and keeps the others (the secret among them).
func configPatch(c webhook.Changes) map[string]any {
	m := map[string]any{}
	if c.URL != nil {
		m["url"] = *c.URL
	}
	if c.Secret != nil {
		m["secret"] = *c.Secret
	}
	for k, v := range c.Settings {
		m[k] = v
	}
	return m
}

// newCreateBody is what create sends: name web, json payloads, TLS checked,
// events push unless given, active unless told otherwise.
func newCreateBody(c webhook.Changes) createBody {
	cfg := map[string]any{"content_type": "json", "insecure_ssl": "0"}
	for k, v := range configPatch(c) {
		cfg[k] = v
	}
	b := createBody{Name: "web", Config: cfg, Events: c.Events, Active: true}
	if b.Events == nil {
		b.Events = DefaultEvents
	}
	if c.Active != nil {
		b.Active = *c.Active
	}
	return b
}

// wireError is GitHub's error body: basic-error or validation-error.
type wireError struct {
	Message          string `json:"message"`
	DocumentationURL string `json:"documentation_url"`
	Errors           []struct {
		Resource string          `json:"resource"`
		Field    string          `json:"field"`
		Code     string          `json:"code"`
		Message  string          `json:"message"`
		Value    json.RawMessage `json:"value"`
	} `json:"errors"`
}
