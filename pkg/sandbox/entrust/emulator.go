// Package entrust emulates the Entrust IDaaS Administration API for
// webhooks: session tokens from an application id and shared secret
// (POST /api/web/v1/adminapi/authenticate), webhooks under
// /api/web/v1/webhooks with Entrust's validation, name uniqueness and
// enabled limit, and test events signed with x-sha2-signature and
// RFC 9421, delivered to loopback callback URLs; a webhook is disabled
// after DisableAfter consecutive failed deliveries.
//
// It is served by the hookctl sandbox under /entrust (Emulator), and is an
// independent implementation of Entrust's behaviour: it imports no hookctl
// client code.
package entrust

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/signature"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// entrustState is the Entrust part of the state.
type entrustState struct {
	Webhooks []entrustHook `json:"webhooks"`
	// TokenKey signs session tokens (see auth.go).
	TokenKey string `json:"tokenKey,omitempty"`
}

// entrustHook is a stored Entrust webhook; Token is its signing secret.
type entrustHook struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	CallbackURL string   `json:"callbackUrl"`
	Events      []string `json:"events"`
	Enabled     bool     `json:"enabled"`
	Token       string   `json:"token"`
	// Failures counts consecutive failed deliveries (the API does not show
	// it); at DisableAfter the webhook is disabled.
	Failures int `json:"failures,omitempty"`
}

// entrustWebhook is the webhook as the API shows it; Token only on create.
type entrustWebhook struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	CallbackURL string   `json:"callbackUrl"`
	Events      []string `json:"events"`
	Enabled     bool     `json:"enabled"`
	Token       string   `json:"token,omitempty"`
}

func (h entrustHook) public() entrustWebhook {
	return entrustWebhook{ID: h.ID, Name: h.Name, CallbackURL: h.CallbackURL, Events: append([]string{}, h.Events...), Enabled: h.Enabled}
}

// Events are the webhook event names Entrust IDaaS documents.
var Events = []string{
	"authentication.succeeded", "authentication.failed",
	"user.created", "user.updated", "user.deleted", "user.registration.completed",
	"password.updated", "kba.question.created",
	"grid.created", "grid.email.sent", "grid.password.email.sent",
	"passkey.created", "passkey.updated", "passkey.deleted",
	"magiclink.email.sent", "face.biometric.created",
}

// DisableAfter is how many consecutive failed deliveries disable a
// webhook, as Entrust documents.
const DisableAfter = 100

// MaxEnabled is the most enabled webhooks a tenant may have. Over it
// the sandbox answers 409 with errorCode "webhook_limit_exceeded" (Entrust
// documents the limit, not the answer; 409 is in its documented statuses).
const MaxEnabled = 20

// Name is the name of the Entrust IDaaS emulator (and dialect), and the
// key of its part of the sandbox state.
const Name = "entrust"

// entrustPrefix is the path the Entrust API is served under.
const entrustPrefix = "/entrust"

// Credentials the Entrust emulator accepts.
const (
	// AppID is the only accepted Entrust Administration API
	// application id.
	AppID = "sandbox-app"
	// Secret is the shared secret of AppID.
	Secret = "sandbox-secret"
)

// Emulator serves the Entrust IDaaS Administration API under /entrust, as
// a sandbox.Emulator; it keeps nothing itself (its webhooks and its
// token-signing key are in the sandbox's state).
type Emulator struct{}

var _ sandbox.Emulator = Emulator{}

// Name is "entrust".
func (Emulator) Name() string { return Name }

// Prefix is /entrust.
func (Emulator) Prefix() string { return entrustPrefix }

// About is the line GET / shows.
func (Emulator) About() string { return entrustAPI + "/  Entrust IDaaS Administration API" }

// Serve answers one request to the Administration API.
func (Emulator) Serve(h *sandbox.Host, w http.ResponseWriter, q *sandbox.Request) {
	server{h}.serveEntrust(w, q)
}

// server answers the requests of one sandbox.
type server struct{ h *sandbox.Host }

// Credential is the API application: one per sandbox tenant.
func (Emulator) Credential(*http.Request) string { return AppID }

