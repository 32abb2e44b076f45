package webhook

import (
	"errors"
	"fmt"
)

// Error kinds. Every error a dialect returns wraps one of them (or none, for a
// plain failure), so that the CLI maps it to an exit code in one place.
var (
	// ErrValidation is bad input caught before any request is sent.
	ErrValidation = errors.New("invalid input")
	// ErrNotFound is an unknown id (HTTP 404).
	ErrNotFound = errors.New("not found")
	// ErrAuth is a rejected credential or permission (HTTP 401, 403).
	ErrAuth = errors.New("authentication failed")
	// ErrConflict is a duplicate or conflicting webhook (HTTP 409, Trello's "already exists").
	ErrConflict = errors.New("conflict")
	// ErrRateLimited is a 429 that outlasted the retries.
	ErrRateLimited = errors.New("rate limited")
)

// APIError is an error answer from a backend, reduced to one line.
type APIError struct {
	// Status is the HTTP status code.
	Status int
	// Message is the backend's own message, already one line.
	Message string
	// Kind is one of the Err* kinds above, or nil.
	Kind error
	// Advice, when set, is the dialect's hint on what to do about it
	// (GitHub's 401: which variables the token comes from).
	Advice string
}

// Hint is the dialect's advice on the error, "" when it has none.
func (e *APIError) Hint() string { return e.Advice }

func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = "no message"
	}
	return fmt.Sprintf("%s (HTTP %d)", msg, e.Status)
}

// Unwrap lets errors.Is find the kind.
func (e *APIError) Unwrap() error { return e.Kind }

// KindForStatus is the error kind of an HTTP status code.
func KindForStatus(status int) error {
	switch status {
	case 401, 403:
		return ErrAuth
	case 404:
		return ErrNotFound
	case 409:
		return ErrConflict
	case 429:
		return ErrRateLimited
	}
	return nil
}

// NewAPIError builds an APIError for status with the backend's message,
// folded onto one line and trimmed to a readable length.
func NewAPIError(status int, message string) *APIError {
	return &APIError{Status: status, Message: OneLine(message, 300), Kind: KindForStatus(status)}
}

// ValidationError is bad input caught locally; it names what was wrong.
type ValidationError struct {
	// Field is the flag or field at fault, e.g. "--url" or "model".
	Field string
	// Reason says what is wrong with it.
	Reason string
}

func (e *ValidationError) Error() string {
	if e.Field == "" {
		return e.Reason
	}
	return e.Field + ": " + e.Reason
}

// Unwrap makes errors.Is(err, ErrValidation) true.
func (e *ValidationError) Unwrap() error { return ErrValidation }

// Invalid is shorthand for a *ValidationError.
func Invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
