// Package trello emulates Trello's REST API v1 for webhooks, as Trello's
// published OpenAPI description and REST reference describe it: webhooks
// of a token under /tokens/{token}/webhooks, one webhook and each of its
// fields under /webhooks/{id}, the token itself, credentials as query
// parameters or an OAuth header, Trello's plain-text errors, and the HEAD
// probe of a callback URL that must answer 200 before a webhook is made.
//
// It is served by the hookctl sandbox under /trello/1 (Emulator), and is an
// independent implementation of Trello's behaviour: it imports no hookctl
// client code.
package trello

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Name is the name of the Trello emulator (and dialect), and the key of
// its part of the sandbox state.
const Name = "trello"

// trelloPrefix is the path the Trello API is served under.
const trelloPrefix = "/trello/1"

// Credentials the Trello emulator accepts. Anything else is rejected the
// way Trello rejects it.
const (
	// Key is the only accepted Trello API key.
	Key = "sandbox-key"
	// Token is the Trello user token. Tokens of the form
	// Token+"-"+anything (e.g. "sandbox-token-2") are also accepted,
	// each as a different Trello user, so webhook ownership can be tried.
	Token = "sandbox-token"
)

// Emulator serves the Trello REST API v1 under /trello/1, as a
// sandbox.Emulator; it keeps nothing itself (its webhooks are in the
// sandbox's state).
type Emulator struct{ sandbox.TextFaults }

var _ sandbox.Emulator = Emulator{}

// Name is "trello".
func (Emulator) Name() string { return Name }

// Prefix is /trello/1.
func (Emulator) Prefix() string { return trelloPrefix }

// About is the line GET / shows.
func (Emulator) About() string { return "/  Trello REST API v1" }

// Serve answers one request to Trello's API.
func (Emulator) Serve(h *sandbox.Host, w http.ResponseWriter, q *sandbox.Request) {
	server{h}.serveTrello(w, q)
}

// server answers the requests of one sandbox.
type server struct{ h *sandbox.Host }

// Credential is the token (else the key): Trello limits per token.
func (Emulator) Credential(r *http.Request) string {
	key, token := trelloHeaderCredentials(r.Header.Get("Authorization"))
	if token == "" {
		token = r.URL.Query().Get("token")
	}
	if token != "" {
		return "token:" + token
	}
	if key == "" {
		key = r.URL.Query().Get("key")
	}
	return "key:" + key
}

// RateLimited answers with a JSON error and no Retry-After, as Trello does.
func (Emulator) RateLimited(w http.ResponseWriter, r *http.Request, _ time.Duration) {
	code := "API_TOKEN_LIMIT_EXCEEDED"
	if _, token := trelloHeaderCredentials(r.Header.Get("Authorization")); token == "" && r.URL.Query().Get("token") == "" {
		code = "API_KEY_LIMIT_EXCEEDED"
	}
	sandbox.WriteJSON(w, http.StatusTooManyRequests, trelloJSON, map[string]string{"error": code, "message": "Rate limit exceeded"})
}

// RedactPath hides the token in Trello's /tokens/{token}/... paths. The
// path is decoded, so a token may itself hold "/": everything between
// /tokens/ and the last known tail (/webhooks) goes, not one segment.
func (Emulator) RedactPath(rest string) string {
	if !strings.HasPrefix(rest, "/tokens/") || rest == "/tokens/" {
		return rest
	}
	tail := ""
	if i := strings.LastIndex(rest, "/webhooks"); i > len("/tokens/") {
		tail = rest[i:]
	}
	return "/tokens/REDACTED" + tail
}

// trelloID returns a Trello-style object id: 24 lower-case hex digits, the
// first 8 a timestamp, as in MongoDB ObjectIds.
func trelloID(now time.Time) string {
	return fmt.Sprintf("%08x", uint32(now.Unix())) + webhook.RandomHex(8)
}

