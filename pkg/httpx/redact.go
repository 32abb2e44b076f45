package httpx

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Redacted replaces every credential in logs and error messages.
const Redacted = "REDACTED"

// Redactor scrubs credentials from any text before it reaches a terminal:
// the profile's own secrets wherever they appear, plus the places where
// credentials live by shape (query values, Authorization headers, JSON
// fields, Trello's /tokens/{token}/ path) even when the value is unknown.
//
// A Redactor is safe for concurrent use: a run's workers print through it
// while a re-login adds the new session token.
type Redactor struct {
	mu      sync.RWMutex
	secrets []string
}

// Secrets shorter than this are not scrubbed by value: they would match
// ordinary text. The shape rules still catch them.
const minSecretLen = 4

// NewRedactor returns a Redactor for the given secret values.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	r.Add(secrets...)
	return r
}

// Add registers more secret values (e.g. a session token learnt at run
// time), each in every form it can take in a request or an answer: as it
// is, JSON-escaped, URL-escaped (query and path) and base64-encoded.
func (r *Redactor) Add(secrets ...string) {
	if r == nil {
		return
	}
	var forms []string
	for _, s := range secrets {
		if len(s) >= minSecretLen {
			forms = append(forms, secretForms(s)...)
		}
	}
	if len(forms) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, f := range forms {
		if len(f) >= minSecretLen && !slices.Contains(r.secrets, f) {
			r.secrets = append(r.secrets, f)
		}
	}
	// Longest first, so a secret containing another is replaced whole.
	sort.SliceStable(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
}

// shapeRules are compiled on first use: most runs never print an error or a
// debug line, and compiling them at start-up would cost every run.
var shapeRules = sync.OnceValue(func() []shapeRule {
	return []shapeRule{
		// user:password@ in any URL (a proxy's, or a base URL's).
		{regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s@"'<>]+@`), "${1}" + Redacted + "@"},
		{regexp.MustCompile(`(?i)([?&](?:key|token|auth_token|api_key|access_token|value_token)=)[^&\s"']*`), "${1}" + Redacted},
		{regexp.MustCompile(`(?i)(/tokens/)[^/?\s"']+`), "${1}" + Redacted},
		{regexp.MustCompile(`(?i)(oauth_consumer_key=")[^"]*`), "${1}" + Redacted},
		{regexp.MustCompile(`(?i)(oauth_token=")[^"]*`), "${1}" + Redacted},
		{regexp.MustCompile(`(?i)(authorization:\s*(?:bearer|basic)?\s*)[^\s,"]+`), "${1}" + Redacted},
		// A JSON string value runs to the first quote that is not escaped.
		{regexp.MustCompile(`(?i)("(?:sharedSecret|authToken|token|secret|auth_token|key|password)"\s*:\s*")(?:[^"\\]|\\.)*`), "${1}" + Redacted},
	}
})

type shapeRule struct {
	re   *regexp.Regexp
	repl string
}

// String returns s with every credential replaced by REDACTED.
func (r *Redactor) String(s string) string {
	if r != nil {
		r.mu.RLock()
		for _, sec := range r.secrets {
			if strings.Contains(s, sec) {
				s = strings.ReplaceAll(s, sec, Redacted)
			}
		}
		r.mu.RUnlock()
	}
	for _, rule := range shapeRules() {
		s = rule.re.ReplaceAllString(s, rule.repl)
	}
	return s
}

// Error wraps err so that its message is scrubbed while errors.Is and
// errors.As still see the original.
func (r *Redactor) Error(err error) error {
	if err == nil {
		return nil
	}
	return &redactedError{msg: r.String(err.Error()), err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
