// Package webhooktest provides an in-memory webhook.Backend for the tests
// of programs that use hookctl's Go packages: it validates changes against a
// schema, enforces the schema's natural key, and keeps webhooks in memory,
// without HTTP.
//
// Stability: Fake and its methods are part of hookctl's Go API;
// within a major version they are added to, not changed.
package webhooktest

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// Schema is the schema a Fake uses when none is given: url (required),
// description, events and active, keyed by url.
var Schema = &webhook.Schema{
	Dialect: "fake",
	Fields: []webhook.Field{
		{Name: webhook.FieldID, Native: "id", Kind: webhook.KindString, ReadOnly: true},
		{Name: webhook.FieldURL, Native: "url", Kind: webhook.KindURL, Required: true},
		{Name: webhook.FieldDescription, Native: "description", Kind: webhook.KindString},
		{Name: webhook.FieldEvents, Native: "events", Kind: webhook.KindEvents},
		{Name: webhook.FieldActive, Native: "active", Kind: webhook.KindBool},
	},
	KeyFields: []string{webhook.FieldURL},
}

// Fake is an in-memory webhook.Backend. The zero value is ready to use with
// Schema; set S to mimic a dialect (e.g. trello.Schema). It is safe for
// concurrent use.
type Fake struct {
	// S is the schema changes are validated against; nil means Schema.
	S *webhook.Schema
	// Err, when set, is returned by every call before it does anything, to
	// test how a program handles a failing backend.
	Err error

	mu    sync.Mutex
	hooks []webhook.Webhook
	next  int
}

var _ webhook.Backend = (*Fake)(nil)

// Schema returns the fake's schema.
func (f *Fake) Schema() *webhook.Schema {
	if f.S == nil {
		return Schema
	}
	return f.S
}

// List returns copies of the webhooks, in creation order.
func (f *Fake) List(context.Context) ([]webhook.Webhook, error) {
	if f.Err != nil {
		return nil, f.Err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]webhook.Webhook, len(f.hooks))
	for i, w := range f.hooks {
		out[i] = clone(w)
	}
	return out, nil
}

// Get returns one webhook, or an error wrapping webhook.ErrNotFound.
func (f *Fake) Get(_ context.Context, id string) (webhook.Webhook, error) {
	if f.Err != nil {
		return webhook.Webhook{}, f.Err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	i := f.find(id)
	if i < 0 {
		return webhook.Webhook{}, notFound(id)
	}
	return clone(f.hooks[i]), nil
}

// Create validates c as the schema does and adds a webhook with a new id
// ("1", "2", …). A webhook with the same natural key is a conflict
// (webhook.ErrConflict).
func (f *Fake) Create(_ context.Context, c webhook.Changes) (webhook.Webhook, error) {
	if f.Err != nil {
		return webhook.Webhook{}, f.Err
	}
	s := f.Schema()
	if err := s.Validate(c, true, false); err != nil {
		return webhook.Webhook{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	w := clone(c.Apply(webhook.Webhook{}))
	if err := f.conflict(w, ""); err != nil {
		return webhook.Webhook{}, err
	}
	f.next++
	w.ID = strconv.Itoa(f.next)
	f.hooks = append(f.hooks, w)
	return clone(w), nil
}

// Update applies c to webhook id.
func (f *Fake) Update(_ context.Context, id string, c webhook.Changes) (webhook.Webhook, error) {
	if f.Err != nil {
		return webhook.Webhook{}, f.Err
	}
	if err := f.Schema().Validate(c, false, false); err != nil {
		return webhook.Webhook{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	i := f.find(id)
	if i < 0 {
		return webhook.Webhook{}, notFound(id)
	}
	w := clone(c.Apply(f.hooks[i]))
	if err := f.conflict(w, id); err != nil {
		return webhook.Webhook{}, err
	}
	f.hooks[i] = w
	return clone(w), nil
}

// Delete removes webhook id, or returns an error wrapping
// webhook.ErrNotFound.
func (f *Fake) Delete(_ context.Context, id string) error {
	if f.Err != nil {
		return f.Err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	i := f.find(id)
	if i < 0 {
		return notFound(id)
	}
	f.hooks = slices.Delete(f.hooks, i, i+1)
	return nil
}

func (f *Fake) find(id string) int {
	return slices.IndexFunc(f.hooks, func(w webhook.Webhook) bool { return w.ID == id })
}

// conflict reports another webhook (not self) with w's natural key.
func (f *Fake) conflict(w webhook.Webhook, self string) error {
	s := f.Schema()
	key := s.Key(w)
	for _, o := range f.hooks {
		if o.ID != self && s.Key(o) == key {
			return &webhook.APIError{Status: 409, Kind: webhook.ErrConflict, Message: "a webhook with the same " + fmt.Sprint(s.KeyFields) + " already exists: " + o.ID}
		}
	}
	return nil
}

func notFound(id string) error { return fmt.Errorf("webhook %s: %w", id, webhook.ErrNotFound) }

// clone copies w so callers cannot change the fake's state through it.
func clone(w webhook.Webhook) webhook.Webhook {
	if w.Description != nil {
		d := *w.Description
		w.Description = &d
	}
	if w.Model != nil {
		m := *w.Model
		w.Model = &m
	}
	if w.Active != nil {
		a := *w.Active
		w.Active = &a
	}
	if w.Failures != nil {
		n := *w.Failures
		w.Failures = &n
	}
	w.Events = slices.Clone(w.Events)
	return w
}