// RateLimited answers 429 with Retry-After and Entrust's error body.
func (Emulator) RateLimited(w http.ResponseWriter, _ *http.Request, wait time.Duration) {
	w.Header().Set("Retry-After", sandbox.RetryAfter(wait))
	writeEntrustError(w, http.StatusTooManyRequests, "rate_limit_exceeded", "Too many requests. Try again later.")
}

// Unavailable answers an injected 503 with Entrust's error body.
func (Emulator) Unavailable(w http.ResponseWriter) {
	writeEntrustError(w, http.StatusServiceUnavailable, "service_unavailable", "The service is temporarily unavailable.")
}

// TooLarge answers a body over the sandbox's limit.
func (Emulator) TooLarge(w http.ResponseWriter) {
	writeEntrustError(w, http.StatusRequestEntityTooLarge, "payload_too_large", fmt.Sprintf("request body larger than %d bytes", sandbox.MaxBody))
}

// RedactPath keeps paths: Entrust's session token is in a header, never
// logged.
func (Emulator) RedactPath(rest string) string { return rest }

// entrustJSON is the content type of Entrust's answers.
const entrustJSON = "application/json"

func writeEntrustError(w http.ResponseWriter, status int, code, msg string) {
	sandbox.WriteJSON(w, status, entrustJSON, map[string]string{"errorCode": code, "errorMessage": msg})
}

// uuidRe matches a webhook id; it is compiled on first use, not at
// start-up: the sandbox is linked into every hookctl run but serves only a
// few of them.
var uuidRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
})

// entrustAccountID is the sandbox tenant's account id in deliveries.
const entrustAccountID = "5f0c3a38-7a1e-4c55-9f1e-5a4d0b1e2c3d"

const entrustAPI = "/api/web/v1"

func (s server) serveEntrust(w http.ResponseWriter, q *sandbox.Request) {
	p, m := q.Rest, q.Method
	if !strings.HasPrefix(p, entrustAPI+"/") {
		writeEntrustError(w, http.StatusNotFound, "not_found", "No such resource.")
		return
	}
	p = strings.TrimSuffix(strings.TrimPrefix(p, entrustAPI), "/")
	allow := func(methods ...string) bool {
		for _, x := range methods {
			if x == m {
				return true
			}
		}
		w.Header().Set("Allow", strings.Join(methods, ", "))
		writeEntrustError(w, http.StatusMethodNotAllowed, "method_not_allowed", "Method "+m+" is not supported here.")
		return false
	}
	var id string
	switch {
	case p == "/adminapi/authenticate":
		if allow(http.MethodPost) {
			s.entrustAuthenticate(w, q)
		}
		return
	case p == "/webhooks":
		if !allow(http.MethodGet, http.MethodPost) {
			return
		}
	case strings.HasPrefix(p, "/webhooks/test/") && strings.Count(p, "/") == 3:
		id = strings.TrimPrefix(p, "/webhooks/test/")
		if !allow(http.MethodPost) {
			return
		}
	case strings.HasPrefix(p, "/webhooks/") && strings.Count(p, "/") == 2:
		id = strings.TrimPrefix(p, "/webhooks/")
		if !allow(http.MethodGet, http.MethodPut, http.MethodDelete) {
			return
		}
	default:
		writeEntrustError(w, http.StatusNotFound, "not_found", "No such resource.")
		return
	}
	if err := s.entrustCheckToken(q); err != nil {
		s.entrustFail(w, err)
		return
	}
	if p != "/webhooks" {
		if u, err := url.PathUnescape(id); err == nil {
			id = u
		}
		if !uuidRe().MatchString(id) {
			writeEntrustError(w, http.StatusBadRequest, "invalid_parameter", fmt.Sprintf("The webhook id %q is not a UUID.", clip(id, 64)))
			return
		}
		id = strings.ToLower(id)
	}
	switch {
	case p == "/webhooks" && m == http.MethodGet:
		s.entrustList(w)
	case p == "/webhooks":
		s.entrustCreate(w, q)
	case strings.HasPrefix(p, "/webhooks/test/"):
		s.entrustTest(w, q, id)
	case m == http.MethodGet:
		s.entrustGet(w, id)
	case m == http.MethodPut:
		s.entrustUpdate(w, q, id)
	default:
		s.entrustDelete(w, id)
	}
}

