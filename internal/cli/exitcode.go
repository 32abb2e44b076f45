package cli

import (
	"context"
	"errors"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// Exit codes: one table for every command (the README's "Output and exit
// codes").
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitNotFound    = 3
	ExitAuth        = 4
	ExitConflict    = 5
	ExitRateLimited = 6
	ExitInterrupted = 130
	ExitTerminated  = 143
)

// usageError is a mistake in the command line: wrong flags or arguments.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// hinted is an error with the advice to print under it.
type hinted struct {
	err  error
	hint string
}

func (e *hinted) Error() string { return e.err.Error() }
func (e *hinted) Unwrap() error { return e.err }
func (e *hinted) Hint() string  { return e.hint }

// withHint attaches a hint line to err.
func withHint(err error, hint string) error { return &hinted{err: err, hint: hint} }

// hintOf is the hint an error carries (a configuration error's fix, a
// usage error's "did you mean"), "" if none.
func hintOf(err error) string {
	var h interface{ Hint() string }
	if errors.As(err, &h) {
		return h.Hint()
	}
	return ""
}

// errInterrupted is Ctrl-C.
var errInterrupted = errors.New("interrupted")

// errTerminated is SIGTERM, which only listen waits for (a service
// manager's stop): 143, as a shell reports a process killed by it.
var errTerminated = errors.New("terminated")

// silentError carries an exit code for a failure already reported on
// stderr (a partial bulk failure, diff's "differs").
type silentError struct{ code int }

func (e *silentError) Error() string { return "" }

// ExitCode maps an error to its exit code: the one place that does.
func ExitCode(err error) int {
	var silent *silentError
	var usage *usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &silent):
		return silent.code
	case errors.Is(err, errTerminated):
		return ExitTerminated
	case errors.Is(err, errInterrupted), errors.Is(err, context.Canceled):
		return ExitInterrupted
	case errors.As(err, &usage), errors.Is(err, webhook.ErrValidation), isConfigError(err):
		return ExitUsage
	case errors.Is(err, webhook.ErrNotFound):
		return ExitNotFound
	case errors.Is(err, webhook.ErrAuth):
		return ExitAuth
	case errors.Is(err, webhook.ErrConflict):
		return ExitConflict
	case errors.Is(err, webhook.ErrRateLimited):
		return ExitRateLimited
	}
	return ExitFailure
}

// hint is the advice printed under an error of the given code, if any.
func hint(code int, profile string) string {
	switch code {
	case ExitAuth:
		return "check the credentials of profile " + profile + " with `hookctl profile check " + profile + "`"
	case ExitRateLimited:
		return "the backend's rate limit was hit: wait a little, or lower rate-limit in the profile"
	}
	return ""
}