// hex24Re matches a Trello id; it is compiled on first use, not at
// start-up: the sandbox is linked into every hookctl run but serves only a
// few of them.
var hex24Re = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9a-fA-F]{24}$`) })

// trelloJSON is the content type of Trello's JSON answers.
const trelloJSON = "application/json; charset=utf-8"

// trelloState is the Trello part of the state.
type trelloState struct {
	Webhooks []trelloHook `json:"webhooks"`
}

// trelloWebhook is the webhook as Trello shows it, in Trello's key order.
type trelloWebhook struct {
	ID                       string  `json:"id"`
	Description              string  `json:"description"`
	IDModel                  string  `json:"idModel"`
	CallbackURL              string  `json:"callbackURL"`
	Active                   bool    `json:"active"`
	ConsecutiveFailures      int     `json:"consecutiveFailures"`
	FirstConsecutiveFailDate *string `json:"firstConsecutiveFailDate"`
}

// trelloHook is a stored Trello webhook; Owner is a hash of the token that
// created it.
type trelloHook struct {
	trelloWebhook
	Owner string `json:"owner"`
}

func (h trelloHook) public() trelloWebhook { return h.trelloWebhook }

func (t *trelloState) find(id string) int {
	for i, h := range t.Webhooks {
		if h.ID == id {
			return i
		}
	}
	return -1
}

// Trello's messages (text/plain).
const (
	trelloInvalidKey   = "invalid key"
	trelloInvalidToken = "invalid token"
	trelloNoPermission = "unauthorized permission requested"
	trelloNotOwner     = "webhook does not belong to token"
	trelloInvalidID    = "invalid id"
	trelloNotFound     = "The requested resource was not found."
	trelloDuplicate    = "A webhook with that callback, model, and token already exists"
	maxDescription     = 16384
)

// trelloFields are the webhook fields with their own GET/PUT endpoints.
var trelloFields = map[string]bool{"description": true, "idModel": true, "callbackURL": true, "active": true}

// trelloReadOnlyFields can be read (GET /webhooks/{id}/{field}) but not set.
var trelloReadOnlyFields = map[string]bool{"id": true, "consecutiveFailures": true, "firstConsecutiveFailDate": true}

func (s server) serveTrello(w http.ResponseWriter, q *sandbox.Request) {
	segs, ok := q.Segments()
	if !ok {
		trelloNoRoute(w, q)
		return
	}
	m := q.Method
	switch {
	case len(segs) == 1 && segs[0] == "webhooks" && (m == http.MethodPost || m == http.MethodPut):
		s.trelloCreate(w, q)
	case len(segs) == 2 && segs[0] == "webhooks" && m == http.MethodGet:
		s.trelloGet(w, q, segs[1], "")
	case len(segs) == 2 && segs[0] == "webhooks" && m == http.MethodPut:
		s.trelloUpdate(w, q, segs[1], "")
	case len(segs) == 2 && segs[0] == "webhooks" && m == http.MethodDelete:
		s.trelloDelete(w, q, segs[1])
	case len(segs) == 3 && segs[0] == "webhooks" && m == http.MethodGet && (trelloFields[segs[2]] || trelloReadOnlyFields[segs[2]]):
		s.trelloGet(w, q, segs[1], segs[2])
	case len(segs) == 3 && segs[0] == "webhooks" && m == http.MethodPut && trelloFields[segs[2]]:
		s.trelloUpdate(w, q, segs[1], segs[2])
	case len(segs) == 3 && segs[0] == "tokens" && segs[2] == "webhooks" && m == http.MethodGet:
		s.trelloListToken(w, q, segs[1])
	case len(segs) == 2 && segs[0] == "tokens" && m == http.MethodGet:
		s.trelloToken(w, q, segs[1])
	case len(segs) == 4 && segs[0] == "tokens" && segs[2] == "webhooks" && m == http.MethodGet:
		if s.trelloPathToken(w, q, segs[1]) {
			s.trelloGet(w, q, segs[3], "")
		}
	case len(segs) == 4 && segs[0] == "tokens" && segs[2] == "webhooks" && m == http.MethodPut:
		if s.trelloPathToken(w, q, segs[1]) {
			s.trelloUpdate(w, q, segs[3], "")
		}
	case len(segs) == 4 && segs[0] == "tokens" && segs[2] == "webhooks" && m == http.MethodDelete:
		if s.trelloPathToken(w, q, segs[1]) {
			s.trelloDelete(w, q, segs[3])
		}
	case len(segs) == 2 && segs[0] == "boards" && m == http.MethodGet:
		s.trelloBoard(w, q, segs[1])
	case len(segs) == 3 && segs[0] == "tokens" && segs[2] == "webhooks" && m == http.MethodPost:
		// The older documented form of create.
		s.trelloCreate(w, q)
	default:
		trelloNoRoute(w, q)
	}
}

// The sandbox's one board, which GET /boards/{id} finds by its id or its
// short link (the one in its URL, https://trello.com/b/SHORTLINK/NAME).
const (
	BoardID        = "4d5ea62fd76aa1136000000c"
	BoardShortLink = "nC8QJJoZ"
	boardName      = "Sandbox board"
)

// trelloBoard answers GET /boards/{id}: the sandbox's board by its id or
// short link, with the fields asked for (id and shortLink by default here;
// Trello gives more), else Trello's 400 for a malformed id or 404.
func (s server) trelloBoard(w http.ResponseWriter, q *sandbox.Request, id string) {
	if _, _, ok := trelloBegin(w, q); !ok {
		return
	}
	switch {
	case id != BoardID && id != BoardShortLink && !(len(id) == 8 || len(id) == 24):
		sandbox.WriteText(w, http.StatusBadRequest, "invalid id")
	case id != BoardID && id != BoardShortLink:
		sandbox.WriteText(w, http.StatusNotFound, "The requested resource was not found.")
	default:
		all := map[string]any{"id": BoardID, "shortLink": BoardShortLink, "name": boardName,
			"url": "https://trello.com/b/" + BoardShortLink + "/sandbox-board", "closed": false}
		out := map[string]any{"id": BoardID}
		for _, f := range strings.Split(q.URL.Query().Get("fields"), ",") {
			if v, ok := all[f]; ok {
				out[f] = v
			}
		}
		sandbox.WriteJSON(w, http.StatusOK, trelloJSON, out)
	}
}

// trelloNoRoute answers like Trello's router for an unknown route.
func trelloNoRoute(w http.ResponseWriter, q *sandbox.Request) {
	sandbox.WriteText(w, http.StatusNotFound, fmt.Sprintf("Cannot %s /1%s", q.Method, Emulator{}.RedactPath(q.Rest)))
}

// trelloParams merges the query string with a JSON or form body (the body
// wins), the way Trello accepts arguments.
func trelloParams(q *sandbox.Request) (url.Values, *sandbox.APIError) {
	v, err := q.Params()
	if err != nil {
		return nil, trelloBad("invalid json")
	}
	return v, nil
}

// trelloHeaderCredentials reads key and token from an
// `OAuth oauth_consumer_key="KEY", oauth_token="TOKEN"` header.
func trelloHeaderCredentials(h string) (key, token string) {
	scheme, rest, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "OAuth") {
		return "", ""
	}
	for _, part := range strings.Split(rest, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		val = strings.Trim(strings.TrimSpace(val), `"`)
		if u, err := url.PathUnescape(val); err == nil {
			val = u
		}
		switch strings.TrimSpace(k) {
		case "oauth_consumer_key":
			key = val
		case "oauth_token":
			token = val
		}
	}
	return key, token
}

