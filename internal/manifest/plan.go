package manifest

import (
	"cmp"
	"slices"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// Op is what an action does to one webhook.
type Op string

// The actions of a plan, in the order a plan lists them.
const (
	Create Op = "create"
	Update Op = "update"
	Delete Op = "delete"
)

// FieldDiff is one field an action changes: Old is absent on a create, New
// on a delete.
type FieldDiff struct {
	Field string `json:"field"`
	Old   any    `json:"old,omitempty"`
	New   any    `json:"new,omitempty"`
}

// Action is one change to the backend.
type Action struct {
	Op Op `json:"action"`
	// Key is the webhook's natural key as DisplayKey renders it.
	Key string `json:"key"`
	// ID is the existing webhook's id (update, delete).
	ID string `json:"id,omitempty"`
	// URL is the webhook's callback URL.
	URL string `json:"url"`
	// Diffs are the fields set (create), changed (update) or removed (delete).
	Diffs []FieldDiff `json:"fields"`
	// Changes are what a create or update sends: for an update, only the
	// fields that differ.
	Changes webhook.Changes `json:"-"`
	// Entry is the file entry's index (-1 for a delete).
	Entry int `json:"-"`
}

// Plan is what apply does to make a backend match a file.
type Plan struct {
	// Actions are the creates, then updates, then deletes, each in natural
	// key order.
	Actions []Action
	// Unchanged counts the file's webhooks that already match.
	Unchanged int
	// Kept counts the backend's webhooks that match no entry of the file
	// and stay, because the plan does not prune.
	Kept int
}

// Count is the number of actions of one kind.
func (p *Plan) Count(op Op) int {
	n := 0
	for _, a := range p.Actions {
		if a.Op == op {
			n++
		}
	}
	return n
}

// NewPlan compares a backend's current webhooks with a checked file (see
// Check) of the same dialect. Entries are matched to webhooks by natural key;
// a missing one is created, a matched one is updated in the fields the entry
// sets that differ (fields it leaves out are not managed), and with prune
// every webhook the file does not match is deleted. When the backend holds
// several webhooks with one key, the one with the smallest id is matched and
// the others are extra.
func NewPlan(current []webhook.Webhook, desired *File, schema *webhook.Schema, prune bool) *Plan {
	sorted := slices.Clone(current)
	slices.SortStableFunc(sorted, func(a, b webhook.Webhook) int {
		return cmp.Or(compareKeys(schema, a, b), cmp.Compare(a.ID, b.ID))
	})
	byKey := map[string][]int{}
	for i, w := range sorted {
		k := schema.Key(w)
		byKey[k] = append(byKey[k], i)
	}
	used := make([]bool, len(sorted))
	p := &Plan{}
	var creates, updates, deletes []Action
	for i, e := range desired.Webhooks {
		want := e.Webhook()
		k := schema.Key(want)
		if len(byKey[k]) == 0 {
			creates = append(creates, Action{Op: Create, Key: DisplayKey(schema, want), URL: e.URL,
				Diffs: entryDiffs(&e), Changes: e.Changes(), Entry: i})
			continue
		}
		j := byKey[k][0]
		byKey[k] = byKey[k][1:]
		used[j] = true
		have := sorted[j]
		diffs, changes := updateDiffs(schema, have, &e)
		if len(diffs) == 0 {
			p.Unchanged++
			continue
		}
		updates = append(updates, Action{Op: Update, Key: DisplayKey(schema, have), ID: have.ID, URL: have.URL,
			Diffs: diffs, Changes: changes, Entry: i})
	}
	for j, w := range sorted {
		switch {
		case used[j]:
		case prune:
			deletes = append(deletes, Action{Op: Delete, Key: DisplayKey(schema, w), ID: w.ID, URL: w.URL,
				Diffs: webhookDiffs(schema, w), Entry: -1})
		default:
			p.Kept++
		}
	}
	byKeyOrder := func(a, b Action) int { return cmp.Or(cmp.Compare(a.Key, b.Key), cmp.Compare(a.ID, b.ID)) }
	slices.SortStableFunc(creates, byKeyOrder)
	slices.SortStableFunc(updates, byKeyOrder)
	p.Actions = slices.Concat(creates, updates, deletes)
	return p
}

// entryDiffs are the fields a create sets.
func entryDiffs(e *Entry) []FieldDiff {
	w := e.Webhook()
	var out []FieldDiff
	for _, name := range e.Fields() {
		v, _ := w.Value(name)
		out = append(out, FieldDiff{Field: name, New: v})
	}
	return out
}

// webhookDiffs are the fields a delete removes: the writable ones the
// webhook has.
func webhookDiffs(schema *webhook.Schema, w webhook.Webhook) []FieldDiff {
	var out []FieldDiff
	for _, f := range schema.Fields {
		if f.ReadOnly || f.Setting {
			continue
		}
		if v, ok := w.Value(f.Name); ok {
			out = append(out, FieldDiff{Field: f.Name, Old: v})
		}
	}
	return out
}

// updateDiffs compares the fields e sets (other than the key, equal by
// construction) with have, and returns the differences and the changes
// that make them equal.
func updateDiffs(schema *webhook.Schema, have webhook.Webhook, e *Entry) ([]FieldDiff, webhook.Changes) {
	var diffs []FieldDiff
	var c webhook.Changes
	for _, name := range e.Fields() {
		if slices.Contains(schema.KeyFields, name) {
			continue
		}
		switch name {
		case webhook.FieldDescription:
			if have.Description == nil || *have.Description != *e.Description {
				diffs = append(diffs, diff(name, have, *e.Description))
				c.Description = e.Description
			}
		case webhook.FieldModel:
			if have.Model == nil || *have.Model != *e.Model {
				diffs = append(diffs, diff(name, have, *e.Model))
				c.Model = e.Model
			}
		case webhook.FieldEvents:
			if !slices.Equal(sortedEvents(have.Events), sortedEvents(e.Events)) {
				diffs = append(diffs, diff(name, have, e.Events))
				c.Events = e.Events
			}
		case webhook.FieldActive:
			if have.Active == nil || *have.Active != *e.Active {
				diffs = append(diffs, diff(name, have, *e.Active))
				c.Active = e.Active
			}
		}
	}
	return diffs, c
}

func diff(name string, have webhook.Webhook, want any) FieldDiff {
	old, _ := have.Value(name)
	return FieldDiff{Field: name, Old: old, New: want}
}
