// Package github emulates GitHub's REST API for repository and organization
// webhooks, as GitHub's published OpenAPI description and REST reference
// describe it: hooks under /repos/{owner}/{repo}/hooks and
// /orgs/{org}/hooks with Link pagination, PATCH of a hook or of its config,
// pings and test pushes really delivered to the hook's URL (loopback
// addresses only), each hook's deliveries log with cursor pagination and
// redelivery, the X-RateLimit-* headers and, when asked, the secondary
// limit on content-creating requests.
//
// It is served by the hookctl sandbox under /github (an Emulator is a
// sandbox.Emulator), or on its own (ServeHTTP), and is an independent
// implementation of GitHub's behaviour: it imports no hookctl client code.
package github

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/hookctl/hookctl/pkg/sandbox"
)

// Token is the token the emulator accepts. Tokens of the form
// Token+"-"+anything are accepted too, each as a different user; one that
// ends in "-readonly" may read nothing and administer nothing, so GitHub's
// 404 for a repository the token cannot administer can be tried.
const Token = "sandbox-token"

// PrimaryLimit is the number of requests a token may make an hour.
const PrimaryLimit = 5000

// docsURL is the documentation_url of GitHub's error bodies.
const docsURL = "https://docs.github.com/rest"

// Options configure an Emulator. The zero value serves from memory with no
// secondary limit and no deliveries (Client nil).
type Options struct {
	// Prefix is the path the emulator is mounted under (e.g. "/github"):
	// the API root of the URLs it shows in hooks and Link headers.
	Prefix string
	// Store keeps the state; nil keeps it in memory.
	Store sandbox.Store
	// SecondaryLimit is the number of content-creating requests (POST,
	// PATCH, PUT, DELETE) a token may make per SecondaryWindow; over it
	// the answer is GitHub's 403 secondary-limit error with Retry-After.
	// 0 disables it.
	SecondaryLimit  int
	SecondaryWindow time.Duration
	// Client delivers pings, tests and redeliveries. It must refuse
	// anything but loopback addresses; nil delivers nothing (each attempt
	// is logged as failed to connect).
	Client *http.Client
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// Emulator is GitHub's webhook API. It is safe for concurrent use.
type Emulator struct {
	opts    Options
	mu      sync.Mutex
	used    map[string]*hourCount  // primary limit, per token
	created map[string][]time.Time // content-creating requests, per token
}

type hourCount struct {
	reset time.Time
	used  int
}

// New returns an Emulator.
func New(opts Options) *Emulator {
	if opts.Store == nil {
		opts.Store = &sandbox.MemStore{}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.SecondaryWindow <= 0 {
		opts.SecondaryWindow = time.Minute
	}
	return &Emulator{opts: opts, used: map[string]*hourCount{}, created: map[string][]time.Time{}}
}

// ServeHTTP serves one request whose path is relative to the prefix
// (r.URL.Path "/repos/o/r/hooks"). body is the request body, already read.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body []byte
	if r.Body != nil {
		b, err := readBody(r)
		if err != nil {
			return
		}
		body = b
	}
	e.serve(w, r, body)
}

// supportedAPIVersions are the X-GitHub-Api-Version values GitHub serves.
var supportedAPIVersions = map[string]bool{"2022-11-28": true, "2026-03-10": true}

// serve is ServeHTTP with the body already read.
func (e *Emulator) serve(w http.ResponseWriter, r *http.Request, body []byte) {
	w.Header().Set("X-GitHub-Media-Type", "github.v3; format=json")
	w.Header().Set("X-GitHub-Api-Version-Selected", "2022-11-28")
	// GitHub answers 400 to a version it does not serve; no header means
	// its default.
	if v := r.Header.Get("X-GitHub-Api-Version"); v != "" && !supportedAPIVersions[v] {
		writeError(w, http.StatusBadRequest, "API version "+v+" is not supported.", "https://docs.github.com/rest/about-the-rest-api/api-versions")
		return
	}
	token, ok := bearer(r.Header.Get("Authorization"))
	if !ok {
		msg := "Requires authentication"
		if r.Header.Get("Authorization") != "" {
			msg = "Bad credentials"
		}
		writeError(w, http.StatusUnauthorized, msg, docsURL)
		return
	}
	if !e.countPrimary(w, token) {
		return
	}
	if isContentCreating(r.Method) {
		if wait, ok := e.countSecondary(token); !ok {
			w.Header().Set("Retry-After", fmt.Sprint(int((wait+time.Second-1)/time.Second)))
			writeError(w, http.StatusForbidden, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
				"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits")
			return
		}
	}
	q := &call{e: e, w: w, r: r, body: body, token: token}
	q.route()
}

// bearer reads "Bearer TOKEN" or "token TOKEN" and checks the token.
func bearer(h string) (string, bool) {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !(strings.EqualFold(scheme, "Bearer") || strings.EqualFold(scheme, "token")) {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, sandbox.IsToken(tok, Token)
}

func isContentCreating(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// countPrimary counts a request against the token's hour and sets the
// X-RateLimit-* headers; over the limit it answers 403 as GitHub does.
func (e *Emulator) countPrimary(w http.ResponseWriter, token string) bool {
	e.mu.Lock()
	now := e.opts.Now()
	c := e.used[token]
	if c == nil || !now.Before(c.reset) {
		c = &hourCount{reset: now.Add(time.Hour).Truncate(time.Second)}
		e.used[token] = c
	}
	c.used++
	used, reset := c.used, c.reset
	e.mu.Unlock()
	h := w.Header()
	h.Set("X-RateLimit-Limit", fmt.Sprint(PrimaryLimit))
	h.Set("X-RateLimit-Remaining", fmt.Sprint(max(PrimaryLimit-used, 0)))
	h.Set("X-RateLimit-Reset", fmt.Sprint(reset.Unix()))
	h.Set("X-RateLimit-Used", fmt.Sprint(min(used, PrimaryLimit)))
	h.Set("X-RateLimit-Resource", "core")
	if used > PrimaryLimit {
		writeError(w, http.StatusForbidden, "API rate limit exceeded for user. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)",
			"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api")
		return false
	}
	return true
}

// countSecondary counts a content-creating request in the token's sliding
// window; over the limit it reports how long until one more would fit.
func (e *Emulator) countSecondary(token string) (time.Duration, bool) {
	if e.opts.SecondaryLimit <= 0 {
		return 0, true
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.opts.Now()
	from := now.Add(-e.opts.SecondaryWindow)
	kept := e.created[token][:0]
	for _, t := range e.created[token] {
		if t.After(from) {
			kept = append(kept, t)
		}
	}
	if len(kept) >= e.opts.SecondaryLimit {
		e.created[token] = kept
		return kept[0].Add(e.opts.SecondaryWindow).Sub(now), false
	}
	e.created[token] = append(kept, now)
	return 0, true
}

// writeError writes GitHub's basic-error body.
func writeError(w http.ResponseWriter, status int, msg, doc string) {
	writeJSON(w, status, map[string]string{"message": msg, "documentation_url": doc, "status": fmt.Sprint(status)})
}

// validationError is one item of a 422's errors[].
type validationError struct {
	Resource string `json:"resource"`
	Code     string `json:"code"`
	Field    string `json:"field,omitempty"`
	Message  string `json:"message,omitempty"`
}

// writeValidation writes GitHub's 422 "Validation Failed".
func writeValidation(w http.ResponseWriter, doc string, errs ...validationError) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
		"message": "Validation Failed", "errors": errs, "documentation_url": doc, "status": "422",
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	sandbox.WriteJSON(w, status, "application/json; charset=utf-8", v)
}
