package output

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/hookctl/hookctl/pkg/webhook"
)

func ptr[T any](v T) *T { return &v }

// sample is two webhooks: one with every field and its raw JSON, one with
// only the required fields.
func sample() []webhook.Webhook {
	return []webhook.Webhook{
		{
			ID: "a1", URL: "https://h.example/1?x=1&y=2", Description: ptr("first"),
			Events: []string{"add", "del"}, Active: ptr(true), Failures: ptr(0),
			Raw: json.RawMessage(`{"callbackURL": "https://h.example/1?x=1&y=2", "idModel": "m1", "active": true}`),
		},
		{ID: "b2", URL: "https://h.example/2", Active: ptr(false)},
	}
}

var sampleCols = []string{"id", "url", "description", "events", "active"}

// render builds a Printer on a buffer, runs do, and returns what it printed.
func render(t *testing.T, opts Options, do func(p *Printer) error) string {
	t.Helper()
	var buf bytes.Buffer
	p, err := New(&buf, opts)
	if err != nil {
		t.Fatalf("New(%+v): %v", opts, err)
	}
	if err := do(p); err != nil {
		t.Fatalf("print: %v", err)
	}
	return buf.String()
}
