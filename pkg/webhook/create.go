package webhook

import (
	"context"
	"strings"
)

// Key is a webhook's natural key: the values of the schema's key fields,
// joined. apply matches file entries to webhooks by it, and a create whose
// outcome is unknown looks for its webhook by it.
func (s *Schema) Key(w Webhook) string {
	parts := make([]string, len(s.KeyFields))
	for i, name := range s.KeyFields {
		v, _ := w.Value(name)
		parts[i] = Text(v)
	}
	return strings.Join(parts, "\x00")
}

// Apply returns w with the given changes applied (the webhook a create or
// update of c would produce, as far as the common model tells).
func (c Changes) Apply(w Webhook) Webhook {
	if c.URL != nil {
		w.URL = *c.URL
	}
	if c.Description != nil {
		w.Description = c.Description
	}
	if c.Model != nil {
		w.Model = c.Model
	}
	if c.Events != nil {
		w.Events = c.Events
	}
	if c.Active != nil {
		w.Active = c.Active
	}
	return w
}

// RecoverCreate is what a dialect does when a create may or may not have
// reached the backend (SPEC §6): it lists, returns the webhook the create
// would have made if it exists, and resends only when it does not.
func RecoverCreate(ctx context.Context, b Backend, c Changes, resend func() (Webhook, error)) (Webhook, error) {
	ws, err := b.List(ctx)
	if err != nil {
		return Webhook{}, err
	}
	want := b.Schema().Key(c.Apply(Webhook{}))
	for _, w := range ws {
		if b.Schema().Key(w) == want {
			return w, nil
		}
	}
	return resend()
}
