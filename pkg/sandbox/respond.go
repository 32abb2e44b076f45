package sandbox

import (
	"encoding/json"
	"net/http"
)

// Content types as each vendor sends them.
const (
	trelloJSON  = "application/json; charset=utf-8"
	railsJSON   = "application/json; charset=utf-8"
	entrustJSON = "application/json"
	githubJSON  = "application/json; charset=utf-8"
	plainText   = "text/plain; charset=utf-8"
)

// apiError is a vendor-level error answer: a status, a message and, for
// Entrust, an errorCode; body, when set, is the exact JSON to send
// (SupportBee's Rails error shapes).
type apiError struct {
	status int
	code   string
	msg    string
	body   any
}

func (e *apiError) Error() string { return e.msg }

func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeText(w, http.StatusInternalServerError, "cannot encode response")
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeText(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", plainText)
	w.WriteHeader(status)
	_, _ = w.Write([]byte(msg))
}

func writeEntrustError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, entrustJSON, map[string]string{"errorCode": code, "errorMessage": msg})
}
