package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Emulator is one vendor's API as the sandbox serves it. An emulator lives
// in a package of its own under pkg/sandbox/ and is named by its dialect's
// descriptor; the sandbox is given its emulators (Options.Emulators, which
// hookctl fills from its registry) and knows no vendor:
// it routes by the emulators' prefixes, keeps each emulator's part of the
// state under its name (Host.Update, Host.View), injects faults, and asks
// the emulator how its vendor answers them.
type Emulator interface {
	// Name is the emulator's name: the dialect it emulates, the key of its
	// part of the state file, and what Options.Dialects names.
	Name() string
	// Prefix is the path the emulator is served under, e.g. "/acme/v1";
	// "" serves it at the root (the paths it claims with Claims).
	Prefix() string
	// About is the line GET / shows for it: a path after the prefix, two
	// spaces and the API's name.
	About() string
	// Serve answers one request whose path is under the prefix; h gives
	// it its state, clock and delivery client.
	Serve(h *Host, w http.ResponseWriter, r *Request)
	// Credential names what the vendor rate-limits on; the value is only a
	// map key, never logged.
	Credential(r *http.Request) string
	// RateLimited answers 429 the way the vendor does.
	RateLimited(w http.ResponseWriter, r *http.Request, wait time.Duration)
	// Unavailable answers an injected 503 in the vendor's style.
	Unavailable(w http.ResponseWriter)
	// TooLarge answers a body over the sandbox's 1 MiB limit.
	TooLarge(w http.ResponseWriter)
	// RedactPath hides credentials in a path after the prefix, for logs.
	RedactPath(rest string) string
}

// RateLimitOwner is an Emulator that answers rate limits itself (a vendor
// whose every answer carries X-RateLimit-* headers, say) instead of through
// the sandbox's fault injection; it reads Options.RateLimit from
// Host.Options.
type RateLimitOwner interface {
	OwnsRateLimit() bool
}

// RootClaimer is an Emulator served at the root (Prefix ""), which claims
// the paths it serves (some vendors' SDKs insist on /v1/… at the API's root).
type RootClaimer interface {
	Claims(path string) bool
}

// Host is what a sandbox gives one of its emulators: its part of the
// state, the clock, the client that delivers to loopback callback URLs,
// the sandbox's options and a place for the emulator's per-sandbox
// instance.
type Host struct {
	s    *Sandbox
	name string
}

func (s *Sandbox) host(name string) *Host { return &Host{s: s, name: name} }

// Update runs fn on the emulator's saved state (nil the first time) and
// saves what fn returns; an error from fn aborts without saving. Calls are
// serialised with every other access to the sandbox's state, across
// processes sharing a state file.
func (h *Host) Update(fn func(saved json.RawMessage) (json.RawMessage, error)) error {
	return updatePart(h.s, h.name, func(raw *json.RawMessage) error {
		out, err := fn(*raw)
		if err != nil {
			return err
		}
		*raw = out
		return nil
	})
}

// View runs fn on the emulator's saved state (nil when there is none).
func (h *Host) View(fn func(saved json.RawMessage) error) error {
	return viewPart(h.s, h.name, func(raw *json.RawMessage) error { return fn(*raw) })
}

// Client delivers to callback URLs; it refuses anything but loopback
// addresses.
func (h *Host) Client() *http.Client { return h.s.callback }

// Corrupt is the error an emulator returns from Update or View when its
// saved part does not decode (err): the sandbox says which state file it
// is and how to start over.
func (h *Host) Corrupt(err error) error {
	if err == nil {
		return nil
	}
	return &corruptPart{name: h.name}
}

// Now is the sandbox's clock.
func (h *Host) Now() time.Time { return h.s.opts.Now() }

// Options are the sandbox's options (rate limit, token lifetime, …).
func (h *Host) Options() Options { return h.s.opts }

// Instance returns the emulator's instance for this sandbox, made by make
// on first use.
func (h *Host) Instance(make func() any) any {
	if v, ok := h.s.instances.Load(h.name); ok {
		return v
	}
	v, _ := h.s.instances.LoadOrStore(h.name, make())
	return v
}

// Logf writes one line to the sandbox's request log (an internal error, a
// delivery), when it has one.
func (h *Host) Logf(format string, args ...any) {
	if h.s.opts.Log == nil {
		return
	}
	h.s.logMu.Lock()
	defer h.s.logMu.Unlock()
	fmt.Fprintf(h.s.opts.Log, format+"\n", args...)
}
