package manifest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/dialect/entrust"
	"github.com/hookctl/hookctl/pkg/dialect/trello"
	"github.com/hookctl/hookctl/pkg/webhook"
)

func ptr[T any](v T) *T { return &v }

func tw(id, url, model, desc string, active bool) webhook.Webhook {
	return webhook.Webhook{ID: id, URL: url, Model: ptr(model), Description: ptr(desc), Active: ptr(active), Failures: ptr(0)}
}

// render is a plan as short lines, e.g. "update https://x model=… [description active]".
func render(p *Plan) []string {
	var out []string
	for _, a := range p.Actions {
		var fields []string
		for _, d := range a.Diffs {
			fields = append(fields, d.Field)
		}
		line := fmt.Sprintf("%s %s %v", a.Op, a.Key, fields)
		if a.ID != "" {
			line += " #" + a.ID
		}
		out = append(out, line)
	}
	return append(out, fmt.Sprintf("unchanged %d", p.Unchanged))
}

func TestNewPlan(t *testing.T) {
	const other = "5abbe4b7ddc1b351ef961414"
	current := []webhook.Webhook{
		tw("000000000000000000000003", "https://example.com/c", board, "C", true),
		tw("000000000000000000000001", "https://example.com/a", board, "A", true),
		tw("000000000000000000000002", "https://example.com/b", board, "B", false),
	}
	tests := []struct {
		name    string
		schema  *webhook.Schema
		current []webhook.Webhook
		file    string
		prune   bool
		want    []string
	}{
		{name: "same", schema: trello.Schema, current: current,
			file: "webhooks:\n" +
				"  - {url: https://example.com/b, model: " + board + ", description: B, active: false}\n" +
				"  - {url: https://example.com/a, model: " + board + ", description: A, active: true}\n" +
				"  - {url: https://example.com/c, model: " + board + ", description: C, active: true}\n",
			prune: true, want: []string{"unchanged 3"}},
		{name: "empty backend: all created, in key order", schema: trello.Schema,
			file: "webhooks:\n  - {url: https://example.com/z, model: " + board + "}\n  - {url: https://example.com/y, model: " + board + ", active: false}\n",
			want: []string{
				"create https://example.com/y model=" + board + " [url model active]",
				"create https://example.com/z model=" + board + " [url model]",
				"unchanged 0"}},
		{name: "edit: create, update, delete only with prune", schema: trello.Schema, current: current,
			file: "webhooks:\n" +
				"  - {url: https://example.com/a, model: " + board + ", description: A2, active: false}\n" +
				"  - {url: https://example.com/b, model: " + board + "}\n" +
				"  - {url: https://example.com/d, model: " + board + "}\n",
			want: []string{
				"create https://example.com/d model=" + board + " [url model]",
				"update https://example.com/a model=" + board + " [description active] #000000000000000000000001",
				"unchanged 1"}},
		{name: "edit with prune", schema: trello.Schema, current: current, prune: true,
			file: "webhooks:\n  - {url: https://example.com/b, model: " + board + "}\n",
			want: []string{
				"delete https://example.com/a model=" + board + " [url description model active] #000000000000000000000001",
				"delete https://example.com/c model=" + board + " [url description model active] #000000000000000000000003",
				"unchanged 1"}},
		{name: "empty file with prune deletes everything", schema: trello.Schema, current: current[:1], prune: true,
			file: "webhooks: []\n",
			want: []string{"delete https://example.com/c model=" + board + " [url description model active] #000000000000000000000003", "unchanged 0"}},
		{name: "a new model is a new webhook on trello", schema: trello.Schema, current: current[1:2], prune: true,
			file: "webhooks:\n  - {url: https://example.com/a, model: " + other + ", description: A, active: true}\n",
			want: []string{
				"create https://example.com/a model=" + other + " [url description model active]",
				"delete https://example.com/a model=" + board + " [url description model active] #000000000000000000000001",
				"unchanged 0"}},
		{name: "duplicates on the backend: smallest id matched, others extra", schema: supportbeeSchema, prune: true,
			current: []webhook.Webhook{{ID: "1_2", URL: "https://example.com/a"}, {ID: "1_1", URL: "https://example.com/a"}},
			file:    "webhooks:\n  - url: https://example.com/a\n",
			want:    []string{"delete https://example.com/a [url] #1_2", "unchanged 1"}},
		{name: "entrust: events are a set, name is key", schema: entrust.Schema,
			current: []webhook.Webhook{
				{ID: "u1", URL: "https://example.com/a", Description: ptr("A"), Events: []string{"user.deleted", "user.created"}, Active: ptr(true)},
				{ID: "u2", URL: "https://example.com/b", Description: ptr("B"), Events: []string{"user.created"}, Active: ptr(true)},
			},
			file: "webhooks:\n" +
				"  - {url: https://example.com/a, description: A, events: [user.created, user.deleted]}\n" +
				"  - {url: https://example.com/b, description: B, events: [user.created, user.updated], active: true}\n",
			want: []string{"update https://example.com/b description=B [events] #u2", "unchanged 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, err := Check(mustParse(t, tt.file), tt.schema, CheckOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got := render(NewPlan(tt.current, f, tt.schema, tt.prune))
			if !slices.Equal(got, tt.want) {
				t.Errorf("plan:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

// TestPlanChangesOnlyWhatDiffers checks that an update sends only the
// differing fields, with the file's values, and that applying the plan's
// changes to the backend leaves nothing to do (re-running apply is a no-op).
func TestPlanChangesOnlyWhatDiffers(t *testing.T) {
	current := []webhook.Webhook{tw("000000000000000000000001", "https://example.com/a", board, "A", true)}
	f, _, err := Check(mustParse(t, "webhooks:\n  - {url: https://example.com/a, model: "+board+", description: A, active: false}\n"+
		"  - {url: https://example.com/n, model: "+board+", description: N}\n"), trello.Schema, CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p := NewPlan(current, f, trello.Schema, true)
	if len(p.Actions) != 2 {
		t.Fatalf("actions: %v", render(p))
	}
	up := p.Actions[1]
	if up.Op != Update || up.Changes.Description != nil || up.Changes.URL != nil || up.Changes.Active == nil || *up.Changes.Active {
		t.Fatalf("update should send active=false alone: %+v", up.Changes)
	}
	if d := up.Diffs[0]; d.Field != "active" || d.Old != true || d.New != false {
		t.Errorf("diff = %+v", d)
	}
	// Carry the plan out on a fake backend, then plan again.
	after := []webhook.Webhook{up.Changes.Apply(current[0])}
	cr := p.Actions[0]
	after = append(after, cr.Changes.Apply(webhook.Webhook{ID: "000000000000000000000002"}))
	if again := NewPlan(after, f, trello.Schema, true); len(again.Actions) != 0 || again.Unchanged != 2 {
		t.Errorf("second plan not empty: %v", render(again))
	}
}

func TestFromWebhooksRoundTrip(t *testing.T) {
	ws := []webhook.Webhook{
		{ID: "u2", URL: "https://example.com/b", Description: ptr("B"), Events: []string{"user.updated", "user.created"}, Active: ptr(false), Secret: "secret-token"},
		{ID: "u1", URL: "https://example.com/a", Description: ptr("A"), Events: []string{"user.created"}, Active: ptr(true)},
	}
	f := FromWebhooks(entrust.Schema, ws, false)
	if f.Dialect != "entrust" || f.APIVersion != APIVersion || f.Kind != Kind {
		t.Fatalf("header: %+v", f)
	}
	if f.Webhooks[0].URL != "https://example.com/a" || f.Webhooks[0].ID != "" {
		t.Errorf("not sorted by key, or id kept: %+v", f.Webhooks)
	}
	if got := f.Webhooks[1].Events; !slices.Equal(got, []string{"user.created", "user.updated"}) {
		t.Errorf("events = %v, want sorted", got)
	}
	if withIDs := FromWebhooks(entrust.Schema, ws, true); withIDs.Webhooks[0].ID != "u1" {
		t.Errorf("--with-ids lost the id")
	}
	checked, _, err := Check(f, entrust.Schema, CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p := NewPlan(ws, checked, entrust.Schema, true); len(p.Actions) != 0 || p.Unchanged != 2 {
		t.Errorf("export then plan against the same backend: %v", render(p))
	}
	if p := NewPlan(nil, checked, entrust.Schema, true); p.Count(Create) != 2 {
		t.Errorf("into an empty backend: %v", render(p))
	}
}

func TestDisplayKey(t *testing.T) {
	w := webhook.Webhook{URL: "https://example.com/a", Description: ptr("Board watcher")}
	if got := DisplayKey(entrust.Schema, w); got != `https://example.com/a description="Board watcher"` {
		t.Errorf("entrust key = %s", got)
	}
	if got := DisplayKey(supportbeeSchema, w); got != "https://example.com/a" {
		t.Errorf("supportbee key = %s", got)
	}
}
