package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"time"
)

// desk is a small emulator for the tests of the sandbox's own parts
// (faults, rate limits, the state file, routing): a help desk whose hooks
// are an id and a URL, with its credential in the query, as simple as a
// vendor gets. Vendor emulators have their own tests.
const (
	desk      = "desk"
	deskToken = "desk-token"
)

var _ = register(deskEmulator{})

type deskState struct {
	Webhooks []deskHook `json:"webhooks"`
	Next     int        `json:"next"`
}

type deskHook struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

type deskEmulator struct{}

func (deskEmulator) Name() string                      { return desk }
func (deskEmulator) Prefix() string                    { return "/" + desk }
func (deskEmulator) About() string                     { return "/  a test help desk" }
func (deskEmulator) Credential(r *http.Request) string { return r.URL.Query().Get("auth_token") }
func (deskEmulator) RedactPath(rest string) string     { return rest }

func (deskEmulator) RateLimited(w http.ResponseWriter, _ *http.Request, wait time.Duration) {
	w.Header().Set("Retry-After", retryAfter(wait))
	writeJSON(w, http.StatusTooManyRequests, "application/json; charset=utf-8", map[string]string{"error": "Rate limit exceeded."})
}

func (deskEmulator) Unavailable(w http.ResponseWriter) {
	writeJSON(w, http.StatusServiceUnavailable, "application/json; charset=utf-8", map[string]any{"status": 503, "error": "Service Unavailable"})
}

func (deskEmulator) TooLarge(w http.ResponseWriter) {
	writeJSON(w, http.StatusRequestEntityTooLarge, "application/json; charset=utf-8", map[string]string{"error": "too large"})
}

var deskHookPath = regexp.MustCompile(`^/hooks/([^/]+)\.json$`)

func (deskEmulator) Serve(h *Host, w http.ResponseWriter, q *Request) {
	s := h.s
	answer := func(status int, v any, err error) {
		if err != nil {
			if ae, ok := err.(*apiError); ok {
				status, v = ae.status, map[string]string{"error": ae.msg}
			} else {
				s.internal(err)
				status, v = http.StatusInternalServerError, map[string]string{"error": internalMessage(err, "something went wrong")}
			}
		}
		if v == nil {
			w.WriteHeader(status)
			return
		}
		writeJSON(w, status, "application/json; charset=utf-8", v)
	}
	if q.URL.Query().Get("auth_token") != deskToken {
		answer(0, nil, &apiError{status: http.StatusUnauthorized, msg: "Invalid authentication token."})
		return
	}
	switch m := deskHookPath.FindStringSubmatch(q.Rest); {
	case q.Rest == "/hooks.json" && q.Method == http.MethodGet:
		var list []deskHook
		err := viewPart(s, desk, func(st *deskState) error { list = append([]deskHook{}, st.Webhooks...); return nil })
		answer(http.StatusOK, map[string]any{"hooks": list}, err)
	case q.Rest == "/hooks.json" && q.Method == http.MethodPost:
		var body struct{ Hook deskHook }
		if json.Unmarshal(q.Body, &body) != nil || body.Hook.URL == "" {
			answer(0, nil, &apiError{status: http.StatusBadRequest, msg: "url can't be blank"})
			return
		}
		err := updatePart(s, desk, func(st *deskState) error {
			st.Next++
			body.Hook.ID = fmt.Sprint(st.Next)
			st.Webhooks = append(st.Webhooks, body.Hook)
			return nil
		})
		answer(http.StatusCreated, map[string]any{"hook": body.Hook}, err)
	case m != nil && q.Method == http.MethodDelete:
		err := updatePart(s, desk, func(st *deskState) error {
			for i := range st.Webhooks {
				if st.Webhooks[i].ID == m[1] {
					st.Webhooks = append(st.Webhooks[:i], st.Webhooks[i+1:]...)
					return nil
				}
			}
			return &apiError{status: http.StatusNotFound, msg: "Not Found"}
		})
		answer(http.StatusNoContent, nil, err)
	default:
		answer(0, nil, &apiError{status: http.StatusNotFound, msg: "Not Found"})
	}
}
