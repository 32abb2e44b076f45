// Package webhook holds what every backend dialect shares: the common webhook
// model, the Backend interface with its optional capabilities, the field schema
// that drives validation, the typed errors that the CLI maps to exit codes,
// and the policy every dialect follows for uncertain requests (RecoverCreate,
// FinishDelete, GetByListing, CheckAuthByListing).
//
// A program opens a Backend with the registry (pkg/dialect) or a dialect's
// package (pkg/dialect/trello, …); package webhooktest has an in-memory
// Backend for its tests.
//
// Stability: this package is part of hookctl's Go API. Within a
// major version, exported names are added, not renamed or removed; a method
// is never added to Backend (new behaviour comes as a new optional
// interface, found by type assertion); Webhook and Changes may gain fields,
// so build them with field names.
package webhook

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Webhook is one webhook in the common model. Optional fields are
// pointers (or nil slices) so that a dialect lacking a field omits it from
// every output format instead of showing a misleading zero value.
type Webhook struct {
	ID          string   `json:"id"`
	URL         string   `json:"url"`
	Description *string  `json:"description,omitempty"`
	Model       *string  `json:"model,omitempty"`
	Events      []string `json:"events,omitempty"`
	Active      *bool    `json:"active,omitempty"`
	Failures    *int     `json:"failures,omitempty"`
	// LastStatus is the answer to the latest delivery as the backend
	// records it (GitHub's last_response: its HTTP code, or its status such
	// as "unused" while there is no code). Read-only.
	LastStatus *string `json:"last-status,omitempty"`
	// Secret is a signing secret the backend shows once, on create
	// (Entrust's token, Stripe's whsec_…, PagerDuty's and Square's keys).
	Secret string `json:"secret,omitempty"`

	// Raw is the backend's own JSON for this webhook, printed by --raw.
	Raw json.RawMessage `json:"-"`
}

// Changes is the set of fields a create or update sends. A nil pointer (or nil
// slice) means "not given": update leaves that field alone.
type Changes struct {
	URL         *string
	Description *string
	Model       *string
	Events      []string
	Active      *bool
	// Secret is a write-only signing secret (GitHub's config.secret): sent,
	// never shown back. Only for a schema with WriteOnlySecret.
	Secret *string
	// Settings are the dialect's own settings that are no field of the
	// common model (GitHub's content_type, insecure_ssl), by native name.
	Settings map[string]string
}

// IsEmpty reports whether no field is set.
func (c Changes) IsEmpty() bool {
	return c.URL == nil && c.Description == nil && c.Model == nil && c.Events == nil && c.Active == nil &&
		c.Secret == nil && len(c.Settings) == 0
}

// Backend is the core every dialect implements. Methods take a context so that
// Ctrl-C and deadlines cancel in-flight requests.
type Backend interface {
	// Schema describes the dialect: its fields, events and id format.
	Schema() *Schema
	List(ctx context.Context) ([]Webhook, error)
	Get(ctx context.Context, id string) (Webhook, error)
	Create(ctx context.Context, c Changes) (Webhook, error)
	Update(ctx context.Context, id string, c Changes) (Webhook, error)
	Delete(ctx context.Context, id string) error
}

// FieldGetter is implemented by dialects with a server-side single-field read
// (Trello's GET /webhooks/{id}/{field}). Others read the field from Get.
type FieldGetter interface {
	// GetField returns the field's value as JSON, unwrapped from any envelope.
	GetField(ctx context.Context, id string, f *Field) (json.RawMessage, error)
}

// FieldSetter is implemented by dialects with a server-side single-field write
// (Trello's PUT /webhooks/{id}/{field}). Others set a field through Update.
type FieldSetter interface {
	SetField(ctx context.Context, id string, f *Field, value string) (Webhook, error)
}

// Tester is implemented by dialects that can trigger a test delivery.
type Tester interface {
	Test(ctx context.Context, req TestRequest) (TestResult, error)
}

// Authenticator is implemented by dialects with a cheap authenticated call
// used by `profile check`.
type Authenticator interface {
	CheckAuth(ctx context.Context) error
}

// TestRequest names what to test: an existing webhook by ID, or a bare URL.
type TestRequest struct {
	ID    string
	URL   string
	Event string
}

// TestResult says what happened to a test delivery.
type TestResult struct {
	// URL is where the delivery was sent, when known.
	URL string `json:"url,omitempty"`
	// Event is the event type of the sample delivery.
	Event string `json:"event,omitempty"`
	// Status is the HTTP status the endpoint (or the backend) answered.
	Status int `json:"status"`
	// Signed reports whether the delivery carried a signature.
	Signed bool `json:"signed"`
	// Elapsed is how long the delivery took.
	Elapsed time.Duration `json:"elapsed_ns"`
	// Message is the backend's own words about the test, if any.
	Message string `json:"message,omitempty"`
}

// StatusText is the status line of a TestResult, e.g. "200 OK".
func (r TestResult) StatusText() string {
	if r.Status == 0 {
		return "sent"
	}
	return http.StatusText(r.Status)
}