// clip shortens s for an error message.
func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func (s server) entrustFail(w http.ResponseWriter, err error) {
	sandbox.Reply(s.h, w, err, sandbox.APIError{Status: http.StatusInternalServerError, Code: "internal_error", Message: "An internal error occurred."},
		func(w http.ResponseWriter, e *sandbox.APIError) { writeEntrustError(w, e.Status, e.Code, e.Message) })
}

func entrustBad(msg string) *sandbox.APIError {
	return &sandbox.APIError{Status: http.StatusBadRequest, Code: "invalid_parameter", Message: msg}
}

var entrustNotFound = &sandbox.APIError{Status: http.StatusNotFound, Code: "not_found", Message: "The webhook was not found."}

// entrustParams is WebhookParms; nil fields were absent.
type entrustParams struct {
	Name        *string   `json:"name"`
	CallbackURL *string   `json:"callbackUrl"`
	Events      *[]string `json:"events"`
	Enabled     *bool     `json:"enabled"`
}

func entrustDecode(q *sandbox.Request) (entrustParams, *sandbox.APIError) {
	var p entrustParams
	if err := json.Unmarshal(q.Body, &p); err != nil {
		return p, &sandbox.APIError{Status: http.StatusBadRequest, Code: "invalid_request", Message: "The request body is not valid webhook parameters: " + sandbox.JSONProblem(err) + "."}
	}
	return p, nil
}

// apply merges p into h and validates the result: a name, an https
// callback URL, at least one known event.
//
// Deviation: Entrust requires https; the sandbox also accepts http for
// loopback hosts, so local receivers (hookctl listen, tests) can get
// deliveries without TLS certificates.
func (p entrustParams) apply(h *entrustHook) *sandbox.APIError {
	if p.Name != nil {
		h.Name = strings.TrimSpace(*p.Name)
	}
	if p.CallbackURL != nil {
		h.CallbackURL = strings.TrimSpace(*p.CallbackURL)
	}
	if p.Events != nil {
		h.Events = nil
		seen := map[string]bool{}
		for _, e := range *p.Events {
			if !seen[e] {
				seen[e] = true
				h.Events = append(h.Events, e)
			}
		}
	}
	if p.Enabled != nil {
		if *p.Enabled && !h.Enabled {
			h.Failures = 0 // enabled again: the count starts over
		}
		h.Enabled = *p.Enabled
	}
	switch {
	case h.Name == "":
		return entrustBad("The webhook name is required.")
	case len(h.Name) > 255:
		return entrustBad("The webhook name is longer than 255 characters.")
	case h.CallbackURL == "":
		return entrustBad("The callback URL is required.")
	}
	u, err := url.Parse(h.CallbackURL)
	if err != nil || u.Host == "" || u.Hostname() == "" || !(u.Scheme == "https" || (u.Scheme == "http" && webhook.IsLoopbackHost(u.Hostname()))) {
		return entrustBad("The callback URL must be an absolute https URL.")
	}
	if len(h.Events) == 0 {
		return entrustBad("At least one event is required.")
	}
	for _, e := range h.Events {
		if !knownEntrustEvent(e) {
			return entrustBad(fmt.Sprintf("Unknown webhook event %q.", clip(e, 64)))
		}
	}
	return nil
}

func knownEntrustEvent(e string) bool {
	for _, k := range Events {
		if k == e {
			return true
		}
	}
	return false
}

// entrustConflicts checks the name is unique and the enabled limit, for h
// at index self (-1 when new).
func entrustConflicts(st *entrustState, h entrustHook, self int) *sandbox.APIError {
	enabled := 0
	for i, o := range st.Webhooks {
		if i == self {
			continue
		}
		if o.Name == h.Name {
			return &sandbox.APIError{Status: http.StatusConflict, Code: "duplicate_webhook", Message: fmt.Sprintf("A webhook named %q already exists.", clip(h.Name, 64))}
		}
		if o.Enabled {
			enabled++
		}
	}
	wasEnabled := self >= 0 && st.Webhooks[self].Enabled
	if h.Enabled && !wasEnabled && enabled >= MaxEnabled {
		return &sandbox.APIError{Status: http.StatusConflict, Code: "webhook_limit_exceeded", Message: fmt.Sprintf("A tenant may have at most %d enabled webhooks.", MaxEnabled)}
	}
	return nil
}

