package github

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Advice printed under GitHub's errors.
const (
	adviceToken     = "GitHub rejected the token: set token: in the profile, or GH_TOKEN (else GITHUB_TOKEN) in the environment, to a token with admin:repo_hook (admin:org_hook for an organization's hooks)"
	adviceScope     = "GitHub answers 404 also where the token may not administer the hooks: check the name, and that the token has admin:repo_hook (admin:org_hook for an organization)"
	adviceForbidden = "the token lacks the right to manage these hooks: it needs admin:repo_hook (admin:org_hook for an organization)"
)

// duplicateMessage is the start of GitHub's 422 for a second hook with the
// same config and overlapping events.
const duplicateMessage = "hook already exists"

// message reads GitHub's error body (kit.API.Message): its message with
// the errors[] it lists.
func message(body []byte) string {
	var j wireError
	if json.Unmarshal(body, &j) != nil {
		return ""
	}
	return validationText(j)
}

// apiError gives a GitHub error answer its kind: 401 and 403 are
// authentication (with advice), 404 not found (perhaps a permission), 422
// "Hook already exists" a conflict, any other 422 a validation failure.
func apiError(resp *httpx.Response, e *webhook.APIError) *webhook.APIError {
	switch resp.Status {
	case http.StatusUnauthorized:
		e.Advice = adviceToken
	case http.StatusForbidden:
		e.Advice = adviceForbidden
	case http.StatusNotFound:
		e.Advice = adviceScope
	case http.StatusUnprocessableEntity:
		e.Kind = webhook.ErrValidation
		var j wireError
		if json.Unmarshal(resp.Body, &j) == nil && isDuplicate(j) {
			e.Kind = webhook.ErrConflict
		}
	}
	return e
}

// validationText is GitHub's message with the errors[] it lists, one line:
// "Validation Failed: config.url: is not a valid URL (invalid)".
func validationText(j wireError) string {
	parts := []string{}
	for _, e := range j.Errors {
		var p string
		switch {
		case e.Message != "":
			p = e.Message
		case e.Field != "" && e.Code != "":
			p = e.Field + " is " + strings.ReplaceAll(e.Code, "_", " ")
		default:
			p = e.Code
		}
		if e.Field != "" && e.Message != "" && !strings.Contains(p, e.Field) {
			p = e.Field + ": " + p
		}
		if len(e.Value) > 0 && string(e.Value) != "null" && e.Message == "" {
			p += " (" + strings.Trim(string(e.Value), `"`) + ")"
		}
		if p != "" {
			parts = append(parts, p)
		}
	}
	switch {
	case len(parts) == 0:
		return j.Message
	case j.Message == "":
		return strings.Join(parts, "; ")
	}
	return j.Message + ": " + strings.Join(parts, "; ")
}

func isDuplicate(j wireError) bool {
	for _, e := range j.Errors {
		if strings.HasPrefix(strings.ToLower(e.Message), duplicateMessage) {
			return true
		}
	}
	return false
}
