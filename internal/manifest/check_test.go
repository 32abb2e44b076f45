package manifest

import (
	"errors"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/entrust"
	"github.com/hookctl/hookctl/pkg/dialect/trello"
	"github.com/hookctl/hookctl/pkg/webhook"
)

const board = "4d5ea62fd76aa1136000000c"

// supportbeeSchema is a dialect whose webhooks are an id and a URL.
var supportbeeSchema, _ = dialect.Schema("supportbee")

func mustParse(t *testing.T, text string) *File {
	t.Helper()
	f, err := Parse([]byte(text))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return f
}

func TestCheck(t *testing.T) {
	trelloFile := "dialect: trello\nwebhooks:\n" +
		"  - url: https://example.com/a\n    model: " + board + "\n    description: A\n    active: true\n" +
		"  - url: https://example.com/b\n    model: " + board + "\n"
	tests := []struct {
		name    string
		text    string
		target  *webhook.Schema
		opts    CheckOptions
		want    []string // problems, in order
		notices []string
		kept    int
	}{
		{name: "trello to trello", text: trelloFile, target: trello.Schema, kept: 2},
		{name: "trello to entrust refused, every entry listed", text: trelloFile, target: entrust.Schema, want: []string{
			"webhooks[0] (line 3) https://example.com/a description=A: model: entrust webhooks have no model (their fields: url, description, events, active)",
			"webhooks[0] (line 3) https://example.com/a description=A: events: is required by entrust webhooks and missing",
			"webhooks[1] (line 7) https://example.com/b description=\"\": model: entrust webhooks have no model",
			"webhooks[1] (line 7) https://example.com/b description=\"\": description: is required by entrust webhooks and missing",
			"webhooks[1] (line 7) https://example.com/b description=\"\": events: is required by entrust webhooks and missing",
		}},
		{name: "an empty name is no name", target: entrust.Schema,
			text: "webhooks:\n  - url: https://example.com/a\n    description: \"\"\n    events: [user.created]\n",
			want: []string{"description: is required by entrust webhooks and empty"}},
		{name: "trello to entrust with drop still needs events and a name", text: trelloFile, target: entrust.Schema,
			opts: CheckOptions{DropUnsupported: true},
			want: []string{
				"webhooks[0] (line 3) https://example.com/a description=A: events: is required by entrust webhooks and missing",
				"webhooks[1] (line 7) https://example.com/b description=\"\": description: is required by entrust webhooks and missing",
				"webhooks[1] (line 7) https://example.com/b description=\"\": events: is required by entrust webhooks and missing",
			},
			notices: []string{"webhooks[0] (line 3) https://example.com/a description=A: model: dropped: entrust webhooks have no model", "webhooks[1]"}},
		{name: "trello to supportbee with drop", text: trelloFile, target: supportbeeSchema, opts: CheckOptions{DropUnsupported: true},
			notices: []string{"description, model, active: dropped: supportbee webhooks have no description, model or active (their fields: url)", "webhooks[1] (line 7) https://example.com/b: model: dropped"}, kept: 2},
		{name: "entrust complete", target: entrust.Schema, kept: 1,
			text: "dialect: entrust\nwebhooks:\n  - url: https://example.com/a\n    description: A\n    events: [user.created]\n"},
		{name: "entrust needs https and known events", target: entrust.Schema,
			text: "webhooks:\n  - url: http://example.com/a\n    description: A\n    events: [user.created]\n" +
				"  - url: https://example.com/b\n    description: B\n    events: [nope]\n" +
				"  - url: https://example.com/c\n    description: C\n    events: []\n",
			want: []string{
				`webhooks[0] (line 2) http://example.com/a description=A: url: entrust requires an https callback URL`,
				`webhooks[1] (line 5) https://example.com/b description=B: events: unknown entrust event "nope"`,
				`webhooks[2] (line 8) https://example.com/c description=C: events: an entrust webhook needs at least 1 event`,
			}},
		{name: "unknown events allowed", target: entrust.Schema, opts: CheckOptions{AllowUnknownEvents: true}, kept: 1,
			text: "webhooks:\n  - url: https://example.com/b\n    description: B\n    events: [nope]\n"},
		{name: "trello needs a model of 24 hex", target: trello.Schema,
			text: "webhooks:\n  - url: https://example.com/a\n  - url: ftp://x\n    model: nope\n",
			want: []string{
				"webhooks[0] (line 2) https://example.com/a model=\"\": model: is required by trello webhooks and missing",
				`webhooks[1] (line 3) ftp://x model=nope: url: unsupported scheme "ftp"`,
			}},
		{name: "duplicate natural key", target: trello.Schema,
			text: "webhooks:\n  - url: https://example.com/a\n    model: " + board + "\n  - url: https://example.com/a\n    model: " + board + "\n    description: again\n",
			want: []string{"webhooks[1] (line 4) https://example.com/a model=" + board + ": same natural key (url + model) as webhooks[0] (line 2)"}},
		{name: "same url, other model is no duplicate on trello", target: trello.Schema, kept: 2,
			text: "webhooks:\n  - url: https://example.com/a\n    model: " + board + "\n  - url: https://example.com/a\n    model: 5abbe4b7ddc1b351ef961414\n"},
		{name: "but is on supportbee", target: supportbeeSchema, opts: CheckOptions{DropUnsupported: true},
			text:    "webhooks:\n  - url: https://example.com/a\n    model: " + board + "\n  - url: https://example.com/a\n    model: 5abbe4b7ddc1b351ef961414\n",
			notices: []string{"webhooks[0]", "webhooks[1]"},
			want:    []string{"webhooks[1] (line 4) https://example.com/a: same natural key (url) as webhooks[0] (line 2)"}},
		{name: "description too long", target: trello.Schema,
			text: "webhooks:\n  - url: https://example.com/a\n    model: " + board + "\n    description: " + strings.Repeat("x", webhook.MaxDescription+1) + "\n",
			want: []string{"description: is 16385 characters; at most 16384 are allowed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, notices, err := Check(mustParse(t, tt.text), tt.target, tt.opts)
			var ps Problems
			if len(tt.want) == 0 && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if len(tt.want) > 0 {
				if !errors.As(err, &ps) || !errors.Is(err, webhook.ErrValidation) {
					t.Fatalf("err = %v, want Problems", err)
				}
				if len(ps) != len(tt.want) {
					t.Fatalf("got %d problems:\n%s\nwant %d", len(ps), strings.ReplaceAll(err.Error(), "; ", "\n"), len(tt.want))
				}
				for i, w := range tt.want {
					if !strings.Contains(ps[i].String(), w) {
						t.Errorf("problem %d:\n got %s\nwant %s", i, ps[i], w)
					}
				}
				return
			}
			if len(notices) != len(tt.notices) {
				t.Fatalf("notices = %v, want %d", notices, len(tt.notices))
			}
			for i, w := range tt.notices {
				if !strings.Contains(notices[i].String(), w) {
					t.Errorf("notice %d = %q, want %q", i, notices[i], w)
				}
			}
			if len(out.Webhooks) != tt.kept || out.Dialect != tt.target.Dialect {
				t.Errorf("kept %d entries of dialect %s, want %d of %s", len(out.Webhooks), out.Dialect, tt.kept, tt.target.Dialect)
			}
			for _, e := range out.Webhooks {
				for _, name := range e.Fields() {
					if !tt.target.Has(name) {
						t.Errorf("%s kept a field %s lacks: %s", e.URL, tt.target.Dialect, name)
					}
				}
			}
		})
	}
}