func (s server) entrustList(w http.ResponseWriter) {
	list := []entrustWebhook{}
	if err := sandbox.ViewPart(s.h, func(st *entrustState) error {
		for _, h := range st.Webhooks {
			list = append(list, h.public())
		}
		return nil
	}); err != nil {
		s.entrustFail(w, err)
		return
	}
	sandbox.WriteJSON(w, http.StatusOK, entrustJSON, list)
}

func (s server) entrustCreate(w http.ResponseWriter, q *sandbox.Request) {
	p, aerr := entrustDecode(q)
	if aerr != nil {
		s.entrustFail(w, aerr)
		return
	}
	h := entrustHook{ID: uuid.NewString(), Enabled: true, Token: sandbox.NewSecret(32)}
	if aerr := p.apply(&h); aerr != nil {
		s.entrustFail(w, aerr)
		return
	}
	if err := sandbox.UpdatePart(s.h, func(st *entrustState) error {
		if aerr := entrustConflicts(st, h, -1); aerr != nil {
			return aerr
		}
		st.Webhooks = append(st.Webhooks, h)
		return nil
	}); err != nil {
		s.entrustFail(w, err)
		return
	}
	out := h.public()
	out.Token = h.Token
	sandbox.WriteJSON(w, http.StatusOK, entrustJSON, out)
}

// entrustFind returns a copy of webhook id.
func (s server) entrustFind(id string) (entrustHook, error) {
	var h entrustHook
	err := sandbox.ViewPart(s.h, func(st *entrustState) error {
		for _, o := range st.Webhooks {
			if o.ID == id {
				h = o
				h.Events = append([]string{}, o.Events...)
				return nil
			}
		}
		return entrustNotFound
	})
	return h, err
}

func (s server) entrustGet(w http.ResponseWriter, id string) {
	h, err := s.entrustFind(id)
	if err != nil {
		s.entrustFail(w, err)
		return
	}
	sandbox.WriteJSON(w, http.StatusOK, entrustJSON, h.public())
}

func (s server) entrustUpdate(w http.ResponseWriter, q *sandbox.Request, id string) {
	p, aerr := entrustDecode(q)
	if aerr != nil {
		s.entrustFail(w, aerr)
		return
	}
	var h entrustHook
	err := sandbox.UpdatePart(s.h, func(st *entrustState) error {
		for i := range st.Webhooks {
			if st.Webhooks[i].ID != id {
				continue
			}
			h = st.Webhooks[i]
			h.Events = append([]string{}, h.Events...)
			if aerr := p.apply(&h); aerr != nil {
				return aerr
			}
			if aerr := entrustConflicts(st, h, i); aerr != nil {
				return aerr
			}
			st.Webhooks[i] = h
			return nil
		}
		return entrustNotFound
	})
	if err != nil {
		s.entrustFail(w, err)
		return
	}
	sandbox.WriteJSON(w, http.StatusOK, entrustJSON, h.public())
}

func (s server) entrustDelete(w http.ResponseWriter, id string) {
	err := sandbox.UpdatePart(s.h, func(st *entrustState) error {
		for i := range st.Webhooks {
			if st.Webhooks[i].ID == id {
				st.Webhooks = append(st.Webhooks[:i], st.Webhooks[i+1:]...)
				return nil
			}
		}
		return entrustNotFound
	})
	if err != nil {
		s.entrustFail(w, err)
		return
	}
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
}

