package kit

import (
	"time"

	"github.com/hookctl/hookctl/pkg/vendorfile"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Fill returns a copy of a sample delivery's body (generic JSON from a
// vendor file) with its placeholders filled (see vendorfile.Fill): also
// {event}, {hook.id} and {hook.url}. Fresh ids and times make every sample
// differ, so a receiver never takes two for a replay.
func Fill(v any, event string, hook webhook.Webhook, now time.Time) any {
	return vendorfile.Fill(v, map[string]any{"event": event, "hook.id": hook.ID, "hook.url": hook.URL}, now)
}
