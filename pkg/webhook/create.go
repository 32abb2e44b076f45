package webhook

import (
	"context"
	"errors"
	"fmt"
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

// recoverRounds bounds how many times RecoverCreate lists and resends.
const recoverRounds = 3

// OutcomeUnknown reports whether err says a request may or may not have
// taken effect (its answer was lost). The HTTP client marks such errors with
// an OutcomeUnknown() bool method.
func OutcomeUnknown(err error) bool {
	var u interface{ OutcomeUnknown() bool }
	return errors.As(err, &u) && u.OutcomeUnknown()
}

// CreateRetryable reports whether a create that failed with err may be
// recovered by listing and resending: its outcome is unknown, or the backend
// (or a gateway) answered 502/503/504, which may or may not have come after
// the webhook was made.
func CreateRetryable(err error) bool {
	var api *APIError
	if errors.As(err, &api) {
		switch api.Status {
		case 502, 503, 504:
			return true
		}
	}
	return OutcomeUnknown(err)
}

// RecoverCreate is what a dialect does when a create may or may not have
// reached the backend: it lists, returns the webhook the create
// would have made if it exists, and resends only when it does not. A resend
// that fails the same way (CreateRetryable) is recovered again, a few times.
func RecoverCreate(ctx context.Context, b Backend, c Changes, resend func() (Webhook, error)) (Webhook, error) {
	want := b.Schema().Key(c.Apply(Webhook{}))
	var err error
	for round := 0; round < recoverRounds; round++ {
		ws, lerr := b.List(ctx)
		if lerr != nil {
			return Webhook{}, fmt.Errorf("the answer to the create was lost, and listing to look for its webhook failed (run hookctl list before creating again): %w", lerr)
		}
		for _, w := range ws {
			if b.Schema().Key(w) == want {
				return w, nil
			}
		}
		var w Webhook
		w, err = resend()
		if err == nil || !CreateRetryable(err) {
			return w, err
		}
	}
	// Every try ended without a certain answer: the webhook may exist.
	return Webhook{}, fmt.Errorf("the answer to the create was lost %d times, the last: %w (run hookctl list before creating again)", recoverRounds+1, err)
}