// entrustTest serves POST /webhooks/test/{id}: a sample event of the
// webhook's first event type, signed with x-sha2-signature and RFC 9421,
// posted to its callback (loopback only). It answers 200 with what the
// callback answered, or 400 "webhook_test_failed" when it gave no answer or
// was not called (not loopback: the sandbox claims no delivery it did not
// make, and does not count it as the callback's failure).
func (s server) entrustTest(w http.ResponseWriter, q *sandbox.Request, id string) {
	h, err := s.entrustFind(id)
	if err != nil {
		s.entrustFail(w, err)
		return
	}
	event := "user.created"
	if len(h.Events) > 0 {
		event = h.Events[0]
	}
	result := map[string]any{"webhookId": h.ID, "callbackUrl": h.CallbackURL, "eventType": event, "delivered": false}
	if !sandbox.IsLoopbackURL(h.CallbackURL) {
		s.entrustFail(w, &sandbox.APIError{Status: http.StatusBadRequest, Code: "webhook_test_failed", Message: "The test event was " + sandbox.NotDelivered(h.CallbackURL) + "."})
		return
	}
	now := s.h.Now()
	body, _ := json.Marshal(entrustEvent(event, now))
	hdr := http.Header{"Content-Type": {"application/json"}}
	hdr.Set(signature.EntrustSHA2Header, signature.EntrustSHA2Sign(h.Token, body))
	signature.RFC9421Sign(hdr, http.MethodPost, signature.TargetURI(h.CallbackURL), body, h.ID, h.Token, now)
	d, err := s.h.Deliver(q.Context(), h.CallbackURL, hdr, body)
	disabled := s.entrustCountDelivery(h.ID, err == nil && d.Status >= 200 && d.Status < 300)
	if err != nil {
		msg := "The callback URL gave " + sandbox.CallbackFailure(err) + "."
		if disabled {
			msg += fmt.Sprintf(" The webhook is disabled after %d consecutive failed deliveries.", DisableAfter)
		}
		s.entrustFail(w, &sandbox.APIError{Status: http.StatusBadRequest, Code: "webhook_test_failed", Message: msg})
		return
	}
	if disabled {
		result["note"] = fmt.Sprintf("the webhook is disabled after %d consecutive failed deliveries", DisableAfter)
	}
	result["delivered"] = true
	result["statusCode"] = d.Status
	result["responseBody"] = d.Body
	sandbox.WriteJSON(w, http.StatusOK, entrustJSON, result)
}

// entrustCountDelivery records a delivery to webhook id: a success resets
// the count of consecutive failures, a failure adds one, and the one that
// reaches DisableAfter disables the webhook; it reports that.
func (s server) entrustCountDelivery(id string, ok bool) (disabled bool) {
	_ = sandbox.UpdatePart(s.h, func(st *entrustState) error {
		for i := range st.Webhooks {
			h := &st.Webhooks[i]
			if h.ID != id {
				continue
			}
			if ok {
				h.Failures = 0
				return nil
			}
			h.Failures++
			if h.Failures >= DisableAfter && h.Enabled {
				h.Enabled = false
				disabled = true
			}
			return nil
		}
		return entrustNotFound // deleted meanwhile: nothing to count
	})
	return disabled
}

// entrustEvent builds a sample event envelope for event type typ.
func entrustEvent(typ string, now time.Time) map[string]any {
	entityType, entityName := "USERS", "janesmith"
	switch {
	case strings.HasPrefix(typ, "authentication."):
		entityType = "AUTHENTICATION"
	case strings.HasPrefix(typ, "passkey."), strings.HasPrefix(typ, "face."):
		entityType = "AUTHENTICATORS"
	case strings.HasPrefix(typ, "grid."):
		entityType = "GRIDS"
	}
	return map[string]any{
		"id":        uuid.NewString(),
		"type":      typ,
		"accountId": entrustAccountID,
		"eventTime": now.UTC().Format("2006-01-02T15:04:05.000Z"),
		"data": map[string]any{
			"subject":     uuid.NewString(),
			"subjectName": "adminuser",
			"subjectType": "USER",
			"entityType":  entityType,
			"entityId":    uuid.NewString(),
			"entityName":  entityName,
			"entityAttributes": map[string]any{
				"userId": entityName, "email": "jane.smith@example.com",
				"firstName": "Jane", "lastName": "Smith", "state": "ACTIVE",
			},
		},
	}
}
