package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"
)

// supportBeeState is the SupportBee part of the state.
type supportBeeState struct {
	Webhooks []supportBeeHook `json:"webhooks"`
	// LastStamp is the timestamp part of the newest id, so ids stay unique
	// when several webhooks are made within one second.
	LastStamp string `json:"lastStamp,omitempty"`
}

// supportBeeHook is a stored (and shown) SupportBee web hook.
type supportBeeHook struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

// SupportBee is the name of the SupportBee emulator (and dialect).
const SupportBee = "supportbee"

// supportBeePrefix is the path the SupportBee API is served under.
const supportBeePrefix = "/supportbee"

// Credentials the SupportBee emulator accepts.
const (
	// SupportBeeCompany is the company (sub-domain) name of the sandbox.
	SupportBeeCompany = "sandbox"
	// SupportBeeToken is the only accepted SupportBee auth_token.
	SupportBeeToken = "sandbox-token"
)

// SupportBeeEmulator serves the SupportBee API under /supportbee.
var SupportBeeEmulator = register(supportBeeEmulator{})

type supportBeeEmulator struct{}

func (supportBeeEmulator) Name() string   { return SupportBee }
func (supportBeeEmulator) Prefix() string { return supportBeePrefix }
func (supportBeeEmulator) About() string  { return "/  SupportBee" }

func (supportBeeEmulator) Serve(h *Host, w http.ResponseWriter, q *Request) {
	h.s.serveSupportBee(w, q)
}

// credential is the auth_token.
func (supportBeeEmulator) Credential(r *http.Request) string { return r.URL.Query().Get("auth_token") }

func (supportBeeEmulator) RateLimited(w http.ResponseWriter, _ *http.Request, wait time.Duration) {
	w.Header().Set("Retry-After", retryAfter(wait))
	writeJSON(w, http.StatusTooManyRequests, railsJSON, map[string]string{"error": "Rate limit exceeded. Try again later."})
}

func (supportBeeEmulator) Unavailable(w http.ResponseWriter) {
	writeJSON(w, http.StatusServiceUnavailable, railsJSON, map[string]any{"status": 503, "error": "Service Unavailable"})
}

func (supportBeeEmulator) TooLarge(w http.ResponseWriter) {
	writeJSON(w, http.StatusRequestEntityTooLarge, railsJSON, map[string]string{"error": fmt.Sprintf("request body larger than %d bytes", maxBody)})
}

// redactPath: SupportBee's credential is in the query, never logged.
func (supportBeeEmulator) RedactPath(rest string) string { return rest }

// railsJSON is the content type of SupportBee's (Rails) answers.
const railsJSON = "application/json; charset=utf-8"

// supportBeeCompanyID is the numeric company id prefixed to web hook ids.
const supportBeeCompanyID = 1

// supportBeeStampLayout is the timestamp part of web hook ids.
const supportBeeStampLayout = "20060102150405"

// SupportBeeEvents are the action types SupportBee documents for web
// hooks, in the order its docs name them: what POST /web_hooks/test.json
// accepts here. It is the one list of them: the supportbee dialect
// (pkg/dialect/supportbee, its checks, completion and docs) uses this
// slice, so the client and the emulator cannot disagree. It lives with the
// emulator because the emulator must not import the client.
var SupportBeeEvents = []string{
	"ticket.created",
	"agent.reply.created",
	"customer.reply.created",
	"comment.created",
	"ticket.trashed",
	"ticket.untrashed",
	"ticket.assigned.to.user",
	"ticket.assigned.to.group",
	"ticket.answered",
	"ticket.unanswered",
	"ticket.marked.as.spam",
	"ticket.unmarked.as.spam",
	"ticket.archived",
	"ticket.unarchived",
}

var (
	sbHookPathRe   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^/web_hooks/([^/]+)\.json$`) })
	sbUpdatePathRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^/web_hook/([^/]+)\.json$`) })
)

