package github

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/hookctl/hookctl/pkg/sandbox"
)

// state is everything the emulator keeps.
type state struct {
	NextHook     int64  `json:"next_hook"`
	NextDelivery int64  `json:"next_delivery"`
	Hooks        []hook `json:"hooks"`
}

// hook is a stored hook. Owner is "repos/OWNER/NAME" or "orgs/NAME" in
// lower case (GitHub's names are not case sensitive); User is a hash of
// the token's user, for nothing but telling tokens apart.
type hook struct {
	ID           int64        `json:"id"`
	Owner        string       `json:"owner"`
	Name         string       `json:"name"`
	Active       bool         `json:"active"`
	Events       []string     `json:"events"`
	Config       hookConfig   `json:"config"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
	LastResponse lastResponse `json:"last_response"`
	Deliveries   []delivery   `json:"deliveries,omitempty"`
}

type hookConfig struct {
	URL         string `json:"url,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	InsecureSSL string `json:"insecure_ssl,omitempty"`
	Secret      string `json:"secret,omitempty"`
}

type lastResponse struct {
	Code    *int    `json:"code"`
	Status  *string `json:"status"`
	Message *string `json:"message"`
}

// delivery is one entry of a hook's deliveries log.
type delivery struct {
	ID          int64     `json:"id"`
	GUID        string    `json:"guid"`
	DeliveredAt time.Time `json:"delivered_at"`
	Redelivery  bool      `json:"redelivery"`
	Duration    float64   `json:"duration"`
	Status      string    `json:"status"`
	StatusCode  int       `json:"status_code"`
	Event       string    `json:"event"`
	Action      *string   `json:"action"`
	URL         string    `json:"url"`
	Request     message   `json:"request"`
	Response    message   `json:"response"`
}

// message is a delivery's request (payload: the JSON object sent) or
// response (payload: the body received, as a string).
type message struct {
	Headers map[string]string `json:"headers"`
	Payload json.RawMessage   `json:"payload"`
}

// maxDeliveries is how many deliveries a hook's log keeps.
const maxDeliveries = 100

func (s *state) find(owner string, id int64) int {
	for i := range s.Hooks {
		if s.Hooks[i].ID == id && s.Hooks[i].Owner == owner {
			return i
		}
	}
	return -1
}

func (h *hook) isOrg() bool { return strings.HasPrefix(h.Owner, "orgs/") }

// update runs fn on the decoded state and saves it when fn succeeds.
func (e *Emulator) update(fn func(*state) error) error { return sandbox.UpdateState(e.opts.Store, fn) }

// view runs fn on the state without changing it.
func (e *Emulator) view(fn func(*state) error) error { return sandbox.ViewState(e.opts.Store, fn) }
