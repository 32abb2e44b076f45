package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// plainText is the content type of plain-text answers.
const plainText = "text/plain; charset=utf-8"

// WriteJSON answers status with v as JSON, under the vendor's content type
// (vendors differ: "application/json", with or without a charset). A value
// that does not encode is answered 500 in plain text.
func WriteJSON(w http.ResponseWriter, status int, contentType string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		WriteText(w, http.StatusInternalServerError, "cannot encode response")
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// WriteText answers status with msg as plain UTF-8 text.
func WriteText(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", plainText)
	w.WriteHeader(status)
	_, _ = w.Write([]byte(msg))
}

// InternalMessage is what a failure of the sandbox itself says in place of
// the vendor's generic one: a state file problem is the user's to fix (a
// full disk, a corrupt file), so it says what and where; anything else
// stays the vendor's words (generic).
func InternalMessage(err error, generic string) string {
	var se *StateError
	if errors.As(err, &se) {
		return se.Error()
	}
	return generic
}

// JSONProblem describes a JSON decoding error briefly, without Go type
// names, for a vendor's "bad request body" answer.
func JSONProblem(err error) string {
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