// supportBeeNotFound is Rails' JSON answer for an unknown route or record.
var supportBeeNotFound = &apiError{status: http.StatusNotFound, msg: "Not Found", body: map[string]any{"status": 404, "error": "Not Found"}}

func (s *Sandbox) serveSupportBee(w http.ResponseWriter, q *Request) {
	m, p := q.Method, q.Rest
	var id string
	route := ""
	switch {
	case p == "/web_hooks.json" && m == http.MethodGet:
		route = "list"
	case p == "/web_hooks.json" && m == http.MethodPost:
		route = "create"
	case p == "/web_hooks/test.json" && m == http.MethodPost:
		route = "test"
	case sbUpdatePathRe().MatchString(p) && (m == http.MethodPut || m == http.MethodPatch):
		route, id = "update", sbUpdatePathRe().FindStringSubmatch(p)[1]
	case sbHookPathRe().MatchString(p) && m == http.MethodDelete && p != "/web_hooks/test.json":
		route, id = "delete", sbHookPathRe().FindStringSubmatch(p)[1]
	}
	if route == "" {
		// Rails routing: no route matches this verb and path (this is
		// what PUT /web_hooks/{id}.json gets).
		s.supportBeeFail(w, supportBeeNotFound)
		return
	}
	if aerr := supportBeeAuth(q); aerr != nil {
		s.supportBeeFail(w, aerr)
		return
	}
	switch route {
	case "list":
		s.supportBeeList(w)
	case "create":
		s.supportBeeCreate(w, q)
	case "update":
		s.supportBeeUpdate(w, q, id)
	case "delete":
		s.supportBeeDelete(w, id)
	case "test":
		s.supportBeeTest(w, q)
	}
}

// supportBeeAuth checks auth_token. SupportBee's older docs answer 401 and
// its current reference 403; the sandbox answers 401 (the status that
// means "bad credentials"), with Devise's messages.
func supportBeeAuth(q *Request) *apiError {
	t, present := q.URL.Query()["auth_token"]
	switch {
	case !present || len(t) == 0 || t[0] == "":
		return &apiError{status: http.StatusUnauthorized, msg: "You need to sign in or sign up before continuing."}
	case t[0] != SupportBeeToken:
		return &apiError{status: http.StatusUnauthorized, msg: "Invalid authentication token."}
	}
	return nil
}

func (s *Sandbox) supportBeeFail(w http.ResponseWriter, err error) {
	ae, ok := err.(*apiError)
	if !ok {
		s.internal(err)
		ae = &apiError{status: http.StatusInternalServerError, msg: internalMessage(err, "We're sorry, but something went wrong.")}
	}
	if ae.body != nil {
		writeJSON(w, ae.status, railsJSON, ae.body)
		return
	}
	writeJSON(w, ae.status, railsJSON, map[string]string{"error": ae.msg})
}

// railsErrors is a Rails validation failure: {"errors":{"field":["msg"]}}.
func railsErrors(errs map[string][]string) *apiError {
	return &apiError{status: http.StatusBadRequest, msg: "validation failed", body: map[string]any{"errors": errs}}
}

// supportBeeDecode parses a JSON body into v, answering like Rails' params
// parser on malformed JSON.
func supportBeeDecode(q *Request, v any) *apiError {
	if len(strings.TrimSpace(string(q.Body))) == 0 {
		return nil
	}
	if err := json.Unmarshal(q.Body, v); err != nil {
		return &apiError{status: http.StatusBadRequest, msg: "There was a problem in the JSON you submitted: " + jsonProblem(err)}
	}
	return nil
}

// jsonProblem describes a JSON decoding error briefly, without Go type names.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("syntax error at offset %d", se.Offset)
	case errors.As(err, &te):
		if te.Field != "" {
			return fmt.Sprintf("wrong type for %q", te.Field)
		}
		return "wrong type of value"
	}
	return "unexpected end of input"
}

