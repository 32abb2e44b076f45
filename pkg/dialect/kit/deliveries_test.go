package kit

import (
	"encoding/json"
	"testing"
)

// A logged message's headers may be strings or lists; a payload that is
// a string holding JSON is kept as JSON, any other string as it is.
func TestDeliveryMessage(t *testing.T) {
	m := DeliveryMessage(map[string]any{"A": "1", "B": []any{"x", "y"}}, json.RawMessage(`"{\"k\":1}"`))
	if m.Headers.Get("A") != "1" || len(m.Headers["B"]) != 2 || string(m.Body) != `{"k":1}` {
		t.Errorf("got %v %s", m.Headers, m.Body)
	}
	if m := DeliveryMessage(nil, json.RawMessage(`"plain"`)); string(m.Body) != `"plain"` {
		t.Errorf("plain text body: %s", m.Body)
	}
	if m := DeliveryMessage(nil, json.RawMessage(`null`)); m.Body != nil {
		t.Errorf("null body: %s", m.Body)
	}
}