// trelloCredentials reads key and token: from the Authorization header
// first, then from the parameters, as Trello accepts both.
func trelloCredentials(q *sandbox.Request, p url.Values) (key, token string) {
	key, token = trelloHeaderCredentials(q.Header.Get("Authorization"))
	if key == "" {
		key = p.Get("key")
	}
	if token == "" {
		token = p.Get("token")
	}
	return key, token
}

// trelloAuth checks key and token (header first, then parameters) and
// returns the token.
func trelloAuth(q *sandbox.Request, p url.Values) (string, *sandbox.APIError) {
	key, token := trelloCredentials(q, p)
	switch {
	case key != Key:
		return "", &sandbox.APIError{Status: http.StatusUnauthorized, Message: trelloInvalidKey}
	case token == "":
		return "", &sandbox.APIError{Status: http.StatusUnauthorized, Message: trelloNoPermission}
	case !sandbox.IsToken(token, Token):
		return "", &sandbox.APIError{Status: http.StatusUnauthorized, Message: trelloInvalidToken}
	}
	return token, nil
}

// trelloBegin parses parameters and authenticates; it answers and returns
// false on failure.
func trelloBegin(w http.ResponseWriter, q *sandbox.Request) (url.Values, string, bool) {
	p, aerr := trelloParams(q)
	if aerr == nil {
		var token string
		if token, aerr = trelloAuth(q, p); aerr == nil {
			return p, token, true
		}
	}
	aerr.WriteText(w)
	return nil, "", false
}

