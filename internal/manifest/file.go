// Package manifest is hookctl's "webhooks as code" file: its format, parsing
// with line numbers, the check of a file against a target dialect, and the
// plan that apply and diff carry out. It knows nothing about cobra, terminals
// or HTTP: it turns a file and a backend's current webhooks into actions.
package manifest

import (
	"slices"
	"strings"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// APIVersion and Kind identify the file format; both are optional on input
// and checked when present.
const (
	APIVersion = "hookctl/v1"
	Kind       = "WebhookList"
)

// File is one webhooks file: the dialect it was written for and its entries,
// in the common model.
type File struct {
	APIVersion string  `json:"apiVersion" yaml:"apiVersion"`
	Kind       string  `json:"kind" yaml:"kind"`
	Dialect    string  `json:"dialect" yaml:"dialect"`
	Webhooks   []Entry `json:"webhooks" yaml:"webhooks"`
}

// Entry is one webhook of a file. A field left out is not managed: apply
// leaves it as the backend has it (and a create gets the backend's default).
type Entry struct {
	// ID is informational (export --with-ids); apply matches by natural key.
	ID          string   `json:"id,omitempty" yaml:"id,omitempty"`
	URL         string   `json:"url" yaml:"url"`
	Description *string  `json:"description,omitempty" yaml:"description,omitempty"`
	Model       *string  `json:"model,omitempty" yaml:"model,omitempty"`
	Events      []string `json:"events,omitempty" yaml:"events,omitempty"`
	Active      *bool    `json:"active,omitempty" yaml:"active,omitempty"`

	// Line is where the entry starts in its file (0 when not parsed).
	Line int `json:"-" yaml:"-"`
	// hasURL tells an empty url from a missing one.
	hasURL bool
}

// Fields lists the common names of the fields e sets (url always), in the
// model's order.
func (e *Entry) Fields() []string {
	names := []string{webhook.FieldURL}
	if e.Description != nil {
		names = append(names, webhook.FieldDescription)
	}
	if e.Model != nil {
		names = append(names, webhook.FieldModel)
	}
	if e.Events != nil {
		names = append(names, webhook.FieldEvents)
	}
	if e.Active != nil {
		names = append(names, webhook.FieldActive)
	}
	return names
}

// Changes is the entry as the fields a create sends.
func (e *Entry) Changes() webhook.Changes {
	u := e.URL
	return webhook.Changes{URL: &u, Description: e.Description, Model: e.Model, Events: e.Events, Active: e.Active}
}

// Webhook is the entry in the common model (no id), for natural keys.
func (e *Entry) Webhook() webhook.Webhook {
	return e.Changes().Apply(webhook.Webhook{})
}

// drop removes a field from the entry.
func (e *Entry) drop(name string) {
	switch name {
	case webhook.FieldDescription:
		e.Description = nil
	case webhook.FieldModel:
		e.Model = nil
	case webhook.FieldEvents:
		e.Events = nil
	case webhook.FieldActive:
		e.Active = nil
	}
}

// FromWebhooks builds the file export prints: every webhook of a dialect,
// sorted by natural key (then id), with only the fields the dialect has and
// no read-only state (failures) or secrets (Entrust's token). Ids are kept
// only when withIDs is set.
func FromWebhooks(schema *webhook.Schema, ws []webhook.Webhook, withIDs bool) *File {
	f := &File{APIVersion: APIVersion, Kind: Kind, Dialect: schema.Dialect, Webhooks: make([]Entry, 0, len(ws))}
	sorted := slices.Clone(ws)
	slices.SortStableFunc(sorted, func(a, b webhook.Webhook) int {
		if c := compareKeys(schema, a, b); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	for _, w := range sorted {
		e := Entry{URL: w.URL, hasURL: true}
		if withIDs {
			e.ID = w.ID
		}
		if schema.Has(webhook.FieldDescription) {
			e.Description = w.Description
		}
		if schema.Has(webhook.FieldModel) {
			e.Model = w.Model
		}
		if schema.Has(webhook.FieldEvents) && w.Events != nil {
			e.Events = sortedEvents(w.Events)
		}
		if schema.Has(webhook.FieldActive) {
			e.Active = w.Active
		}
		f.Webhooks = append(f.Webhooks, e)
	}
	return f
}

// sortedEvents is a sorted copy: events are a set, and a stable order keeps
// exports diffable.
func sortedEvents(events []string) []string {
	out := slices.Clone(events)
	slices.Sort(out)
	return slices.Compact(out)
}