// supportBeeURL validates the url parameter of a web hook body.
func supportBeeURL(v any, errs map[string][]string) string {
	s, _ := v.(string)
	switch {
	case v == nil || (isString(v) && strings.TrimSpace(s) == ""):
		errs["url"] = append(errs["url"], "can't be blank")
	case !isString(v) || !isHTTPURL(strings.TrimSpace(s)):
		errs["url"] = append(errs["url"], "is invalid")
	}
	return strings.TrimSpace(s)
}

func isString(v any) bool { _, ok := v.(string); return ok }

// supportBeeWebHookParams reads {"web_hook":{"url":…}} and validates it.
func supportBeeWebHookParams(q *Request) (string, *apiError) {
	var body struct {
		WebHook map[string]any `json:"web_hook"`
	}
	if aerr := supportBeeDecode(q, &body); aerr != nil {
		return "", aerr
	}
	if len(body.WebHook) == 0 {
		return "", &apiError{status: http.StatusBadRequest, msg: "param is missing or the value is empty: web_hook"}
	}
	errs := map[string][]string{}
	u := supportBeeURL(body.WebHook["url"], errs)
	if len(errs) > 0 {
		return "", railsErrors(errs)
	}
	return u, nil
}

func (s *Sandbox) supportBeeList(w http.ResponseWriter) {
	list := []supportBeeHook{}
	if err := viewPart(s, SupportBee, func(st *supportBeeState) error {
		list = append(list, st.Webhooks...)
		return nil
	}); err != nil {
		s.supportBeeFail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, railsJSON, map[string]any{"web_hooks": list})
}

// nextSupportBeeID returns company_timestamp, moving the timestamp forward
// a second past the last one issued when needed so ids never repeat.
func nextSupportBeeID(st *supportBeeState, now time.Time) string {
	t := now.UTC().Truncate(time.Second)
	if last, err := time.Parse(supportBeeStampLayout, st.LastStamp); err == nil && !t.After(last) {
		t = last.Add(time.Second)
	}
	st.LastStamp = t.Format(supportBeeStampLayout)
	return fmt.Sprintf("%d_%s", supportBeeCompanyID, st.LastStamp)
}

