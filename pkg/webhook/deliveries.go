package webhook

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// DeliveryLogger is implemented by dialects whose backend keeps a log of the
// deliveries it made (GitHub's …/hooks/{id}/deliveries). Dialects without one
// do not implement it, and `hookctl deliveries` says so.
type DeliveryLogger interface {
	// Deliveries lists a webhook's recent deliveries, newest first: at most
	// limit of them (0: the backend's default page), starting at cursor
	// ("" for the newest). Next is the cursor of the following page, "" at
	// the end.
	Deliveries(ctx context.Context, id string, limit int, cursor string) (deliveries []Delivery, next string, err error)
	// Delivery returns one delivery with its request and response.
	Delivery(ctx context.Context, id, deliveryID string) (Delivery, error)
	// Redeliver asks the backend to send a delivery again.
	Redeliver(ctx context.Context, id, deliveryID string) error
}

// DeliveryStatusFilter is implemented by delivery logs that the backend
// filters by status (GitLab's status=: a code, successful, client_failure
// or server_failure). It is Deliveries with that filter.
type DeliveryStatusFilter interface {
	DeliveriesByStatus(ctx context.Context, id, status string, limit int, cursor string) (deliveries []Delivery, next string, err error)
}

// Delivery is one delivery attempt as a backend's log records it.
type Delivery struct {
	// ID is the log entry's id (GitHub: a number, printed as digits).
	ID string `json:"id"`
	// GUID is the delivery's id as sent to the receiver (X-GitHub-Delivery).
	GUID string `json:"guid,omitempty"`
	// Event is the event type (and Action its action, where there is one).
	Event  string `json:"event,omitempty"`
	Action string `json:"action,omitempty"`
	// Status is the backend's summary ("OK", "Invalid HTTP Response: 500").
	Status string `json:"status,omitempty"`
	// StatusCode is the HTTP status the receiver answered (0: none).
	StatusCode int `json:"status_code"`
	// Redelivery reports whether this attempt was a redelivery.
	Redelivery bool `json:"redelivery"`
	// DeliveredAt is when the delivery was made.
	DeliveredAt time.Time `json:"delivered_at"`
	// Duration is how long the receiver took to answer.
	Duration time.Duration `json:"duration_ns"`
	// Request and Response are set by DeliveryLogger.Delivery only.
	Request  *DeliveryMessage `json:"request,omitempty"`
	Response *DeliveryMessage `json:"response,omitempty"`

	// Raw is the backend's own JSON for this delivery, printed by --raw.
	Raw json.RawMessage `json:"-"`
}

// DeliveryMessage is the request or response of one delivery.
type DeliveryMessage struct {
	Headers http.Header `json:"headers,omitempty"`
	// Body is the payload as the backend shows it (JSON when it is JSON).
	Body json.RawMessage `json:"body,omitempty"`
}
