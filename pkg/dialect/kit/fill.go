package kit

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"go.yaml.in/yaml/v3"

	"github.com/hookctl/hookctl/pkg/vendorfile"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Fill returns a copy of a sample delivery's body (generic JSON from a
// vendor file) with its placeholders replaced in every string: {event},
// {uuid} (a fresh one each time it appears), {hex:N} {alnum:N} {digits:N}
// (fresh random text), {now} (RFC 3339), {now.ms} (with milliseconds),
// {unix}, {unixhex} (8 hex digits), {hook.id}, {hook.url},
// {hook.description}, {hook.model} and {hook.active}. A string that is
// only a placeholder keeps the value's type where it has one ({unix} is a
// number, {hook.active} a boolean). Fresh ids and times make every sample
// differ, so a receiver never takes two for a replay.
func Fill(v any, event string, hook webhook.Webhook, now time.Time) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = Fill(e, event, hook, now)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = Fill(e, event, hook, now)
		}
		return out
	case string:
		switch x {
		case "{unix}":
			return now.Unix()
		case "{hook.active}":
			return hook.Active == nil || *hook.Active
		}
		return fillString(x, event, hook, now)
	}
	return v
}

func fillString(s, event string, hook webhook.Webhook, now time.Time) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		j := strings.IndexByte(s[max(i, 0):], '}')
		if i < 0 || j < 0 {
			b.WriteString(s)
			return b.String()
		}
		name := s[i+1 : i+j]
		b.WriteString(s[:i])
		switch name {
		case "event":
			b.WriteString(event)
		case "uuid":
			b.WriteString(uuid.NewString())
		case "now":
			b.WriteString(now.UTC().Format(time.RFC3339))
		case "unix":
			b.WriteString(strconv.FormatInt(now.Unix(), 10))
		case "hook.id":
			b.WriteString(hook.ID)
		case "hook.url":
			b.WriteString(hook.URL)
		case "hook.description":
			if hook.Description != nil {
				b.WriteString(*hook.Description)
			}
		case "hook.model":
			if hook.Model != nil {
				b.WriteString(*hook.Model)
			}
		case "hook.active":
			b.WriteString(strconv.FormatBool(hook.Active == nil || *hook.Active))
		case "now.ms":
			b.WriteString(now.UTC().Format("2006-01-02T15:04:05.000Z"))
		case "unixhex":
			b.WriteString(fmt.Sprintf("%08x", now.Unix()))
		default:
			if r, err := vendorfile.RandomText(s[i : i+j+1]); err == nil {
				b.WriteString(r)
			} else {
				b.WriteString(s[i : i+j+1])
			}
		}
		s = s[i+j+1:]
	}
}

// Samples reads a dialect's sample templates: YAML (anchors welcome) of
// event name → body, filled with Fill when a sample is made. It panics on
// a bad file: the files are the dialects' own, embedded, and tested.
func Samples(data []byte) map[string]any {
	var out map[string]any
	if err := yaml.Unmarshal(data, &out); err != nil {
		panic("kit: sample templates: " + err.Error())
	}
	return out
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
