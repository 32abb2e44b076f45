package listen

import (
	"net/http"
	"testing"
)

// The event shown for a delivery is read by the vendor that sent it: the
// listener's dialect first, then the one whose signature it carries, then
// whichever dialect recognizes the body.
func TestEventOf(t *testing.T) {
	gh := http.Header{"X-Github-Event": {"issues"}, "X-Hub-Signature-256": {"sha256=00"}}
	for _, c := range []struct {
		name, dialect string
		h             http.Header
		body          string
		want          string
	}{
		{"github with its action", "", gh, `{"action":"opened","issue":{}}`, "issues.opened"},
		{"github without action", "github", gh, `{"zen":"x"}`, "issues"},
		{"trello action type", "", http.Header{}, `{"action":{"type":"updateCard","id":"a1"}}`, "updateCard"},
		{"supportbee action type", "", http.Header{}, `{"payload":{"action_type":"ticket.created"}}`, "ticket.created"},
		{"entrust type", "entrust", http.Header{}, `{"id":"e1","type":"user.created"}`, "user.created"},
		// A body that two vendors could read goes to the listener's dialect.
		{"listener's dialect first", "entrust", http.Header{}, `{"type":"user.deleted","action":{"type":"createCard"}}`, "user.deleted"},
		{"unknown", "", http.Header{}, `{"hello":"world"}`, ""},
		{"not json", "trello", http.Header{}, `hello`, ""},
	} {
		if got := eventOf(c.dialect, c.h, []byte(c.body)); got != c.want {
			t.Errorf("%s: event %q, want %q", c.name, got, c.want)
		}
	}
}
