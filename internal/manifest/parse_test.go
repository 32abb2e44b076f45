package manifest

import (
	"errors"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/webhook"
)

func TestParseYAMLAndJSON(t *testing.T) {
	yamlText := `apiVersion: hookctl/v1
kind: WebhookList
dialect: trello
webhooks:
  - url: https://example.com/a
    model: 4d5ea62fd76aa1136000000c
    description: ""
    active: TRUE
  - url: https://example.com/b
    model: 4d5ea62fd76aa1136000000c
    description: null
`
	jsonText := "{\n\t\"dialect\": \"trello\",\n\t\"webhooks\": [\n\t\t{\"url\": \"https://example.com/a\", \"model\": \"4d5ea62fd76aa1136000000c\", \"description\": \"\", \"active\": true},\n" +
		"\t\t{\"url\": \"https://example.com/b\", \"model\": \"4d5ea62fd76aa1136000000c\"}\n\t]\n}\n"
	for name, text := range map[string]string{"yaml": yamlText, "json": jsonText} {
		t.Run(name, func(t *testing.T) {
			f, err := Parse([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			if f.Dialect != "trello" || len(f.Webhooks) != 2 {
				t.Fatalf("got %+v", f)
			}
			a, b := f.Webhooks[0], f.Webhooks[1]
			if a.Description == nil || *a.Description != "" || a.Active == nil || !*a.Active || *a.Model != "4d5ea62fd76aa1136000000c" {
				t.Errorf("entry 0: %+v", a)
			}
			if b.Description != nil || b.Active != nil {
				t.Errorf("entry 1 should leave description and active out: %+v", b)
			}
			if a.Line == 0 || b.Line <= a.Line {
				t.Errorf("lines %d, %d", a.Line, b.Line)
			}
		})
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // substrings, one per expected problem, in order
	}{
		{"empty", "", []string{"the file is empty"}},
		{"not a mapping", "- url: x\n", []string{"line 1: want a mapping with dialect"}},
		{"no webhooks", "dialect: trello\n", []string{"no webhooks: list"}},
		{"null webhooks", "dialect: trello\nwebhooks:\n", []string{"line 2: webhooks: want a list"}},
		{"unknown top field", "dialect: trello\nwebhook: []\nwebhooks: []\n", []string{`line 2: unknown field "webhook"`}},
		{"bad apiVersion", "apiVersion: v2\nwebhooks: []\n", []string{`line 1: apiVersion: "v2" is not supported`}},
		{"native name", "webhooks:\n  - url: https://x\n    callbackURL: https://y\n", []string{`webhooks[0] (line 3): unknown field "callbackURL": the file uses the common model, write "url"`}},
		{"entrust name", "webhooks:\n  - url: https://x\n    name: n\n", []string{`write "description"`}},
		{"state", "webhooks:\n  - url: https://x\n    failures: 3\n", []string{`"failures" is state, not configuration`}},
		{"unknown field", "webhooks:\n  - url: https://x\n    colour: red\n", []string{`unknown field "colour" (fields: id, url, description, model, events, active)`}},
		{"missing url", "webhooks:\n  - model: 4d5ea62fd76aa1136000000c\n", []string{"webhooks[0] (line 2): url: is missing"}},
		{"null url", "webhooks:\n  - url: null\n", []string{"url: want a single value, got null", "url: is missing"}},
		{"bad bool", "webhooks:\n  - url: https://x\n    active: yes\n", []string{`line 3): active: "yes" is not true or false`}},
		{"events not a list", "webhooks:\n  - url: https://x\n    events: user.created\n", []string{"events: want a list of event names"}},
		{"list as url", "webhooks:\n  - url: [a, b]\n", []string{"url: want a single value, got a list", "url: is missing"}},
		{"duplicate field", "webhooks:\n  - url: https://x\n    url: https://y\n", []string{`line 3): field "url" appears twice`}},
		{"entry not a mapping", "webhooks:\n  - https://x\n", []string{`webhooks[0] (line 2): want a mapping of fields, got "https://x"`}},
		{"two documents", "webhooks: []\n---\nwebhooks: []\n", []string{"a second document"}},
		{"every problem at once", "webhooks:\n  - url: https://x\n    a: 1\n  - b: 2\n", []string{`unknown field "a"`, `webhooks[1] (line 4): unknown field "b"`, "webhooks[1] (line 4): url: is missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.text))
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("err = %v, want Problems", err)
			}
			if !errors.Is(err, webhook.ErrValidation) {
				t.Error("Problems must be a validation error (exit 2)")
			}
			if len(ps) != len(tt.want) {
				t.Fatalf("got %d problems %q, want %d", len(ps), err, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(ps[i].String(), w) {
					t.Errorf("problem %d = %q, want it to contain %q", i, ps[i].String(), w)
				}
			}
		})
	}
}

func TestParseSyntaxErrorIsValidation(t *testing.T) {
	_, err := Parse([]byte("webhooks: [\n  {url: x\n"))
	if !errors.Is(err, webhook.ErrValidation) || !strings.Contains(err.Error(), "line") {
		t.Fatalf("err = %v, want a validation error naming the line", err)
	}
}
