package kit

import (
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// Fill returns a copy of a sample delivery's body (generic JSON from a
// vendor file) with its placeholders replaced in every string: {event},
// {uuid} (a fresh one each time it appears), {now} (RFC 3339), {unix},
// {hook.id} and {hook.url}. A string that is only a placeholder keeps the
// value's type where it has one ({unix} is a number). Fresh ids and times
// make every sample differ, so a receiver never takes two for a replay.
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
		if x == "{unix}" {
			return now.Unix()
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
		default:
			b.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
	}
}