func (s *Sandbox) supportBeeCreate(w http.ResponseWriter, q *Request) {
	u, aerr := supportBeeWebHookParams(q)
	if aerr != nil {
		s.supportBeeFail(w, aerr)
		return
	}
	var h supportBeeHook
	if err := updatePart(s, SupportBee, func(st *supportBeeState) error {
		h = supportBeeHook{ID: nextSupportBeeID(st, s.opts.Now()), URL: u}
		st.Webhooks = append(st.Webhooks, h)
		return nil
	}); err != nil {
		s.supportBeeFail(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, railsJSON, map[string]any{"web_hook": h})
}

func (s *Sandbox) supportBeeUpdate(w http.ResponseWriter, q *Request, id string) {
	var h supportBeeHook
	err := updatePart(s, SupportBee, func(st *supportBeeState) error {
		for i := range st.Webhooks {
			if st.Webhooks[i].ID == id {
				u, aerr := supportBeeWebHookParams(q)
				if aerr != nil {
					return aerr
				}
				st.Webhooks[i].URL = u
				h = st.Webhooks[i]
				return nil
			}
		}
		return supportBeeNotFound
	})
	if err != nil {
		s.supportBeeFail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, railsJSON, map[string]any{"web_hook": h})
}

func (s *Sandbox) supportBeeDelete(w http.ResponseWriter, id string) {
	err := updatePart(s, SupportBee, func(st *supportBeeState) error {
		for i := range st.Webhooks {
			if st.Webhooks[i].ID == id {
				st.Webhooks = append(st.Webhooks[:i], st.Webhooks[i+1:]...)
				return nil
			}
		}
		return supportBeeNotFound
	})
	if err != nil {
		s.supportBeeFail(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// supportBeeTest serves POST /web_hooks/test.json: it posts a sample
// payload for action_type to url (loopback URLs only) and reports what the
// URL answered. SupportBee documents 500 for a failed test; the sandbox
// answers 500 when the URL cannot be reached, and when it is not loopback
// (nothing was sent, so nothing can be claimed).
func (s *Sandbox) supportBeeTest(w http.ResponseWriter, q *Request) {
	var body map[string]any
	if aerr := supportBeeDecode(q, &body); aerr != nil {
		s.supportBeeFail(w, aerr)
		return
	}
	errs := map[string][]string{}
	event, _ := body["action_type"].(string)
	known := false
	for _, e := range SupportBeeEvents {
		known = known || e == event
	}
	if !known {
		errs["action_type"] = []string{"is not included in the list"}
	}
	u := supportBeeURL(body["url"], errs)
	if len(errs) > 0 {
		s.supportBeeFail(w, railsErrors(errs))
		return
	}
	result := map[string]any{"action_type": event, "url": u, "delivered": false}
	if !isLoopbackURL(u) {
		s.supportBeeFail(w, &apiError{status: http.StatusInternalServerError, msg: "Could not deliver the test event: " + notDelivered(u)})
		return
	}
	payload, _ := json.Marshal(supportBeePayload(event, s.opts.Now()))
	h := http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}}
	d, err := s.deliver(q.Context(), u, h, payload)
	if err != nil {
		s.supportBeeFail(w, &apiError{status: http.StatusInternalServerError, msg: "Could not deliver the test event: " + callbackFailure(err)})
		return
	}
	result["delivered"] = true
	result["response_code"] = d.Status
	result["response_body"] = d.Body
	writeJSON(w, http.StatusOK, railsJSON, map[string]any{"web_hook_test": result})
}

// supportBeePayload builds a sample delivery for event, shaped like
// SupportBee's: {"payload":{"action_type","company","ticket"[,"reply"|"comment"]}}.
func supportBeePayload(event string, now time.Time) map[string]any {
	ts := now.UTC().Format(time.RFC3339)
	agent := map[string]any{"id": 2, "name": "Sam Agent", "email": "agent@sandbox.example", "agent": true}
	customer := map[string]any{"id": 3, "name": "Jane Customer", "email": "jane@example.com", "agent": false}
	p := map[string]any{
		"action_type": event,
		"company": map[string]any{
			"id": supportBeeCompanyID, "name": "Sandbox", "subdomain": SupportBeeCompany,
			"url": "https://" + SupportBeeCompany + ".supportbee.com",
		},
		"ticket": map[string]any{
			"id": 1001, "subject": "Sandbox test ticket", "created_at": ts, "last_activity_at": ts,
			"replies_count": 0, "comments_count": 0, "unanswered": event != "ticket.answered",
			"archived": event == "ticket.archived", "spam": event == "ticket.marked.as.spam",
			"trash": event == "ticket.trashed", "starred": false,
			"requester": customer, "labels": []any{},
			"content": map[string]any{"text": "Hello, this is a test ticket.", "html": "<p>Hello, this is a test ticket.</p>", "attachments": []any{}},
		},
	}
	switch event {
	case "agent.reply.created", "customer.reply.created":
		replier := agent
		if event == "customer.reply.created" {
			replier = customer
		}
		p["reply"] = map[string]any{
			"id": 2001, "created_at": ts, "replier": replier,
			"content": map[string]any{"text": "Thanks for writing in.", "html": "<p>Thanks for writing in.</p>", "attachments": []any{}},
		}
	case "comment.created":
		p["comment"] = map[string]any{
			"id": 3001, "created_at": ts, "commenter": agent,
			"content": map[string]any{"text": "Internal note.", "html": "<p>Internal note.</p>", "attachments": []any{}},
		}
	}
	return map[string]any{"payload": p}
}
