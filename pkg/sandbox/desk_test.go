package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"time"
)

// The desk is a small emulator for the tests of the sandbox's own parts
// (faults, rate limits, the state file, routing): a help desk whose hooks
// are an id and a URL, with its credential in the query, as simple as a
// vendor gets. The vendors' emulators have tests of their own.
const (
	Desk      = "desk"
	DeskToken = "desk-token"
)

// DeskEmulator serves the desk under /desk.
var DeskEmulator Emulator = deskEmulator{}

type deskState struct {
	Webhooks []deskHook `json:"webhooks"`
	Next     int        `json:"next"`
}

type deskHook struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

type deskEmulator struct{}

// deskError is an answer {"error": msg} with status.
type deskError struct {
	status int
	msg    string
}

func (e *deskError) Error() string { return e.msg }

const deskJSON = "application/json; charset=utf-8"

func (deskEmulator) Name() string                      { return Desk }
func (deskEmulator) Prefix() string                    { return "/" + Desk }
func (deskEmulator) About() string                     { return "/  a test help desk" }
func (deskEmulator) Credential(r *http.Request) string { return r.URL.Query().Get("auth_token") }
func (deskEmulator) RedactPath(rest string) string     { return rest }

func (deskEmulator) RateLimited(w http.ResponseWriter, _ *http.Request, wait time.Duration) {
	w.Header().Set("Retry-After", RetryAfter(wait))
	WriteJSON(w, http.StatusTooManyRequests, deskJSON, map[string]string{"error": "Rate limit exceeded."})
}

func (deskEmulator) Unavailable(w http.ResponseWriter) {
	WriteJSON(w, http.StatusServiceUnavailable, deskJSON, map[string]any{"status": 503, "error": "Service Unavailable"})
}

func (deskEmulator) TooLarge(w http.ResponseWriter) {
	WriteJSON(w, http.StatusRequestEntityTooLarge, deskJSON, map[string]string{"error": "too large"})
}

var deskHookPath = regexp.MustCompile(`^/hooks/([^/]+)\.json$`)

func (deskEmulator) Serve(h *Host, w http.ResponseWriter, q *Request) {
	answer := func(status int, v any, err error) {
		if err != nil {
			if de, ok := err.(*deskError); ok {
				status, v = de.status, map[string]string{"error": de.msg}
			} else {
				h.s.internal(err)
				status, v = http.StatusInternalServerError, map[string]string{"error": InternalMessage(err, "something went wrong")}
			}
		}
		if v == nil {
			w.WriteHeader(status)
			return
		}
		WriteJSON(w, status, deskJSON, v)
	}
	if q.URL.Query().Get("auth_token") != DeskToken {
		answer(0, nil, &deskError{http.StatusUnauthorized, "Invalid authentication token."})
		return
	}
	switch m := deskHookPath.FindStringSubmatch(q.Rest); {
	case q.Rest == "/hooks.json" && q.Method == http.MethodGet:
		list := []deskHook{}
		err := ViewPart(h, func(st *deskState) error { list = append(list, st.Webhooks...); return nil })
		answer(http.StatusOK, map[string]any{"hooks": list}, err)
	case q.Rest == "/hooks.json" && q.Method == http.MethodPost:
		var body struct{ Hook deskHook }
		if json.Unmarshal(q.Body, &body) != nil || body.Hook.URL == "" {
			answer(0, nil, &deskError{http.StatusBadRequest, "url can't be blank"})
			return
		}
		err := UpdatePart(h, func(st *deskState) error {
			st.Next++
			body.Hook.ID = fmt.Sprint(st.Next)
			st.Webhooks = append(st.Webhooks, body.Hook)
			return nil
		})
		answer(http.StatusCreated, map[string]any{"hook": body.Hook}, err)
	case m != nil && q.Method == http.MethodDelete:
		err := UpdatePart(h, func(st *deskState) error {
			for i := range st.Webhooks {
				if st.Webhooks[i].ID == m[1] {
					st.Webhooks = append(st.Webhooks[:i], st.Webhooks[i+1:]...)
					return nil
				}
			}
			return &deskError{http.StatusNotFound, "Not Found"}
		})
		answer(http.StatusNoContent, nil, err)
	default:
		answer(0, nil, &deskError{http.StatusNotFound, "Not Found"})
	}
}