func trelloFail(w http.ResponseWriter, s server, err error) {
	sandbox.Reply(s.h, w, err, sandbox.APIError{Status: http.StatusInternalServerError, Message: "Internal Server Error"}, nil)
}

func trelloBad(msg string) *sandbox.APIError {
	return &sandbox.APIError{Status: http.StatusBadRequest, Message: msg}
}

// trelloChange is a validated set of new field values.
type trelloChange struct {
	description, callbackURL, idModel *string
	active                            *bool
}

// trelloValidate checks the named fields present in p; param maps a field
// to the parameter carrying it (the field itself, or "value").
func trelloValidate(p url.Values, fields []string, param func(string) string) (trelloChange, *sandbox.APIError) {
	var c trelloChange
	for _, f := range fields {
		name := param(f)
		if !p.Has(name) {
			continue
		}
		v := p.Get(name)
		switch f {
		case "description":
			if utf8.RuneCountInString(v) > maxDescription {
				return c, trelloBad("invalid value for " + name)
			}
			c.description = &v
		case "callbackURL":
			if !sandbox.IsHTTPURL(v) {
				return c, trelloBad("invalid value for " + name)
			}
			c.callbackURL = &v
		case "idModel":
			if !hex24Re().MatchString(v) {
				return c, trelloBad("invalid value for " + name)
			}
			v = strings.ToLower(v)
			c.idModel = &v
		case "active":
			b, ok := map[string]bool{"true": true, "false": false}[v]
			if !ok {
				return c, trelloBad("invalid value for " + name)
			}
			c.active = &b
		}
	}
	return c, nil
}

// trelloCheckCallback HEADs a loopback callback URL and requires 200, as
// Trello does. Other hosts are accepted unprobed: the sandbox never reaches
// the network.
func (s server) trelloCheckCallback(q *sandbox.Request, raw string) *sandbox.APIError {
	if !sandbox.IsLoopbackURL(raw) {
		return nil
	}
	status, err := s.h.Probe(q.Context(), raw)
	got := strconv.Itoa(status)
	if err != nil {
		got = sandbox.CallbackFailure(err)
	}
	if err != nil || status != http.StatusOK {
		return trelloBad(fmt.Sprintf("URL (%s) did not return 200 status code, got %s", raw, got))
	}
	return nil
}

func (s server) trelloCreate(w http.ResponseWriter, q *sandbox.Request) {
	p, token, ok := trelloBegin(w, q)
	if !ok {
		return
	}
	same := func(f string) string { return f }
	c, aerr := trelloValidate(p, []string{"description", "callbackURL", "idModel", "active"}, same)
	switch {
	case aerr != nil:
	case c.callbackURL == nil:
		aerr = trelloBad("invalid value for callbackURL")
	case c.idModel == nil:
		aerr = trelloBad("invalid value for idModel")
	default:
		aerr = s.trelloCheckCallback(q, *c.callbackURL)
	}
	if aerr != nil {
		aerr.WriteText(w)
		return
	}
	h := trelloHook{trelloWebhook{ID: trelloID(s.h.Now()), IDModel: *c.idModel, CallbackURL: *c.callbackURL, Active: true}, sandbox.OwnerOf(token)}
	if c.description != nil {
		h.Description = *c.description
	}
	if c.active != nil {
		h.Active = *c.active
	}
	err := sandbox.UpdatePart(s.h, func(st *trelloState) error {
		for _, o := range st.Webhooks {
			if o.Owner == h.Owner && o.CallbackURL == h.CallbackURL && o.IDModel == h.IDModel {
				return trelloBad(trelloDuplicate)
			}
		}
		st.Webhooks = append(st.Webhooks, h)
		return nil
	})
	if err != nil {
		trelloFail(w, s, err)
		return
	}
	sandbox.WriteJSON(w, http.StatusOK, trelloJSON, h.public())
}

