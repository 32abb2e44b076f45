package kit

import (
	"fmt"
	"net/http"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/hookctl/hookctl/pkg/vendorfile"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Fill returns a copy of a sample delivery's body (generic JSON from a
// vendor file) with its placeholders filled (see vendorfile.Fill): also
// {event}, {hook.id}, {hook.url}, {hook.description}, {hook.model},
// {hook.active} (a boolean when alone; true unless the hook says not),
// {now.ms} (RFC 3339 with milliseconds) and {unixhex} (8 hex digits).
// Fresh ids and times make every sample differ, so a receiver never takes
// two for a replay.
func Fill(v any, event string, hook webhook.Webhook, now time.Time) any {
	desc, model := "", ""
	if hook.Description != nil {
		desc = *hook.Description
	}
	if hook.Model != nil {
		model = *hook.Model
	}
	return vendorfile.Fill(v, map[string]any{"event": event, "hook.id": hook.ID, "hook.url": hook.URL,
		"hook.description": desc, "hook.model": model, "hook.active": hook.Active == nil || *hook.Active,
		"now.ms": now.UTC().Format("2006-01-02T15:04:05.000Z"), "unixhex": fmt.Sprintf("%08x", now.Unix())}, now)
}

// Samples reads a dialect's sample templates: YAML (anchors welcome) of
// event name → body, filled with Fill when a sample is made. It panics on
// a bad file: the files are the dialects' own, embedded, and tested.
//
// They are parsed on first use, not when the program starts: YAML is slow
// to parse, and most runs send no sample.
func Samples(data []byte) func() map[string]any {
	return sync.OnceValue(func() map[string]any {
		var out map[string]any
		if err := yaml.Unmarshal(data, &out); err != nil {
			panic("kit: sample templates: " + err.Error())
		}
		return out
	})
}

// Sample is the sample of event from templates (the one named "*" for an
// event without its own), filled for hook at now, as a JSON object.
func Sample(templates map[string]any, event string, hook webhook.Webhook, now time.Time) map[string]any {
	t, ok := templates[event]
	if !ok {
		t = templates["*"]
	}
	body, _ := Fill(t, event, hook, now).(map[string]any)
	return body
}

// Headers are a sample's headers: the templates' "headers" member, filled
// as the body is.
func Headers(templates map[string]any, event string, hook webhook.Webhook, now time.Time) http.Header {
	h := http.Header{}
	m, _ := Fill(templates["headers"], event, hook, now).(map[string]any)
	for k, v := range m {
		h.Set(k, fmt.Sprint(v))
	}
	return h
}
