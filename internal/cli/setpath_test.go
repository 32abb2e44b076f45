package cli

import (
	"errors"
	"reflect"
	"testing"

	"github.com/hookctl/hookctl/pkg/webhook"
)

func TestApplySets(t *testing.T) {
	body := func() map[string]any {
		return map[string]any{
			"action": map[string]any{"type": "createCard", "data": map[string]any{
				"card": map[string]any{"name": "Webhooks", "idShort": 1458.0, "closed": false},
			}},
			"labels": []any{"a", map[string]any{"name": "b"}},
			"n":      nil,
		}
	}
	tests := []struct {
		set  string
		path []string
		want any
	}{
		{"action.data.card.name=Ship it", []string{"action", "data", "card", "name"}, "Ship it"},
		{"action.data.card.name=42", []string{"action", "data", "card", "name"}, "42"}, // a string stays a string
		{"action.data.card.idShort=7", []string{"action", "data", "card", "idShort"}, 7.0},
		{"action.data.card.closed=true", []string{"action", "data", "card", "closed"}, true},
		{`action.data.card={"id":"x"}`, []string{"action", "data", "card"}, map[string]any{"id": "x"}},
		{"labels.1.name=c", []string{"labels", "1", "name"}, "c"},
		{"n=plain text", []string{"n"}, "plain text"},
		{"action.data.card.idShort=not json", []string{"action", "data", "card", "idShort"}, "not json"},
	}
	for _, tt := range tests {
		b := body()
		ops, err := parseSets([]string{tt.set})
		if err != nil {
			t.Fatalf("%s: %v", tt.set, err)
		}
		if err := applySets(b, ops, "createCard"); err != nil {
			t.Fatalf("%s: %v", tt.set, err)
		}
		var got any = b
		for _, p := range tt.path {
			switch n := got.(type) {
			case map[string]any:
				got = n[p]
			case []any:
				got = n[int(p[0]-'0')]
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %#v, want %#v", tt.set, got, tt.want)
		}
	}
	for _, bad := range []string{"action.data.nope=1", "action.type.x=1", "labels.2=x", "labels.x=1", "noequals", "=x", "a..b=1"} {
		ops, err := parseSets([]string{bad})
		if err == nil {
			err = applySets(body(), ops, "createCard")
		}
		var ve *webhook.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("--set %s: err = %v, want a validation error", bad, err)
		}
	}
}

func TestCheckTarget(t *testing.T) {
	for raw, ok := range map[string]bool{
		"http://127.0.0.1:8080/x": true,
		"http://localhost/x":      true,
		"http://[::1]:9/":         true,
		"https://example.com/x":   true,
		"http://example.com/x":    false,
		"ftp://127.0.0.1/":        false,
		"http://127.0.0.1:99999/": false,
		"127.0.0.1:8080":          false,
		"https://":                false,
	} {
		_, err := checkTarget("--to", raw)
		if (err == nil) != ok {
			t.Errorf("checkTarget(%q) = %v, want ok=%v", raw, err, ok)
		}
	}
}