// trelloLookup finds a webhook the token owns, or says why not.
func trelloLookup(st *trelloState, id, token string) (int, *sandbox.APIError) {
	if !hex24Re().MatchString(id) {
		return -1, trelloBad(trelloInvalidID)
	}
	i := st.find(strings.ToLower(id))
	if i < 0 {
		return -1, &sandbox.APIError{Status: http.StatusNotFound, Message: trelloNotFound}
	}
	if st.Webhooks[i].Owner != sandbox.OwnerOf(token) {
		return -1, &sandbox.APIError{Status: http.StatusUnauthorized, Message: trelloNotOwner}
	}
	return i, nil
}

// trelloFind returns a copy of webhook id, which token must own.
func (s server) trelloFind(id, token string) (trelloHook, error) {
	var h trelloHook
	err := sandbox.ViewPart(s.h, func(st *trelloState) error {
		i, aerr := trelloLookup(st, id, token)
		if aerr != nil {
			return aerr
		}
		h = st.Webhooks[i]
		return nil
	})
	return h, err
}

func (s server) trelloGet(w http.ResponseWriter, q *sandbox.Request, id, field string) {
	_, token, ok := trelloBegin(w, q)
	if !ok {
		return
	}
	h, err := s.trelloFind(id, token)
	if err != nil {
		trelloFail(w, s, err)
		return
	}
	if field == "" {
		sandbox.WriteJSON(w, http.StatusOK, trelloJSON, h.public())
		return
	}
	var fields map[string]any // the field as the webhook shows it
	b, _ := json.Marshal(h.public())
	_ = json.Unmarshal(b, &fields)
	sandbox.WriteJSON(w, http.StatusOK, trelloJSON, map[string]any{"_value": fields[field]})
}

// trelloUpdate serves PUT /webhooks/{id} (field == "") and
// PUT /webhooks/{id}/{field} (the new value in `value`).
func (s server) trelloUpdate(w http.ResponseWriter, q *sandbox.Request, id, field string) {
	p, token, ok := trelloBegin(w, q)
	if !ok {
		return
	}
	fields := []string{"description", "callbackURL", "idModel", "active"}
	param := func(f string) string { return f }
	if field != "" {
		fields = []string{field}
		param = func(string) string { return "value" }
		if !p.Has("value") {
			sandbox.WriteText(w, http.StatusBadRequest, "invalid value for value")
			return
		}
	}
	// Check the id and ownership first, then the values, as Trello does.
	cur, err := s.trelloFind(id, token)
	if err != nil {
		trelloFail(w, s, err)
		return
	}
	c, aerr := trelloValidate(p, fields, param)
	if aerr == nil && c.callbackURL != nil && *c.callbackURL != cur.CallbackURL {
		aerr = s.trelloCheckCallback(q, *c.callbackURL)
	}
	if aerr != nil {
		aerr.WriteText(w)
		return
	}
	var h trelloHook
	err = sandbox.UpdatePart(s.h, func(st *trelloState) error {
		i, aerr := trelloLookup(st, id, token)
		if aerr != nil {
			return aerr
		}
		h = st.Webhooks[i]
		if c.description != nil {
			h.Description = *c.description
		}
		if c.callbackURL != nil {
			h.CallbackURL = *c.callbackURL
		}
		if c.idModel != nil {
			h.IDModel = *c.idModel
		}
		if c.active != nil {
			h.Active = *c.active
		}
		for j, o := range st.Webhooks {
			if j != i && o.Owner == h.Owner && o.CallbackURL == h.CallbackURL && o.IDModel == h.IDModel {
				return trelloBad(trelloDuplicate)
			}
		}
		st.Webhooks[i] = h
		return nil
	})
	if err != nil {
		trelloFail(w, s, err)
		return
	}
	sandbox.WriteJSON(w, http.StatusOK, trelloJSON, h.public())
}

func (s server) trelloDelete(w http.ResponseWriter, q *sandbox.Request, id string) {
	_, token, ok := trelloBegin(w, q)
	if !ok {
		return
	}
	err := sandbox.UpdatePart(s.h, func(st *trelloState) error {
		i, aerr := trelloLookup(st, id, token)
		if aerr != nil {
			return aerr
		}
		st.Webhooks = append(st.Webhooks[:i], st.Webhooks[i+1:]...)
		return nil
	})
	if err != nil {
		trelloFail(w, s, err)
		return
	}
	sandbox.WriteJSON(w, http.StatusOK, trelloJSON, map[string]any{"_value": nil})
}

