package entrust

import (
	"encoding/json"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// apiError reads Entrust's error answer {"errorCode":…,"errorMessage":…} as
// one line "errorMessage (errorCode)", with the status's kind (400 stays a
// plain failure with the reason). Other bodies (an HTML page from a proxy)
// are quoted briefly.
func apiError(resp *httpx.Response) *webhook.APIError {
	return webhook.NewAPIError(resp.Status, resp.ErrorText(entrustMessage))
}

// entrustMessage reads Entrust's error body, or "" if body is not one.
func entrustMessage(body []byte) string {
	var j struct {
		ErrorCode    string `json:"errorCode"`
		ErrorMessage string `json:"errorMessage"`
		// Spring's default error body, seen in front of some APIs.
		Error   string `json:"error"`
		Message string `json:"message"`
	}
	if json.Unmarshal(body, &j) != nil {
		return ""
	}
	switch {
	case j.ErrorMessage != "" && j.ErrorCode != "":
		return j.ErrorMessage + " (" + j.ErrorCode + ")"
	case j.ErrorMessage != "":
		return j.ErrorMessage
	case j.ErrorCode != "":
		return j.ErrorCode
	case j.Message != "":
		return j.Message
	}
	return j.Error
}

// redact scrubs credentials from an API error's message (a backend may echo
// what it was sent).
func (b *Backend) redact(e *webhook.APIError) error {
	e.Message = b.cfg.Client.Redactor().String(e.Message)
	return e
}
