package sandbox

import (
	"net/http"
	"time"
)

// The names below are what the last emulator still written as a file of
// this package uses; they go with it, when it becomes a vendor file or a
// package of its own.

// register returns e: emulators are no longer registered here, the
// registry (pkg/dialect) hands the sandbox its emulators.
func register(e Emulator) Emulator { return e }

// apiError is a vendor-level error answer: a status, a message and body,
// when set, the exact JSON to send.
type apiError struct {
	status int
	msg    string
	body   any
}

func (e *apiError) Error() string { return e.msg }

const maxBody = MaxBody

func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	WriteJSON(w, status, contentType, v)
}

func internalMessage(err error, generic string) string { return InternalMessage(err, generic) }
func isLoopbackURL(raw string) bool                    { return IsLoopbackURL(raw) }
func isHTTPURL(raw string) bool                        { return IsHTTPURL(raw) }
func notDelivered(raw string) string                   { return NotDelivered(raw) }
func callbackFailure(err error) string                 { return CallbackFailure(err) }
func retryAfter(d time.Duration) string                { return RetryAfter(d) }