// trelloListToken serves GET /tokens/{token}/webhooks: the webhooks of the
// token in the path, which must be valid and, when the request also carries
// a token, the same one.
func (s server) trelloListToken(w http.ResponseWriter, q *sandbox.Request, pathToken string) {
	if !trelloCheckToken(w, q, pathToken) {
		return
	}
	list, err := s.trelloOwned(sandbox.OwnerOf(pathToken))
	if err != nil {
		trelloFail(w, s, err)
		return
	}
	sandbox.WriteJSON(w, http.StatusOK, trelloJSON, list)
}

// trelloOwned returns the webhooks of owner, as Trello shows them.
func (s server) trelloOwned(owner string) ([]trelloWebhook, error) {
	list := []trelloWebhook{}
	err := sandbox.ViewPart(s.h, func(st *trelloState) error {
		for _, h := range st.Webhooks {
			if h.Owner == owner {
				list = append(list, h.public())
			}
		}
		return nil
	})
	return list, err
}

// trelloCheckToken checks the key and the token named in a /tokens/{token}
// path, as GET /tokens/{token}/webhooks does: a valid key, a valid path
// token and, when the request carries a token too, the same one. It answers
// and returns false on failure.
func trelloCheckToken(w http.ResponseWriter, q *sandbox.Request, pathToken string) bool {
	p, aerr := trelloParams(q)
	if aerr != nil {
		aerr.WriteText(w)
		return false
	}
	key, token := trelloCredentials(q, p)
	switch {
	case key != Key:
		sandbox.WriteText(w, http.StatusUnauthorized, trelloInvalidKey)
		return false
	case !sandbox.IsToken(pathToken, Token) || (token != "" && !sandbox.IsToken(token, Token)):
		sandbox.WriteText(w, http.StatusUnauthorized, trelloInvalidToken)
		return false
	case token != "" && token != pathToken:
		sandbox.WriteText(w, http.StatusUnauthorized, trelloNoPermission)
		return false
	}
	return true
}

// trelloPathToken makes the token of a /tokens/{token}/webhooks/{id} path
// the request's token (Trello reads it from the path there), after
// checking it.
func (s server) trelloPathToken(w http.ResponseWriter, q *sandbox.Request, pathToken string) bool {
	if !trelloCheckToken(w, q, pathToken) {
		return false
	}
	if _, token := trelloCredentials(q, q.URL.Query()); token == "" {
		v := q.URL.Query()
		v.Set("token", pathToken)
		q.URL.RawQuery = v.Encode()
	}
	return true
}

// trelloTokenFields are the fields GET /tokens/{token} can show.
var trelloTokenFields = []string{"identifier", "idMember", "dateCreated", "dateExpires", "permissions"}

// trelloToken serves GET /tokens/{token}: the token's id, its app, its
// member and its permissions (read and write on every board and
// organization), and with webhooks=true its webhooks.
func (s server) trelloToken(w http.ResponseWriter, q *sandbox.Request, pathToken string) {
	if !trelloCheckToken(w, q, pathToken) {
		return
	}
	owner := sandbox.OwnerOf(pathToken)
	all := map[string]any{
		"identifier":  "hookctl sandbox",
		"idMember":    owner[8:32],
		"dateCreated": "2024-01-15T10:00:00.000Z",
		"dateExpires": nil,
		"permissions": []map[string]any{
			{"idModel": "*", "modelType": "board", "read": true, "write": true},
			{"idModel": "*", "modelType": "organization", "read": true, "write": true},
		},
	}
	out := map[string]any{"id": owner[:24]}
	fields := q.URL.Query().Get("fields")
	for _, f := range trelloTokenFields {
		if fields == "" || fields == "all" || slices.Contains(strings.Split(fields, ","), f) {
			out[f] = all[f]
		}
	}
	if wh := q.URL.Query().Get("webhooks"); wh != "" {
		include, err := strconv.ParseBool(wh)
		if err != nil {
			sandbox.WriteText(w, http.StatusBadRequest, "invalid value for webhooks")
			return
		}
		if include {
			list, err := s.trelloOwned(owner)
			if err != nil {
				trelloFail(w, s, err)
				return
			}
			out["webhooks"] = list
		}
	}
	sandbox.WriteJSON(w, http.StatusOK, trelloJSON, out)
}
