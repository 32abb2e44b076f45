package webhook

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// The rules below are written once and used by every dialect, so that each
// vendor's client differs only in its wire format. RecoverCreate
// and CreateRetryable (create.go) are the create half.

// FinishDelete is what a dialect's Delete returns for a DELETE that ended
// with err, where uncertain says an earlier try (or the last one) may have
// deleted the webhook without the answer saying so (httpx.Uncertain):
//
//   - no error: done;
//   - a 404 after an uncertain try: done, an earlier try deleted it;
//   - any other failure after an uncertain try (a 503, a timeout): get
//     looks for the webhook, and if it is gone the delete is done;
//     otherwise, or if the check fails too, err stands.
//
// A failure with no uncertain try is reported as it is.
func FinishDelete(ctx context.Context, err error, uncertain bool, id string, get func(context.Context, string) (Webhook, error)) error {
	if err == nil || !uncertain {
		return err
	}
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if ctx.Err() != nil {
		return err
	}
	if _, gerr := get(ctx, id); errors.Is(gerr, ErrNotFound) {
		return nil
	}
	return err
}

// GetByListing returns webhook id from the full list, for vendors with no
// single-get endpoint (SupportBee). An id missing from the list is
// ErrNotFound (exit 3), like a 404.
func GetByListing(ctx context.Context, list func(context.Context) ([]Webhook, error), id string) (Webhook, error) {
	ws, err := list(ctx)
	if err != nil {
		return Webhook{}, err
	}
	for _, w := range ws {
		if w.ID == id {
			return w, nil
		}
	}
	return Webhook{}, fmt.Errorf("webhook %w", ErrNotFound)
}

// CheckAuthByListing is the auth check of a vendor whose cheapest
// authenticated call is listing the webhooks: it proves the credentials and
// the permission to see webhooks. A dialect's CheckAuth calls it unless its
// vendor has a cheaper call.
func CheckAuthByListing(ctx context.Context, b Backend) error {
	_, err := b.List(ctx)
	return err
}

// NameConflict makes a conflict answer name the webhook already holding
// what a create (id "") or a change of webhook id asks for, where the
// vendor's own message does not: it lists the webhooks, applies c to the
// webhook as it is (to an empty one for a create) and looks for another
// webhook the vendor would count as the same, same(existing, wanted). The
// answer becomes "<what> already exists: ID". Any error other than a
// conflict, a conflict of another cause (a limit) and a listing that fails
// leave err as it is.
func NameConflict(ctx context.Context, b Backend, id string, c Changes, err error, what string, same func(existing, wanted Webhook) bool) error {
	var api *APIError
	if !errors.Is(err, ErrConflict) || !errors.As(err, &api) || ctx.Err() != nil {
		return err
	}
	ws, lerr := b.List(ctx)
	if lerr != nil {
		return err
	}
	wanted := c.Apply(Webhook{})
	if id != "" {
		i := slices.IndexFunc(ws, func(w Webhook) bool { return w.ID == id })
		if i < 0 {
			return err
		}
		wanted = c.Apply(ws[i])
	}
	for _, w := range ws {
		if w.ID != id && same(w, wanted) {
			return &APIError{Status: api.Status, Kind: ErrConflict, Message: what + " already exists: " + w.ID, Advice: api.Advice}
		}
	}
	return err
}
