package dialecttest

import (
	"encoding/json"
	"testing"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// Decode is a dialect's list decoder: the webhooks of a list answer, or
// false when the body is not a list of webhooks.
type Decode func([]byte) ([]webhook.Webhook, bool)

// NotLists are bodies no dialect may read as a list of webhooks: null (a
// list that is not a list is a bad answer, never an empty one), broken
// JSON, wrong shapes.
var NotLists = []string{
	`null`,
	`[{"id":""}]`,
	`[{"id":"a"},]`,
	`[{"id":"a"}] x`,
	`[{"id":"a","x":01}]`,
	`[{"id":"a","x":"ctl` + "\x01" + `"}]`,
	`[{"id":"a","x":"\u12"}]`,
	`["a"]`,
	`[null]`,
	`{"id":"a"}`,
	`"[]"`,
	`<html>`,
	``,
}

// ListCase is a body a dialect must read as a list, and the ids it holds.
type ListCase struct {
	Body string
	IDs  []string
}

// CheckDecode checks that decode refuses NotLists and the dialect's own
// bad bodies, and reads each good case as exactly its ids.
func CheckDecode(t *testing.T, decode Decode, good []ListCase, bad []string) {
	t.Helper()
	for _, body := range append(NotLists[:len(NotLists):len(NotLists)], bad...) {
		if ws, ok := decode([]byte(body)); ok {
			t.Errorf("%q: read as a list of %d webhooks; want a bad answer", body, len(ws))
		}
	}
	for _, c := range good {
		ws, ok := decode([]byte(c.Body))
		if !ok {
			t.Errorf("%q: refused; want ids %q", c.Body, c.IDs)
			continue
		}
		if len(ws) != len(c.IDs) {
			t.Errorf("%q: %d webhooks; want ids %q", c.Body, len(ws), c.IDs)
			continue
		}
		for i, w := range ws {
			if w.ID != c.IDs[i] {
				t.Errorf("%q: webhook %d has id %q; want %q", c.Body, i, w.ID, c.IDs[i])
			}
		}
		checkWebhooks(t, c.Body, ws)
	}
}

// FuzzDecode feeds decode any body: it must not panic, and what it accepts
// is a list of webhooks with ids and raw JSON objects.
func FuzzDecode(f *testing.F, decode Decode, seeds ...string) {
	for _, s := range append(NotLists[:len(NotLists):len(NotLists)], seeds...) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if ws, ok := decode(body); ok {
			checkWebhooks(t, string(body), ws)
		}
	})
}

func checkWebhooks(t *testing.T, body string, ws []webhook.Webhook) {
	t.Helper()
	if ws == nil {
		t.Errorf("%q: accepted with a nil list", body)
	}
	for i, w := range ws {
		var obj map[string]json.RawMessage
		if w.ID == "" || json.Unmarshal(w.Raw, &obj) != nil || obj == nil {
			t.Errorf("%q: webhook %d has id %q and raw %q", body, i, w.ID, w.Raw)
		}
	}
}
